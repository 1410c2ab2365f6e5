package io.vigie.alerting.status;

import io.vigie.model.inventory.CollectorGroup;
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
 * @param order each target's place in {@code parentsFirst}
 * @param groupOfMember the collector group of each declared member, by collector id
 */
public record InventoryIndex(
    Inventory inventory,
    Map<String, Target> byId,
    List<Target> parentsFirst,
    Map<String, List<String>> children,
    Map<String, Integer> order,
    Map<String, CollectorGroup> groupOfMember) {

  public InventoryIndex {
    byId = java.util.Collections.unmodifiableMap(byId);
    parentsFirst = List.copyOf(parentsFirst);
    children = Map.copyOf(children);
    order = Map.copyOf(order);
    groupOfMember = Map.copyOf(groupOfMember);
  }

  InventoryIndex(Inventory inventory) {
    this(inventory, Parents.parentsFirst(inventory));
  }

  private InventoryIndex(Inventory inventory, List<Target> parentsFirst) {
    this(
        inventory,
        inventory.targetsById(),
        parentsFirst,
        children(inventory),
        order(parentsFirst),
        groupOfMember(inventory));
  }

  private static Map<String, CollectorGroup> groupOfMember(Inventory inventory) {
    Map<String, CollectorGroup> groups = new HashMap<>();
    for (CollectorGroup group : inventory.collectorGroups()) {
      group.members().forEach(m -> groups.put(m, group));
    }
    return groups;
  }

  private static Map<String, Integer> order(List<Target> parentsFirst) {
    Map<String, Integer> order = new HashMap<>();
    for (int i = 0; i < parentsFirst.size(); i++) {
      order.put(parentsFirst.get(i).id(), i);
    }
    return order;
  }

  /**
   * The targets of {@code ids} in parents-first order, with room for more: the children of a target
   * whose status changes join it as they come.
   */
  java.util.TreeMap<Integer, Target> inOrder(java.util.Set<String> ids) {
    java.util.TreeMap<Integer, Target> queue = new java.util.TreeMap<>();
    for (String id : ids) {
      Integer at = order.get(id);
      if (at != null) {
        queue.put(at, parentsFirst.get(at));
      }
    }
    return queue;
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
