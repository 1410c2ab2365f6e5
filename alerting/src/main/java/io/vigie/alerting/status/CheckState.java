package io.vigie.alerting.status;

import io.vigie.model.cause.Cause;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

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
 * @param typedCause the message as typed fields, for people (null when RUN, or stored before it
 *     existed)
 * @param lastRun for a probe's check ({@code probe:NAME}): the time of its newest run seen, so that
 *     a run read twice (reads overlap) counts once; null for other checks
 */
public record CheckState(
    String name,
    Status status,
    String message,
    Instant since,
    @Nullable Instant warningSince,
    @Nullable Instant errorSince,
    boolean seenUp,
    @Nullable Double value,
    @Nullable Double threshold,
    @Nullable Cause typedCause,
    @Nullable Instant lastRun) {

  /** A check that is not a probe's. */
  public CheckState(
      String name,
      Status status,
      String message,
      Instant since,
      @Nullable Instant warningSince,
      @Nullable Instant errorSince,
      boolean seenUp,
      @Nullable Double value,
      @Nullable Double threshold,
      @Nullable Cause typedCause) {
    this(
        name,
        status,
        message,
        since,
        warningSince,
        errorSince,
        seenUp,
        value,
        threshold,
        typedCause,
        null);
  }

  /** A check without a typed cause (stored before it had one, or RUN). */
  public CheckState(
      String name,
      Status status,
      String message,
      Instant since,
      @Nullable Instant warningSince,
      @Nullable Instant errorSince,
      boolean seenUp,
      @Nullable Double value,
      @Nullable Double threshold) {
    this(name, status, message, since, warningSince, errorSince, seenUp, value, threshold, null);
  }

  static CheckState fresh(String name, Instant now) {
    return new CheckState(name, Status.RUN, "", now, null, null, false, null, null);
  }

  /** What must survive a restart: everything but the value shown. */
  CheckState durable() {
    return new CheckState(
        name,
        status,
        message,
        since,
        warningSince,
        errorSince,
        seenUp,
        null,
        threshold,
        typedCause,
        lastRun);
  }
}
