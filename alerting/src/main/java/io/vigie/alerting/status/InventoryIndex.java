package io.vigie.alerting.status;

import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.Target;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The lookups the engine makes in an inventory, built once per inventory loaded: a streaming
 * evaluation runs many times a second and must not rebuild a map of every target each time.
 *
 * @param inventory the inventory indexed (compared by identity: a reload gives a new one)
 * @param byId targets by id, in inventory order
 * @param parentsFirst targets ordered so that a parent comes before its children
 * @param children each parent's children's ids
 */
public record InventoryIndex(
    Inventory inventory,
    Map<String, Target> byId,
    List<Target> parentsFirst,
    Map<String, List<String>> children) {

  public InventoryIndex {
    byId = java.util.Collections.unmodifiableMap(byId);
    parentsFirst = List.copyOf(parentsFirst);
    children = Map.copyOf(children);
  }

  InventoryIndex(Inventory inventory) {
    this(inventory, inventory.targetsById(), Parents.parentsFirst(inventory), children(inventory));
  }

  private static Map<String, List<String>> children(Inventory inventory) {
    Map<String, List<String>> children = new HashMap<>();
    for (Target t : inventory.targets()) {
      if (t.parent() != null) {
        children.computeIfAbsent(t.parent(), k -> new ArrayList<>()).add(t.id());
      }
    }
    children.replaceAll((k, v) -> List.copyOf(v));
    return children;
  }
}
