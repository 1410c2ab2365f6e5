package io.vigie.model.inventory;

import static io.vigie.model.inventory.Checker.present;
import static io.vigie.model.inventory.Checker.text;
import static io.vigie.model.inventory.Checker.written;
import static io.vigie.model.inventory.Suggestions.suggestion;

import io.vigie.model.schema.Schema;
import io.vigie.model.yaml.YamlNode;
import io.vigie.model.yaml.YamlNode.Entry;
import io.vigie.model.yaml.YamlNode.Mapping;
import io.vigie.model.yaml.YamlNode.Scalar;
import io.vigie.model.yaml.YamlNode.Sequence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code thresholds} block, optional: rules for every target, per client and per target (each
 * id must exist). A rule names a numeric metric of the schema, a comparison, a warning and/or an
 * error level in the comparison's order, a duration and a recovery margin; one rule per metric and
 * {@code where} at each level.
 */
final class ThresholdsSection {

  private static final Set<String> KEYS = Set.of("defaults", "clients", "targets");
  private static final Set<String> RULE_KEYS =
      Set.of("metric", "where", "comparison", "warning", "error", "for", "recovery");

  private final Checker c;
  private Set<String> labelNames = Set.of();

  ThresholdsSection(Checker c) {
    this.c = c;
  }

  /**
   * Reads the rules.
   *
   * @param labelNames every label name of the inventory's targets: labels are tags of every point,
   *     so a rule's {@code where} may name them as well as the measurement's own tags
   */
  Thresholds read(
      Mapping top, Set<String> clientIds, Set<String> targetIds, Set<String> labelNames) {
    this.labelNames = Set.copyOf(labelNames);
    Entry entry = top.entries().get("thresholds");
    if (entry == null) {
      return Thresholds.none();
    }
    Mapping t = c.mapping(entry.value(), "thresholds", KEYS);
    if (t == null) {
      return Thresholds.none();
    }
    List<ThresholdRule> defaults = new ArrayList<>();
    Entry d = t.entries().get("defaults");
    if (d != null) {
      defaults = rules(d.value(), "thresholds.defaults");
    }
    return new Thresholds(
        defaults, scopedRules(t, "clients", clientIds), scopedRules(t, "targets", targetIds));
  }

  private Map<String, List<ThresholdRule>> scopedRules(Mapping t, String key, Set<String> ids) {
    Map<String, List<ThresholdRule>> out = new LinkedHashMap<>();
    Entry entry = t.entries().get(key);
    if (entry == null) {
      return out;
    }
    Mapping m = c.mapping(entry.value(), "thresholds." + key, null);
    if (m == null) {
      return out;
    }
    String what = key.equals("clients") ? "client" : "target";
    for (Entry e : m.entries().values()) {
      String path = "thresholds." + key + "." + e.key();
      if (!ids.contains(e.key())) {
        c.error(
            e.keyLocation(),
            path,
            e.key(),
            "no " + what + " has this id" + suggestion(e.key(), ids));
      }
      out.put(e.key(), rules(e.value(), path));
    }
    return out;
  }

  private List<ThresholdRule> rules(YamlNode node, String path) {
    List<ThresholdRule> rules = new ArrayList<>();
    Sequence list = c.sequence(node, path);
    if (list == null) {
      return rules;
    }
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < list.items().size(); i++) {
      String rulePath = path + "[" + i + "]";
      Mapping m = c.mapping(list.items().get(i), rulePath, RULE_KEYS);
      if (m == null) {
        continue;
      }
      Scalar metric = c.scalar(m, "metric", rulePath);
      if (metric == null) {
        c.error(
            m.location(),
            rulePath + ".metric",
            null,
            "missing: measurement.field, for example cpu.usage_percent");
      } else if (Schema.numericMetric(written(metric)).isEmpty()) {
        c.error(
            metric.location(),
            rulePath + ".metric",
            written(metric),
            "not a numeric metric of the schema (see docs/schema.md)");
      }
      Map<String, String> where = where(m, rulePath);
      if (metric != null) {
        checkWhereTags(m, rulePath, written(metric), where);
      }
      Comparison comparison = Comparison.ABOVE;
      Scalar cmp = c.scalar(m, "comparison", rulePath);
      if (cmp != null) {
        switch (String.valueOf(cmp.text())) {
          case "above" -> comparison = Comparison.ABOVE;
          case "below" -> comparison = Comparison.BELOW;
          default ->
              c.error(
                  cmp.location(), rulePath + ".comparison", cmp.text(), "must be above or below");
        }
      }
      Double warning = c.number(m, "warning", rulePath);
      Double errorLevel = c.number(m, "error", rulePath);
      if (warning == null
          && errorLevel == null
          && !m.entries().containsKey("warning")
          && !m.entries().containsKey("error")) {
        c.error(m.location(), rulePath, null, "give a warning level, an error level, or both");
      }
      if (warning != null && errorLevel != null && comparison.breaches(warning, errorLevel)) {
        Scalar w = (Scalar) present(m, "warning").value();
        c.error(
            w.location(),
            rulePath + ".warning",
            w.text(),
            "warning level is beyond the error level ("
                + present(m, "error").value().describe()
                + ") for comparison "
                + comparison.code());
      }
      Duration forDuration = c.duration(m, "for", rulePath, false);
      Double recovery = c.number(m, "recovery", rulePath);
      if (recovery != null && recovery < 0) {
        c.error(
            present(m, "recovery").value().location(),
            rulePath + ".recovery",
            String.valueOf(recovery),
            "must be 0 or more");
      }
      if (metric != null) {
        ThresholdRule rule =
            new ThresholdRule(
                written(metric),
                where,
                comparison,
                warning == null ? Double.NaN : warning,
                errorLevel == null ? Double.NaN : errorLevel,
                forDuration == null ? Duration.ZERO : forDuration,
                recovery == null ? 0 : recovery);
        if (!keys.add(rule.key())) {
          c.error(
              metric.location(),
              rulePath + ".metric",
              written(metric),
              "a rule for this metric is already given at this level");
        }
        rules.add(rule);
      }
    }
    return rules;
  }

  /**
   * Refuses a {@code where} key that is no tag of the rule's measurement nor a label: such a rule
   * would match no series, silently (a {@code type} where the probe's tag is {@code probe_type}).
   */
  private void checkWhereTags(Mapping m, String path, String metric, Map<String, String> where) {
    int dot = metric.indexOf('.');
    if (where.isEmpty() || dot <= 0) {
      return;
    }
    Schema.measurement(metric.substring(0, dot))
        .ifPresent(
            measurement -> {
              Set<String> known = new java.util.TreeSet<>(Schema.COMMON_TAGS);
              known.addAll(measurement.tags());
              Mapping l = (Mapping) present(m, "where").value();
              for (String key : where.keySet()) {
                if (!known.contains(key) && !labelNames.contains(key)) {
                  c.error(
                      present(l, key).keyLocation(),
                      path + ".where." + key,
                      key,
                      "not a tag of measurement "
                          + measurement.name()
                          + " nor a label of any target: the rule would match nothing (its tags: "
                          + String.join(", ", known)
                          + ")");
                }
              }
            });
  }

  /** A rule's {@code where}: tag values the rule is limited to. */
  private Map<String, String> where(Mapping m, String path) {
    Map<String, String> out = new LinkedHashMap<>();
    Entry entry = m.entries().get("where");
    if (entry == null) {
      return out;
    }
    Mapping l = c.mapping(entry.value(), path + ".where", null);
    if (l != null) {
      for (Entry e : l.entries().values()) {
        if (e.value() instanceof Scalar s && s.kind() != Scalar.Kind.NULL) {
          out.put(e.key(), s.text());
        } else {
          c.error(
              e.value().location(),
              path + ".where." + e.key(),
              text(e.value()),
              "expected a value, found " + e.value().describe());
        }
      }
    }
    return out;
  }
}
