package io.vigie.alerting.status;

import java.time.Instant;

/**
 * One check of a target: a threshold rule on one series, a Nagios plugin, an interface, or the
 * target's reachability.
 *
 * @param since when the check entered its status
 * @param warningSince when the value first went beyond the warning level, without coming back
 *     since: the start of a pending {@code for} timer; null when not beyond
 * @param errorSince the same for the error level
 * @param seenUp for an interface: it has been up once (a port never used is not an error)
 * @param value the latest value, for display; not part of the durable state
 */
public record CheckState(
    String name,
    Status status,
    String message,
    Instant since,
    Instant warningSince,
    Instant errorSince,
    boolean seenUp,
    Double value,
    Double threshold) {

  static CheckState fresh(String name, Instant now) {
    return new CheckState(name, Status.RUN, "", now, null, null, false, null, null);
  }

  /** What must survive a restart: everything but the value shown. */
  CheckState durable() {
    return new CheckState(
        name, status, message, since, warningSince, errorSince, seenUp, null, threshold);
  }
}
