package io.vigie.model.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Threshold rules at three levels; the most specific rule for a metric wins. */
public record Thresholds(
    List<ThresholdRule> defaults,
    Map<String, List<ThresholdRule>> byClient,
    Map<String, List<ThresholdRule>> byTarget) {
  public Thresholds {
    defaults = List.copyOf(defaults);
    byClient = Map.copyOf(byClient);
    byTarget = Map.copyOf(byTarget);
  }

  public static Thresholds none() {
    return new Thresholds(List.of(), Map.of(), Map.of());
  }

  /** The rules in force for a target: defaults, overridden by its client's, then by its own. */
  public List<ThresholdRule> rulesFor(Target target) {
    Map<String, ThresholdRule> merged = new LinkedHashMap<>();
    defaults.forEach(rule -> merged.put(rule.key(), rule));
    byClient.getOrDefault(target.client(), List.of()).forEach(rule -> merged.put(rule.key(), rule));
    byTarget.getOrDefault(target.id(), List.of()).forEach(rule -> merged.put(rule.key(), rule));
    return new ArrayList<>(merged.values());
  }
}
