package io.vigie.model.inventory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The whole inventory: clients, targets and thresholds. Immutable, and valid by construction when
 * it comes from {@link InventoryLoader}.
 *
 * @param source where it was read from, for messages
 * @param defaultInterval the poll interval of targets that do not set one
 * @param collectorGroups the collector groups ({@code collector_groups:}); none by default, when
 *     every collector polls every target
 */
public record Inventory(
    String source,
    Duration defaultInterval,
    List<Client> clients,
    List<Target> targets,
    Thresholds thresholds,
    List<CollectorGroup> collectorGroups) {
  public Inventory {
    clients = List.copyOf(clients);
    targets = List.copyOf(targets);
    collectorGroups = List.copyOf(collectorGroups);
  }

  /** An inventory without collector groups. */
  public Inventory(
      String source,
      Duration defaultInterval,
      List<Client> clients,
      List<Target> targets,
      Thresholds thresholds) {
    this(source, defaultInterval, clients, targets, thresholds, List.of());
  }

  public Optional<CollectorGroup> collectorGroup(String id) {
    return collectorGroups.stream().filter(g -> g.id().equals(id)).findFirst();
  }

  /** The group that polls a target, or empty when collectors without a group poll it. */
  public Optional<CollectorGroup> groupOf(String targetId) {
    return collectorGroups.stream().filter(g -> g.polls(targetId)).findFirst();
  }

  /** The group a collector is a declared member of. */
  public Optional<CollectorGroup> groupOfMember(String collectorId) {
    return collectorGroups.stream().filter(g -> g.members().contains(collectorId)).findFirst();
  }

  /**
   * This inventory with only the given targets: what one collector polls (the targets of no group
   * for a collector without one, those it owns for a group's member). Clients and thresholds stay.
   */
  public Inventory withTargets(List<Target> kept) {
    return new Inventory(source, defaultInterval, clients, kept, thresholds, collectorGroups);
  }

  public Optional<Client> client(String id) {
    return clients.stream().filter(c -> c.id().equals(id)).findFirst();
  }

  public Optional<Target> target(String id) {
    return targets.stream().filter(t -> t.id().equals(id)).findFirst();
  }

  /** Targets by id, in inventory order. */
  public Map<String, Target> targetsById() {
    return targets.stream()
        .collect(
            Collectors.toMap(Target::id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
  }
}
