package io.vigie.model.inventory;

import java.time.Duration;
import java.util.Map;

/**
 * A threshold on one metric.
 *
 * @param metric {@code measurement.field}, for example {@code cpu.usage_percent}
 * @param where tag values the series must have (for example {@code mount: /}); empty for all
 * @param forDuration how long the value must stay beyond a level before the status changes
 * @param recovery hysteresis: how far back inside a level the value must come to recover
 */
public record ThresholdRule(
    String metric,
    Map<String, String> where,
    Comparison comparison,
    double warning,
    double error,
    Duration forDuration,
    double recovery) {
  public ThresholdRule {
    where = Map.copyOf(where);
  }

  /** Rules with the same key replace one another from defaults to client to target. */
  public String key() {
    return where.isEmpty() ? metric : metric + new java.util.TreeMap<>(where);
  }
}
