package io.vigie.alerting.status;

import io.vigie.model.inventory.CollectorGroup;
import io.vigie.model.inventory.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The conditions of collector groups ({@code collector_groups:}), for the NOC only: a group that
 * lost a member ({@code group:<id>:member:<member>}), a group whose every member is silent ({@code
 * group:<id>}). A member's targets are not its own: the others take them over, so one silent member
 * keeps no target's status (they are judged from the new poller's points, and DEAD as any target if
 * none polls them); only a group silent as a whole does, as a silent collector of no group.
 *
 * <p>A member is heard from by its polls and probe runs and by its self metrics (the {@code
 * vigie_collector} point of its refused-points counter, written every self-metrics interval
 * whatever it polls): a member that holds no target is alive all the same.
 */
final class GroupConditions {
  static final String PREFIX = "group:";
  static final String MEMBER = ":member:";

  private final EngineSettings settings;

  GroupConditions(EngineSettings settings) {
    this.settings = settings;
  }

  /** The key of the condition "the group lost this member". */
  static String memberKey(String group, String member) {
    return PREFIX + group + MEMBER + member;
  }

  /** The key of the condition "every member of the group is silent". */
  static String groupKey(String group) {
    return PREFIX + group;
  }

  /**
   * Updates when each declared member was last heard from by its self metrics (its polls and probe
   * runs are counted by {@link PipelineConditions#heardFrom}); true if anything moved.
   */
  static boolean heardFrom(InventoryIndex index, Observations observations, EngineState state) {
    if (index.groupOfMember().isEmpty()) {
      return false;
    }
    boolean moved = false;
    for (Observations.Rejected sample : observations.rejected()) {
      if (!index.groupOfMember().containsKey(sample.collector())) {
        continue;
      }
      Instant known = state.collectors.get(sample.collector());
      if (known == null || sample.time().isAfter(known)) {
        state.collectors.put(sample.collector(), sample.time());
        moved = true;
      }
    }
    return moved;
  }

  /**
   * Raises and clears the groups' conditions, and tells which groups are silent as a whole.
   *
   * <p>A member is lost after {@code member-silent-after} unheard. A group is silent as a whole a
   * little sooner when its targets' no-data deadline is shorter: at the latest one poll interval
   * before the deadline of any of its targets, so that a site cut off entirely leaves its targets
   * stale rather than DEAD one by one (a member's last self metrics may come after its last poll).
   *
   * @param silentCollectors the silent collectors of no group ({@link
   *     PipelineConditions#silentCollectors})
   * @return those, the groups silent as a whole and their targets; a condition raised or cleared
   *     adds its decision
   */
  SilentCollectors scan(
      InventoryIndex index,
      EngineState state,
      Instant now,
      Set<String> silentCollectors,
      List<Decision> decisions) {
    Set<String> silentGroups = new HashSet<>();
    Set<String> groupTargets = new HashSet<>();
    Set<String> wanted = new HashSet<>();
    state.membersExpected.keySet().retainAll(index.groupOfMember().keySet());
    for (CollectorGroup group : index.inventory().collectorGroups()) {
      Duration whole = wholeDeadline(index, group);
      List<String> lost = new ArrayList<>();
      int silentAsWhole = 0;
      Instant lastHeard = null;
      for (String member : group.members()) {
        Instant heard = state.collectors.get(member);
        Instant from =
            heard != null ? heard : state.membersExpected.computeIfAbsent(member, m -> now);
        if (heard != null && (lastHeard == null || heard.isAfter(lastHeard))) {
          lastHeard = heard;
        }
        if (now.isAfter(from.plus(settings.memberSilentAfter()))) {
          lost.add(member);
        }
        if (now.isAfter(from.plus(whole))) {
          silentAsWhole++;
        }
      }
      String groupKey = groupKey(group.id());
      if (silentAsWhole == group.members().size()) {
        silentGroups.add(group.id());
        groupTargets.addAll(group.targets());
        wanted.add(groupKey);
        PipelineConditions.raise(state, groupKey, silent(group, lastHeard), now, decisions);
        // The members already told lost stay so; the others are said by the group's condition.
        for (String member : group.members()) {
          if (state.conditions.containsKey(memberKey(group.id(), member))) {
            wanted.add(memberKey(group.id(), member));
          }
        }
        continue;
      }
      int alive = group.members().size() - lost.size();
      for (String member : lost) {
        String key = memberKey(group.id(), member);
        wanted.add(key);
        PipelineConditions.raise(
            state, key, lostMember(group, member, state, alive), now, decisions);
      }
    }
    // Cleared: members heard again, groups heard again, groups and members no longer declared.
    for (Condition condition : List.copyOf(state.conditions.values())) {
      if (condition.key().startsWith(PREFIX) && !wanted.contains(condition.key())) {
        PipelineConditions.clear(state, condition.key(), now, decisions);
      }
    }
    return new SilentCollectors(silentCollectors, silentGroups, groupTargets);
  }

  /**
   * How long every member must be unheard for the group to be silent as a whole: {@code
   * member-silent-after}, or less when a target's no-data deadline less one of its intervals is
   * shorter (never under one interval).
   */
  private Duration wholeDeadline(InventoryIndex index, CollectorGroup group) {
    Duration deadline = settings.memberSilentAfter();
    for (String id : group.targets()) {
      Target target = index.byId().get(id);
      if (target == null) {
        continue;
      }
      Duration interval = target.polled() ? target.interval() : ProbeChecks.longestInterval(target);
      Duration noData = interval.multipliedBy(settings.deadAfterIntervals());
      Duration margin = noData.minus(interval);
      Duration limit = margin.compareTo(interval) >= 0 ? margin : interval;
      if (limit.compareTo(deadline) < 0) {
        deadline = limit;
      }
    }
    return deadline;
  }

  private static String lostMember(
      CollectorGroup group, String member, EngineState state, int alive) {
    Instant heard = state.collectors.get(member);
    return "collector group "
        + group.id()
        + " lost member "
        + member
        + ": "
        + (heard == null
            ? "never heard from since the alerting service expects it ("
                + state.membersExpected.get(member)
                + ")"
            : "nothing from it (self metrics, polls) since " + heard)
        + "; "
        + alive
        + " of "
        + group.members().size()
        + " members alive, they take its targets over";
  }

  private static String silent(CollectorGroup group, @Nullable Instant lastHeard) {
    return "collector group "
        + group.id()
        + " silent: none of its "
        + group.members().size()
        + " members heard from"
        + (lastHeard == null ? "" : " since " + lastHeard)
        + "; its "
        + group.targets().size()
        + " targets keep their last status, marked stale";
  }
}
