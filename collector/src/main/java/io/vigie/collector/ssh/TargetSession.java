package io.vigie.collector.ssh;

import java.util.Map;
import org.apache.sshd.client.session.ClientSession;
import org.jspecify.annotations.Nullable;

/**
 * Everything {@link SshSessions} keeps for one target: its kept-open session, how long opening it
 * took (until a poll takes the timings), and its backoff after failed connections. It outlives its
 * session: a broken or closed session is dropped, but the backoff stays, so a target that leaves
 * and comes back, or loses its session, is not hammered. Its methods are synchronized on it: the
 * scheduler never polls one target twice at once, but MINA's threads and the timeout timer complete
 * its connections.
 */
final class TargetSession {
  // Named for debuggers and heap dumps; the map in SshSessions is keyed by it.
  private final String target;
  private @Nullable ClientSession session;
  private @Nullable Map<String, Double> timings;
  private @Nullable Backoff backoff;

  TargetSession(String target) {
    this.target = target;
  }

  /** The kept session if it is still open and logged in, or null. */
  synchronized @Nullable ClientSession usable() {
    return session != null && session.isOpen() && session.isAuthenticated() ? session : null;
  }

  /** The failure a poll at {@code now} gets at once while the target is left alone, or null. */
  synchronized @Nullable SshFailure waiting(long now) {
    return backoff != null && backoff.waiting(now) ? backoff.failure(now) : null;
  }

  /** A session was opened and logged in: it is kept, and the target's failures are forgotten. */
  synchronized void opened(ClientSession opened) {
    session = opened;
    backoff = null;
  }

  /** A connection failed at {@code now}: the target is left alone for longer. */
  synchronized void failed(SshFailure reason, long now) {
    backoff = backoff == null ? Backoff.first(reason, now) : backoff.next(reason, now);
  }

  /** Records how long connecting and logging in took, for the next poll to report. */
  synchronized void timed(Map<String, Double> opening) {
    timings = opening;
  }

  /** How long opening the session took, if one was opened since the last call. */
  synchronized Map<String, Double> takeTimings() {
    Map<String, Double> taken = timings;
    timings = null;
    return taken == null ? Map.of() : taken;
  }

  @Override
  public String toString() {
    return "TargetSession[" + target + "]";
  }

  /** Closes the kept session, if any; the next poll opens a new one. */
  void close() {
    ClientSession closing;
    synchronized (this) {
      closing = session;
      session = null;
    }
    if (closing != null) {
      closing.close(true);
    }
  }
}
