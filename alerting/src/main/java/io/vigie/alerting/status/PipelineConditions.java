package io.vigie.alerting.status;

import io.vigie.model.inventory.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Pipeline conditions: problems of the monitoring itself (InfluxDB unreadable, a collector silent,
 * a collector whose points are refused, and the conditions watched outside the engine such as mails
 * stuck in the outbox). Apart because a condition belongs to no target and no client: it is raised
 * once and cleared once, and it keeps the targets it concerns from being told DEAD for it.
 */
final class PipelineConditions {
  private final EngineSettings settings;
  // When the first collector heard at the last scan would turn silent unheard: a scan due then
  // even when scans are spaced out, or its targets would be judged DEAD before it is found silent.
  private @Nullable Instant nextSilence;

  PipelineConditions(EngineSettings settings) {
    this.settings = settings;
  }

  /** Updates when each collector was last heard from; true if anything moved. */
  static boolean heardFrom(Observations observations, EngineState state) {
    boolean moved = false;
    for (List<Observations.Poll> polls : observations.polls().values()) {
      for (Observations.Poll poll : polls) {
        if (poll.collector() == null || poll.collector().isEmpty()) {
          continue;
        }
        Instant known = state.collectors.get(poll.collector());
        if (known == null || poll.time().isAfter(known)) {
          state.collectors.put(poll.collector(), poll.time());
          moved = true;
        }
      }
    }
    // A probe's run is the collector's word as much as a poll: a collector of service targets only.
    for (List<Observations.ProbeRun> runs : observations.probes().values()) {
      for (Observations.ProbeRun run : runs) {
        if (run.collector().isEmpty()) {
          continue;
        }
        Instant known = state.collectors.get(run.collector());
        if (known == null || run.time().isAfter(known)) {
          state.collectors.put(run.collector(), run.time());
          moved = true;
        }
      }
    }
    return moved;
  }

  /**
   * A collector is silent when none of its targets has reported for the time that would make a
   * target DEAD. Its targets keep their last status, marked stale, and one condition is raised. A
   * declared member of a collector group is not judged here but with its group ({@link
   * GroupConditions}): its targets are the group's, which the other members take over.
   */
  boolean silentCollectors(
      InventoryIndex inventory,
      Observations observations,
      EngineState state,
      Instant now,
      Set<String> silent,
      List<Decision> decisions) {
    boolean changed = false;
    nextSilence = null;
    Map<String, Duration> longest = new HashMap<>();
    Map<String, Target> targets = inventory.byId();
    for (Target target : targets.values()) {
      List<Observations.Poll> polls = observations.polls().get(target.id());
      List<Observations.ProbeRun> runs = observations.probes().get(target.id());
      TargetState known = state.targets.get(target.id());
      String collector =
          polls != null && !polls.isEmpty()
              ? polls.get(0).collector()
              : runs != null && !runs.isEmpty() && !target.polled()
                  ? runs.get(0).collector()
                  : known == null ? null : known.collector();
      if (collector != null && !inventory.groupOfMember().containsKey(collector)) {
        // A service target's data is its probes' runs, at their own intervals.
        Duration interval =
            target.polled() ? target.interval() : ProbeChecks.longestInterval(target);
        longest.merge(collector, interval, (a, b) -> a.compareTo(b) >= 0 ? a : b);
      }
    }
    for (Map.Entry<String, Instant> collector : List.copyOf(state.collectors.entrySet())) {
      String id = collector.getKey();
      if (inventory.groupOfMember().containsKey(id)) {
        // Kept (a member holding no target is alive all the same); a condition raised before it
        // was declared is its group's now.
        changed |= clear(state, "collector:" + id, now, decisions);
        continue;
      }
      Duration interval = longest.get(id);
      if (interval == null) {
        // No target is on this collector any more: forget it.
        state.collectors.remove(id);
        changed |= clear(state, "collector:" + id, now, decisions);
        changed = true;
        continue;
      }
      Duration limit = interval.multipliedBy(settings.deadAfterIntervals());
      if (now.isAfter(collector.getValue().plus(limit))) {
        silent.add(id);
        changed |=
            raise(
                state,
                "collector:" + id,
                "collector "
                    + id
                    + " silent: no poll of any of its targets since "
                    + collector.getValue(),
                now,
                decisions);
      } else {
        Instant silence = collector.getValue().plus(limit);
        if (nextSilence == null || silence.isBefore(nextSilence)) {
          nextSilence = silence;
        }
        changed |= clear(state, "collector:" + id, now, decisions);
      }
    }
    return changed;
  }

  /**
   * Whether a collector heard at the last scan has turned silent since, unheard: its targets'
   * no-data deadlines come at the same instant, and must find it silent.
   */
  boolean silenceDue(Instant now) {
    Instant due = nextSilence;
    return due != null && now.isAfter(due);
  }

  /**
   * A collector whose points InfluxDB refuses is losing data while every target may look fine: one
   * condition per collector, raised when its {@code vigie.points.rejected} counter (cumulative
   * since the collector started) goes up, cleared {@link StatusEngine#REJECTED_QUIET} after the
   * last increase. A counter that goes down is a restart: a value above 0 then counts as an
   * increase.
   */
  static boolean rejectedPoints(
      Observations observations, EngineState state, Instant now, List<Decision> decisions) {
    boolean changed = false;
    for (Observations.Rejected sample : observations.rejected()) {
      EngineState.RejectedCounter known = state.rejected.get(sample.collector());
      if (known == null) {
        // The first value read is a baseline: when it grew is not known.
        state.rejected.put(
            sample.collector(),
            new EngineState.RejectedCounter(sample.count(), sample.time(), null));
        continue;
      }
      if (!sample.time().isAfter(known.time())) {
        continue;
      }
      boolean increased =
          sample.count() > known.count() || (sample.count() < known.count() && sample.count() > 0);
      Instant lastIncrease = increased ? sample.time() : known.lastIncrease();
      state.rejected.put(
          sample.collector(),
          new EngineState.RejectedCounter(sample.count(), sample.time(), lastIncrease));
      if (increased) {
        changed |=
            raise(
                state,
                rejectedKey(sample.collector()),
                "collector "
                    + sample.collector()
                    + ": InfluxDB refuses some of its points (vigie.points.rejected went from "
                    + Math.round(known.count())
                    + " to "
                    + Math.round(sample.count())
                    + " at "
                    + sample.time()
                    + "); its health shows the last reason, its rejected.lp the points",
                now,
                decisions);
      }
    }
    for (Condition condition : List.copyOf(state.conditions.values())) {
      String collector = rejectedCollector(condition.key());
      if (collector == null) {
        continue;
      }
      EngineState.RejectedCounter known = state.rejected.get(collector);
      Instant last =
          known == null || known.lastIncrease() == null ? condition.since() : known.lastIncrease();
      if (!now.isBefore(last.plus(StatusEngine.REJECTED_QUIET))) {
        changed |= clear(state, condition.key(), now, decisions);
      }
    }
    return changed;
  }

  /** The key of the condition raised when InfluxDB refuses a collector's points. */
  static String rejectedKey(String collector) {
    return "collector:" + collector + ":rejected";
  }

  /** The collector of a {@code collector:<id>:rejected} key, or null for another key. */
  private static @Nullable String rejectedCollector(String key) {
    return key.startsWith("collector:") && key.endsWith(":rejected")
        ? key.substring("collector:".length(), key.length() - ":rejected".length())
        : null;
  }

  /**
   * Raises a condition once: a condition already raised is not told again, so a cause that lasts
   * many cycles makes one notice, not one per cycle.
   */
  static boolean raise(
      EngineState state, String key, String message, Instant now, List<Decision> decisions) {
    if (state.conditions.containsKey(key)) {
      return false;
    }
    state.conditions.put(key, new Condition(key, message, now));
    decisions.add(
        new Decision(
            0,
            now,
            Decision.Kind.CONDITION_RAISED,
            null,
            null,
            Status.ERROR,
            Status.RUN,
            key,
            message,
            null,
            null,
            now,
            "pipeline condition raised"));
    return true;
  }

  /** Clears a raised condition, telling how long it lasted (its decision's since). */
  static boolean clear(EngineState state, String key, Instant now, List<Decision> decisions) {
    Condition condition = state.conditions.remove(key);
    if (condition == null) {
      return false;
    }
    decisions.add(
        new Decision(
            0,
            now,
            Decision.Kind.CONDITION_CLEARED,
            null,
            null,
            Status.RUN,
            Status.ERROR,
            key,
            condition.message(),
            null,
            null,
            condition.since(),
            "pipeline condition cleared"));
    return true;
  }
}
