package io.vigie.alerting.status;

import io.vigie.model.cause.Cause;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A change of a target's status, written to InfluxDB as a {@code status} point.
 *
 * @param cause the cause in English words, for the NOC (the point's {@code cause_noc})
 * @param typedCause the cause as typed fields, said in the client's language in the point's {@code
 *     cause}; null when RUN, or for a transition stored before it had one
 */
public record Transition(
    String target,
    String client,
    String kind,
    Instant time,
    Status from,
    Status to,
    String check,
    String cause,
    boolean suppressed,
    boolean flapping,
    @Nullable Cause typedCause) {

  /** A transition without a typed cause. */
  public Transition(
      String target,
      String client,
      String kind,
      Instant time,
      Status from,
      Status to,
      String check,
      String cause,
      boolean suppressed,
      boolean flapping) {
    this(target, client, kind, time, from, to, check, cause, suppressed, flapping, null);
  }
}
