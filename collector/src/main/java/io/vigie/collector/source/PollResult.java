package io.vigie.collector.source;

import io.vigie.model.poll.FailureKind;
import java.util.List;

/**
 * What one poll produced.
 *
 * @param reached whether the target answered at all: the {@code up} of the poll point
 * @param failureKind what stopped the poll short, {@link FailureKind#NONE} when it is complete: the
 *     alerting service decides by it
 * @param failure why the poll stopped short, in words for people, or empty: a partial result keeps
 *     its samples
 * @param warnings what the target could not give without failing the poll (a missing OID...)
 * @param values values read from the target and used (SNMP: variable bindings); 0 when unknown
 * @param timings extra durations in ms for the poll point, such as {@code connect_ms}
 */
public record PollResult(
    List<Sample> samples,
    boolean reached,
    FailureKind failureKind,
    String failure,
    String warnings,
    long values,
    java.util.Map<String, Double> timings) {
  public PollResult {
    samples = List.copyOf(samples);
    timings = timings == null ? java.util.Map.of() : java.util.Map.copyOf(timings);
    failure = failure == null ? "" : failure;
    warnings = warnings == null ? "" : warnings;
    if (failureKind == null) {
      throw new IllegalArgumentException("failureKind: must be given (NONE when complete)");
    }
    // A poll that did not reach its target always has a kind: the status depends on it.
    if (!reached && failureKind == FailureKind.NONE) {
      throw new IllegalArgumentException(
          "failureKind: a poll that did not reach its target needs a kind, found NONE");
    }
  }

  public static PollResult ok(List<Sample> samples) {
    return new PollResult(samples, true, FailureKind.NONE, "", "", 0, java.util.Map.of());
  }
}
