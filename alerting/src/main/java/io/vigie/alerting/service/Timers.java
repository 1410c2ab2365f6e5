package io.vigie.alerting.service;

import io.vigie.alerting.status.Deadlines;
import io.vigie.alerting.status.EngineState;
import io.vigie.alerting.status.InventoryIndex;
import io.vigie.alerting.status.Observations;
import io.vigie.alerting.status.TargetState;
import io.vigie.model.inventory.Target;
import io.vigie.model.logs.LogRule;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Each target's next deadline ({@link Deadlines}), kept in time order: the streaming evaluation
 * asks for those that came instead of judging every target on a clock. Recomputed for every target
 * judged, under the service's lock.
 */
public final class Timers {
  private final Deadlines deadlines;
  private final TreeMap<Instant, Set<String>> byTime = new TreeMap<>();
  private final Map<String, Deadlines.Due> byTarget = new HashMap<>();

  Timers(Deadlines deadlines) {
    this.deadlines = deadlines;
  }

  /**
   * The targets whose deadline came, taken off the timers.
   *
   * @param judge to judge now
   * @param read their rule is about missing data: InfluxDB is read before they are judged (a full
   *     evaluation judges them)
   */
  public record Due(Set<String> judge, Set<String> read) {}

  /** Recomputes the deadlines of the targets judged at {@code now}; forgets those removed. */
  void judged(
      InventoryIndex index,
      EngineState state,
      Set<String> judged,
      Set<String> removed,
      Instant now) {
    removed.forEach(this::remove);
    for (String id : judged) {
      remove(id);
      Target target = index.byId().get(id);
      TargetState known = state.targets().get(id);
      if (target == null || known == null) {
        continue;
      }
      String parentId = target.parent();
      Deadlines.Due due =
          deadlines.next(
              target,
              known,
              parentId == null ? null : state.targets().get(parentId),
              parentId == null ? null : index.byId().get(parentId),
              now);
      if (due != null) {
        byTarget.put(id, due);
        byTime.computeIfAbsent(due.at(), k -> new HashSet<>()).add(id);
      }
    }
  }

  Due due(Instant now) {
    Set<String> judge = new HashSet<>();
    Set<String> read = new HashSet<>();
    while (!byTime.isEmpty() && !byTime.firstKey().isAfter(now)) {
      for (String id : byTime.pollFirstEntry().getValue()) {
        Deadlines.Due due = byTarget.remove(id);
        (due != null && due.noData() ? read : judge).add(id);
      }
    }
    return new Due(judge, read);
  }

  /**
   * {@code focus} and the targets {@code read} brings something newer for than the engine has seen
   * (a poll or a probe run after its last data, a target it does not know yet), and those whose log
   * rules' windows it read.
   */
  static Set<String> withNew(Set<String> focus, Observations read, EngineState state) {
    Set<String> all = new HashSet<>(focus);
    read.polls().forEach((id, polls) -> addIfNewer(all, id, polls.get(0).time(), state));
    read.probes().forEach((id, runs) -> addIfNewer(all, id, runs.get(0).time(), state));
    if (read.logs().read()) {
      read.logs().byWindow().values().forEach(m -> m.keySet().forEach(k -> all.add(k.target())));
      state
          .targets()
          .values()
          .forEach(
              t -> {
                if (t.checks().keySet().stream()
                    .anyMatch(c -> c.startsWith(LogRule.CHECK_PREFIX))) {
                  all.add(t.id());
                }
              });
    }
    return all;
  }

  private static void addIfNewer(Set<String> ids, String id, Instant newest, EngineState state) {
    TargetState known = state.targets().get(id);
    Instant last = known == null ? null : known.lastData();
    if (last == null || newest.isAfter(last)) {
      ids.add(id);
    }
  }

  @Nullable Instant next() {
    return byTime.isEmpty() ? null : byTime.firstKey();
  }

  void clear() {
    byTime.clear();
    byTarget.clear();
  }

  private void remove(String id) {
    Deadlines.Due known = byTarget.remove(id);
    if (known != null) {
      Set<String> at = byTime.get(known.at());
      if (at != null) {
        at.remove(id);
        if (at.isEmpty()) {
          byTime.remove(known.at());
        }
      }
    }
  }
}
