package io.vigie.collector.ssh;

import java.time.Duration;

/**
 * After failed connections to a target: how many in a row, when to try again (5 s after the first,
 * doubling up to 5 min) and the last reason, which the polls in between fail with at once. Times
 * are in the nanoseconds of the ticker {@link SshSessions} is given, so the schedule is tested
 * without waiting.
 */
record Backoff(int failures, long nextAttemptNanos, SshFailure reason) {
  static final long FIRST = Duration.ofSeconds(5).toNanos();
  static final long MAX = Duration.ofMinutes(5).toNanos();

  /** The backoff after a first failure at {@code now}. */
  static Backoff first(SshFailure reason, long now) {
    return new Backoff(0, 0, reason).next(reason, now);
  }

  /** The backoff after one more failure at {@code now}. */
  Backoff next(SshFailure newReason, long now) {
    // The shift is bounded so that it cannot overflow before the cap applies.
    long delay = Math.min(MAX, FIRST << Math.min(failures, 10));
    return new Backoff(failures + 1, now + delay, newReason);
  }

  /** Whether a connection may not be tried yet at {@code now}. */
  boolean waiting(long now) {
    return now < nextAttemptNanos;
  }

  /**
   * The failure a poll at {@code now} gets instead of a connection: the last reason and the wait.
   */
  SshFailure failure(long now) {
    long seconds = Math.max(1, (nextAttemptNanos - now) / 1_000_000_000L);
    return new SshFailure(
        reason.failureKind(), reason.getMessage() + " (next attempt in " + seconds + " s)");
  }
}
