package io.vigie.alerting.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Slows password guessing on the console's login form: after {@value #FREE_FAILURES} failed logins
 * of one name, that name is locked for a minute, then twice as long after each further failure, up
 * to a quarter of an hour; a success, or an hour without failure, starts afresh. Counted by name
 * (known or not), so that guessing one user's password from many addresses is slowed as much, and a
 * lock never tells whether a name exists. A locked name is refused without its password being
 * checked.
 */
final class LoginThrottle {
  static final int FREE_FAILURES = 5;
  static final Duration FIRST_LOCK = Duration.ofMinutes(1);
  static final Duration LONGEST_LOCK = Duration.ofMinutes(15);
  static final Duration FORGET_AFTER = Duration.ofHours(1);

  /**
   * Beyond this many names, the forgotten ones are dropped: guesses of random names stay bounded.
   */
  static final int MAX_NAMES = 10_000;

  private record Failures(int count, Instant last, Instant lockedUntil) {}

  private final Map<String, Failures> byName = new ConcurrentHashMap<>();
  private final Clock clock;

  LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** Until when this name is refused; null when it may try now. */
  @Nullable Instant lockedUntil(@Nullable String name) {
    Failures failures = byName.get(key(name));
    Instant now = clock.instant();
    return failures != null && failures.lockedUntil().isAfter(now) ? failures.lockedUntil() : null;
  }

  /** One more failed login of this name. */
  void failed(@Nullable String name) {
    Instant now = clock.instant();
    if (byName.size() >= MAX_NAMES) {
      byName.values().removeIf(f -> forgotten(f, now));
    }
    byName.compute(
        key(name),
        (k, before) -> {
          int count = before == null || forgotten(before, now) ? 1 : before.count() + 1;
          Instant until = now;
          if (count >= FREE_FAILURES) {
            int doublings = Math.min(count - FREE_FAILURES, 10);
            Duration lock = FIRST_LOCK.multipliedBy(1L << doublings);
            until = now.plus(lock.compareTo(LONGEST_LOCK) > 0 ? LONGEST_LOCK : lock);
          }
          return new Failures(count, now, until);
        });
  }

  /** A successful login of this name: its failures are forgotten. */
  void succeeded(@Nullable String name) {
    byName.remove(key(name));
  }

  private static boolean forgotten(Failures f, Instant now) {
    return !f.lockedUntil().isAfter(now) && f.last().plus(FORGET_AFTER).isBefore(now);
  }

  private static String key(@Nullable String name) {
    String n = name == null ? "" : name;
    return n.length() > 200 ? n.substring(0, 200) : n;
  }
}
