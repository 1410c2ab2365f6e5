package io.vigie.alerting.status;

import io.vigie.model.inventory.Comparison;
import io.vigie.model.inventory.Target;
import io.vigie.model.inventory.ThresholdRule;
import io.vigie.model.probe.Probe;
import io.vigie.model.probe.ProbeSpec;
import io.vigie.model.schema.ProbeSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The thresholds the engine applies without being told: a certificate's days before expiry ({@code
 * probe.tls_leaf_days}, {@code probe.tls_chain_days}) below 21 is WARNING, below 7 ERROR ({@link
 * ProbeSpec.TlsExpectation#DEFAULT}). The inventory's thresholds replace them rule by rule (same
 * metric and {@code where}), at any level; an http probe whose {@code tls:} sets other days gets a
 * rule of its own ({@code where: {probe: NAME}}).
 */
public final class DefaultThresholds {
  private DefaultThresholds() {}

  public static final List<ThresholdRule> RULES =
      List.of(
          certificate(ProbeSchema.TLS_LEAF_DAYS, Map.of(), ProbeSpec.TlsExpectation.DEFAULT),
          certificate(ProbeSchema.TLS_CHAIN_DAYS, Map.of(), ProbeSpec.TlsExpectation.DEFAULT));

  private static ThresholdRule certificate(
      String field, Map<String, String> where, ProbeSpec.TlsExpectation tls) {
    return new ThresholdRule(
        ProbeSchema.PROBE.name() + "." + field,
        where,
        Comparison.BELOW,
        tls.warningDays(),
        tls.errorDays(),
        Duration.ZERO,
        0);
  }

  /**
   * The rules for a target's probe fields: the defaults, then its probes' own certificate days,
   * then the inventory's rules in force for the target (which replace them by key).
   */
  static List<ThresholdRule> forProbes(Target target, List<ThresholdRule> inventory) {
    Map<String, ThresholdRule> merged = new LinkedHashMap<>();
    RULES.forEach(rule -> merged.put(rule.key(), rule));
    for (Probe probe : target.probes()) {
      if (probe.spec() instanceof ProbeSpec.Http http
          && !http.tls().equals(ProbeSpec.TlsExpectation.DEFAULT)) {
        Map<String, String> where = Map.of(ProbeSchema.TAG_PROBE, probe.name());
        for (String field : List.of(ProbeSchema.TLS_LEAF_DAYS, ProbeSchema.TLS_CHAIN_DAYS)) {
          ThresholdRule rule = certificate(field, where, http.tls());
          merged.put(rule.key(), rule);
        }
      }
    }
    for (ThresholdRule rule : inventory) {
      if (rule.metric().startsWith(ProbeSchema.PROBE.name() + ".")) {
        merged.put(rule.key(), rule);
      }
    }
    return new ArrayList<>(merged.values());
  }
}
