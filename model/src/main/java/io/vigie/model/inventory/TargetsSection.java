package io.vigie.model.inventory;

import static io.vigie.model.inventory.Checker.written;
import static io.vigie.model.inventory.Suggestions.suggestion;

import io.vigie.model.logs.TargetLogs;
import io.vigie.model.probe.Probe;
import io.vigie.model.snmp.SnmpSettings;
import io.vigie.model.ssh.SshSettings;
import io.vigie.model.yaml.Location;
import io.vigie.model.yaml.YamlNode.Entry;
import io.vigie.model.yaml.YamlNode.Mapping;
import io.vigie.model.yaml.YamlNode.Scalar;
import io.vigie.model.yaml.YamlNode.Sequence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The {@code targets} list: required, each target with a unique id, an existing client, a kind, an
 * address (localhost for a local target; a service target's only when a probe uses it), an
 * interval, a parent that exists and makes no cycle, credentials ({@link CredentialsSection}),
 * labels ({@link LabelsSection}), the block of its kind ({@link KindSections}), its probes ({@link
 * ProbesSection}) and its logs ({@link LogsSection}).
 */
final class TargetsSection {

  private static final Set<String> CORE_KEYS =
      Set.of(
          "id",
          "client",
          "kind",
          "address",
          "interval",
          "parent",
          "credentials",
          "labels",
          "probes",
          "logs",
          "log_rules");
  private static final Set<String> KEYS =
      Set.copyOf(Stream.concat(CORE_KEYS.stream(), KindSections.keys().stream()).toList());
  private static final String KINDS =
      Arrays.stream(TargetKind.values()).map(TargetKind::code).collect(Collectors.joining(", "));

  private final Checker c;
  private final CredentialsSection credentials;
  private final LabelsSection labels;
  private final KindSections kinds;
  private final ProbesSection probes;
  private final LogsSection logs;

  TargetsSection(Checker c, CredentialsSection credentials) {
    this.c = c;
    this.credentials = credentials;
    this.labels = new LabelsSection(c);
    this.kinds = new KindSections(c);
    this.probes = new ProbesSection(c);
    this.logs = new LogsSection(c);
  }

  /**
   * The well-formed targets; {@code seen} gets every target id, even from entries with other
   * mistakes.
   */
  List<Target> read(
      Mapping top, Set<String> clientIds, Map<String, Location> seen, Duration defaultInterval) {
    List<Target> targets = new ArrayList<>();
    Entry entry = top.entries().get("targets");
    if (entry == null) {
      c.error(top.location(), "targets", null, "missing: list the targets to poll");
      return targets;
    }
    Sequence list = c.sequence(entry.value(), "targets");
    if (list == null) {
      return targets;
    }
    Map<String, Scalar> parentNodes = new LinkedHashMap<>();
    for (int i = 0; i < list.items().size(); i++) {
      String path = c.itemPath("targets", i, list.items().get(i));
      Mapping m = c.mapping(list.items().get(i), path, KEYS);
      if (m == null) {
        continue;
      }
      String id = c.id(m, path, seen, "target");
      String client = c.reference(m, "client", path, clientIds, "client");
      TargetKind kind = kind(m, path);
      // A service target needs an address only when a probe uses it: the probe says so.
      String address =
          c.string(
              m,
              "address",
              path,
              kind != null && kind != TargetKind.LOCAL && kind != TargetKind.SERVICE);
      if (address == null && kind == TargetKind.LOCAL) {
        address = "localhost";
      }
      Duration interval = c.duration(m, "interval", path, true);
      Duration targetInterval = interval == null ? defaultInterval : interval;
      Scalar parent = c.scalar(m, "parent", path);
      String parentId = parent == null ? null : written(parent);
      if (parent != null && id != null) {
        parentNodes.put(id, parent);
      }
      Map<String, SecretRef> secrets = credentials.read(m, path);
      KindSection<?> section = kinds.of(kind);
      @Nullable Object settings = null;
      Map<String, Set<String>> ownTags = Map.of();
      if (section != null && section.readBeforeLabels()) {
        settings = section.read(m, path, secrets);
        ownTags = ownTags(section, settings);
      }
      Map<String, String> targetLabels = labels.read(m, path, ownTags);
      if (section != null && !section.readBeforeLabels()) {
        settings = section.read(m, path, secrets);
      }
      kinds.refuseOthers(m, path, kind);
      // Without an address, a probe that needs one says so, unless the target's own lack (a
      // wrong address, or none where the kind needs one) is reported already.
      boolean noAddress = !m.entries().containsKey("address");
      List<Probe> targetProbes =
          probes.read(
              m,
              path,
              kind,
              address,
              kind != null && (noAddress ? kind == TargetKind.SERVICE : address != null),
              targetInterval,
              secrets);
      TargetLogs targetLogs = logs.read(m, path, kind).withRules(logs.rules(m, path));
      if (noAddress && kind == TargetKind.SERVICE) {
        address = "";
      }
      if (id != null && client != null && kind != null && address != null) {
        targets.add(
            new Target(
                id,
                client,
                kind,
                address,
                targetInterval,
                parentId,
                secrets,
                targetLabels,
                settings instanceof SnmpSettings snmp ? snmp : null,
                settings instanceof SshSettings ssh ? ssh : null,
                targetProbes,
                targetLogs));
      }
    }
    parents(parentNodes, seen.keySet());
    return targets;
  }

  private static <S> Map<String, Set<String>> ownTags(
      KindSection<S> section, @Nullable Object settings) {
    if (settings == null) {
      return Map.of();
    }
    @SuppressWarnings("unchecked") // read by this same section
    S typed = (S) settings;
    return section.ownTags(typed);
  }

  private @Nullable TargetKind kind(Mapping m, String path) {
    Scalar s = c.scalar(m, "kind", path);
    if (s == null) {
      c.error(m.location(), path + ".kind", null, "missing: one of " + KINDS);
      return null;
    }
    String text = written(s);
    for (TargetKind kind : TargetKind.values()) {
      if (kind.code().equals(text)) {
        return kind;
      }
    }
    c.error(s.location(), path + ".kind", text, "must be one of " + KINDS);
    return null;
  }

  /** Unknown parents, and cycles reported once each on the target where they were found. */
  private void parents(Map<String, Scalar> parentNodes, Set<String> targetIds) {
    parentNodes.forEach(
        (id, node) -> {
          String parent = written(node);
          if (!targetIds.contains(parent)) {
            c.error(
                node.location(),
                "targets[" + id + "].parent",
                parent,
                "no target has this id" + suggestion(parent, targetIds));
          } else if (parent.equals(id)) {
            c.error(
                node.location(),
                "targets[" + id + "].parent",
                parent,
                "a target cannot be its own parent");
          }
        });
    // Each target is walked once: a chain already checked is not walked again, so a long daisy
    // chain of 20,000 devices costs 20,000 steps, not 20,000 squared.
    Set<String> checked = new HashSet<>();
    for (String start : parentNodes.keySet()) {
      Map<String, Integer> chain = new LinkedHashMap<>();
      String current = start;
      while (current != null
          && parentNodes.containsKey(current)
          && !checked.contains(current)
          && !chain.containsKey(current)) {
        chain.put(current, chain.size());
        current = written(parentNodes.get(current));
      }
      checked.addAll(chain.keySet());
      Integer from = current == null ? null : chain.get(current);
      if (from == null) {
        continue;
      }
      List<String> cycle = new ArrayList<>(chain.keySet()).subList(from, chain.size());
      // A self-parent is reported above; a longer cycle once, by the first member met.
      if (cycle.size() > 1) {
        Scalar node =
            Objects.requireNonNull(
                parentNodes.get(cycle.get(0)), "a cycle is made of targets with a parent");
        c.error(
            node.location(),
            "targets[" + cycle.get(0) + "].parent",
            written(node),
            "parent cycle: " + String.join(" -> ", cycle) + " -> " + cycle.get(0));
      }
    }
  }
}
