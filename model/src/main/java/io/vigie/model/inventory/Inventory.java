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
 */
public record Inventory(
    String source,
    Duration defaultInterval,
    List<Client> clients,
    List<Target> targets,
    Thresholds thresholds) {
  public Inventory {
    clients = List.copyOf(clients);
    targets = List.copyOf(targets);
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
