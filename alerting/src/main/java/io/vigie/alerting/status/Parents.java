package io.vigie.alerting.status;

import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a target's parent changes: the order in which targets are judged (a parent first, so its
 * children see its new status), how long a notice is held (a child waits for its parent), the cause
 * a child shows behind a DEAD parent and the targets a parent's notice lists as affected. Apart
 * because these rules are about the tree of targets, not about any one target's data.
 */
final class Parents {
  private Parents() {}

  /**
   * How long a new status must last before its client is told of it.
   *
   * <p>A DEAD child whose parent is not DEAD waits one of its parent's intervals: children's
   * timeouts usually fire a poll before their parent's, and if the parent then goes DEAD the child
   * is suppressed and only the parent's notice is sent. Any other DEAD is told at once: it already
   * took several polls, and it cannot toggle at every poll. Any other status waits one poll
   * interval of the target, so a target toggling at every poll is seen flapping before anyone is
   * told of a single change.
   */
  static Duration hold(
      Target target,
      Status status,
      boolean suppressed,
      @Nullable TargetState parent,
      @Nullable Target parentTarget) {
    if (status == Status.DEAD) {
      boolean parentUp = parent != null && parent.status() != Status.DEAD && !suppressed;
      return parentUp && parentTarget != null ? parentTarget.interval() : Duration.ZERO;
    }
    return target.interval();
  }

  /**
   * Gives each DEAD target's problem decision the targets behind it that are suppressed because of
   * it (its children, and theirs), so that its notice says who else is affected.
   */
  static void behind(InventoryIndex index, EngineState state, List<Decision> decisions) {
    Map<String, List<String>> children = index.children();
    for (int i = 0; i < decisions.size(); i++) {
      Decision d = decisions.get(i);
      if (d.kind() != Decision.Kind.PROBLEM || d.status() != Status.DEAD || d.target() == null) {
        continue;
      }
      // Only suppressed targets are followed, and a target is suppressed only behind a parent of
      // its own client: the list names the parent's client's targets only, as its notice must.
      List<String> affected = new ArrayList<>();
      List<String> next = new ArrayList<>(List.of(d.target()));
      while (!next.isEmpty()) {
        String id = next.remove(next.size() - 1);
        for (String child : children.getOrDefault(id, List.of())) {
          TargetState c = state.targets.get(child);
          if (c != null && c.suppressed() && !affected.contains(child)) {
            affected.add(child);
            next.add(child);
          }
        }
      }
      if (!affected.isEmpty()) {
        affected.sort(Comparator.naturalOrder());
        decisions.set(i, d.withAffected(affected));
      }
    }
  }

  /**
   * "parent switch-2 down", naming the parent only when it is the same client's: a cause reaches
   * the target's client (mails, API, status points), who must not learn another client's ids.
   */
  static String parentCause(Target target, @Nullable Target parent) {
    return parent != null && parent.client().equals(target.client())
        ? "parent " + parent.id() + " down"
        : "parent down (a device in front of it, not one of this client's targets)";
  }

  /** Targets ordered so that a parent is judged before its children. */
  static List<Target> parentsFirst(Inventory inventory) {
    Map<String, Target> byId = inventory.targetsById();
    List<Target> ordered = new ArrayList<>(byId.size());
    Set<String> placed = new HashSet<>();
    for (Target target : byId.values()) {
      place(target, byId, placed, ordered, 0);
    }
    return ordered;
  }

  private static void place(
      Target target,
      Map<String, Target> byId,
      Set<String> placed,
      List<Target> ordered,
      int depth) {
    if (placed.contains(target.id()) || depth > byId.size()) {
      return; // the inventory refuses cycles; the depth bound is a belt with the braces
    }
    Target parent = target.parent() == null ? null : byId.get(target.parent());
    if (parent != null) {
      place(parent, byId, placed, ordered, depth + 1);
    }
    placed.add(target.id());
    ordered.add(target);
  }
}
