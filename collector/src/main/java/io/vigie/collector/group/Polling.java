package io.vigie.collector.group;

import io.vigie.collector.schedule.PollScheduler;
import io.vigie.collector.ssh.SshLogs;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.Target;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Which of the inventory's targets this collector polls, and the scheduler and followed logs kept
 * to them: every target of no collector group for a collector started without one (all of them when
 * the inventory has no groups), the targets it owns for a group's member. Applied again when the
 * inventory changes and when the member's ownership does.
 */
public final class Polling {
  private final PollScheduler scheduler;
  private final @Nullable SshLogs followed;
  private final @Nullable String group;
  private final Supplier<Set<String>> owned;
  private Inventory inventory;

  /**
   * @param group the collector's group, or null
   * @param owned for a group's member, the ids of the targets it owns now
   */
  public Polling(
      PollScheduler scheduler,
      @Nullable SshLogs followed,
      @Nullable String group,
      Supplier<Set<String>> owned,
      Inventory inventory) {
    this.scheduler = scheduler;
    this.followed = followed;
    this.group = group;
    this.owned = owned;
    this.inventory = inventory;
  }

  /** Polls what the inventory gives this collector; returns the scheduler's change. */
  public synchronized PollScheduler.Change apply(Inventory next) {
    inventory = next;
    Inventory mine = next.withTargets(polled(next));
    PollScheduler.Change change = scheduler.apply(mine);
    if (followed != null) {
      followed.apply(mine.targets());
    }
    return change;
  }

  /** Applies the current inventory again: the member's ownership changed. */
  public synchronized PollScheduler.Change refresh() {
    return apply(inventory);
  }

  public synchronized Inventory inventory() {
    return inventory;
  }

  public @Nullable String group() {
    return group;
  }

  private List<Target> polled(Inventory inv) {
    if (group == null) {
      return inv.targets().stream().filter(t -> inv.groupOf(t.id()).isEmpty()).toList();
    }
    Set<String> mine = owned.get();
    return inv.targets().stream()
        .filter(
            t ->
                mine.contains(t.id())
                    && inv.groupOf(t.id()).filter(g -> g.id().equals(group)).isPresent())
        .toList();
  }
}
