package io.vigie.collector.source;

import java.util.List;

/**
 * What one poll produced.
 *
 * @param reached whether the target answered at all: the {@code up} of the poll point
 * @param failure why the poll stopped short, or empty: a partial result keeps its samples
 * @param warnings what the target could not give without failing the poll (a missing OID...)
 * @param values values read from the target and used (SNMP: variable bindings); 0 when unknown
 * @param timings extra durations in ms for the poll point, such as {@code connect_ms}
 */
public record PollResult(
    List<Sample> samples,
    boolean reached,
    String failure,
    String warnings,
    long values,
    java.util.Map<String, Double> timings) {
  public PollResult {
    samples = List.copyOf(samples);
    timings = timings == null ? java.util.Map.of() : java.util.Map.copyOf(timings);
    failure = failure == null ? "" : failure;
    warnings = warnings == null ? "" : warnings;
  }

  public static PollResult ok(List<Sample> samples) {
    return new PollResult(samples, true, "", "", 0, null);
  }
}
