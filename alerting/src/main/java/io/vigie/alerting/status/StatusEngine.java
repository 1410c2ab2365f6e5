package io.vigie.alerting.status;

import io.vigie.model.cause.Cause;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.Target;
import io.vigie.model.inventory.ThresholdRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns what was read from InfluxDB into a status per check and per target, the transitions to
 * record and the decisions to notify. Pure: no I/O, time comes in as {@code now}.
 */
public final class StatusEngine {
  static final String REACHABILITY = "reachability";
  static final String DATA = "data";
  static final String PARENT = "parent";

  /**
   * How long after the last increase of a collector's refused-points counter its condition stays
   * raised: the same window as the collector's own health ({@code Rejections.WINDOW}).
   */
  static final Duration REJECTED_QUIET = Duration.ofMinutes(15);

  private final EngineSettings settings;

  public StatusEngine(EngineSettings settings) {
    this.settings = settings;
  }

  /**
   * One evaluation. With {@code observations} null (InfluxDB could not be read), statuses stay as
   * they are and one pipeline condition is raised: an outage of the database is not an outage of
   * every target.
   */
  public Cycle evaluate(
      Inventory inventory,
      Observations observations,
      String readFailure,
      Instant now,
      EngineState state) {
    List<Decision> decisions = new ArrayList<>();
    if (observations == null) {
      boolean raised =
          raise(state, "influxdb", "InfluxDB cannot be read: " + readFailure, now, decisions);
      return new Cycle(List.of(), decisions, Set.of(), Set.of(), raised);
    }
    boolean conditionsChanged = clear(state, "influxdb", now, decisions);

    Map<String, Target> wanted = inventory.targetsById();
    Set<String> removed = new HashSet<>();
    for (String id : List.copyOf(state.targets.keySet())) {
      if (!wanted.containsKey(id)) {
        state.targets.remove(id);
        state.acks.remove(id);
        removed.add(id);
      }
    }
    conditionsChanged |= heardFrom(observations, state);
    Set<String> silent = new HashSet<>();
    conditionsChanged |= silentCollectors(inventory, observations, state, now, silent, decisions);
    conditionsChanged |= rejectedPoints(observations, state, now, decisions);

    Map<String, List<Observations.Metric>> metrics = new HashMap<>();
    observations
        .metrics()
        .forEach(m -> metrics.computeIfAbsent(m.target(), k -> new ArrayList<>()).add(m));
    Map<String, List<Observations.Plugin>> plugins = new HashMap<>();
    observations
        .plugins()
        .forEach(p -> plugins.computeIfAbsent(p.target(), k -> new ArrayList<>()).add(p));
    Map<String, List<Observations.Interface>> interfaces = new HashMap<>();
    observations
        .interfaces()
        .forEach(i -> interfaces.computeIfAbsent(i.target(), k -> new ArrayList<>()).add(i));

    List<Transition> transitions = new ArrayList<>();
    Set<String> changed = new LinkedHashSet<>();
    Map<String, List<ThresholdRule>> rulesByClient = new HashMap<>();
    for (Target target : parentsFirst(inventory)) {
      TargetState previous = state.targets.get(target.id());
      if (previous == null) {
        previous = TargetState.fresh(target.id(), target.client(), target.kind().code(), now);
        changed.add(target.id());
      }
      Judgement own =
          judge(
              target,
              previous,
              observations.polls().getOrDefault(target.id(), List.of()),
              metrics.getOrDefault(target.id(), List.of()),
              plugins.getOrDefault(target.id(), List.of()),
              interfaces.getOrDefault(target.id(), List.of()),
              inventory.thresholds().byTarget().containsKey(target.id())
                  ? inventory.thresholds().rulesFor(target)
                  : rulesByClient.computeIfAbsent(
                      target.client(), c -> inventory.thresholds().rulesFor(target)),
              silent,
              now);
      TargetState parent = target.parent() == null ? null : state.targets.get(target.parent());
      Target parentTarget = target.parent() == null ? null : wanted.get(target.parent());
      boolean parentDown = parent != null && parent.status() == Status.DEAD;
      // Held back only behind a parent of the same client: that parent's notice goes to the same
      // people and lists the child. Behind another client's parent (the NOC's own switch), the
      // child's client would otherwise never hear of it.
      boolean suppressed =
          parentDown && parentTarget != null && parentTarget.client().equals(target.client());
      if (parentDown) {
        own =
            new Judgement(
                Status.DEAD,
                PARENT,
                parentCause(target, parentTarget),
                own.checks,
                own.lastData,
                own.collector,
                own.failures,
                own.stale,
                new Cause.ParentDown(
                    parentTarget != null && parentTarget.client().equals(target.client())
                        ? parentTarget.id()
                        : null));
      }
      Duration hold = hold(target, own.status, suppressed, parent, parentTarget);
      TargetState next =
          settle(target, previous, own, suppressed, hold, now, state, transitions, decisions);
      state.targets.put(target.id(), next);
      if (!next.durable().equals(previous.durable())) {
        changed.add(target.id());
      }
    }
    behind(inventory, state, decisions);
    return new Cycle(transitions, decisions, changed, removed, conditionsChanged);
  }

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
  private static Duration hold(
      Target target, Status status, boolean suppressed, TargetState parent, Target parentTarget) {
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
  private static void behind(Inventory inventory, EngineState state, List<Decision> decisions) {
    Map<String, List<String>> children = null;
    for (int i = 0; i < decisions.size(); i++) {
      Decision d = decisions.get(i);
      if (d.kind() != Decision.Kind.PROBLEM || d.status() != Status.DEAD || d.target() == null) {
        continue;
      }
      if (children == null) {
        children = new HashMap<>();
        for (Target t : inventory.targetsById().values()) {
          if (t.parent() != null) {
            children.computeIfAbsent(t.parent(), k -> new ArrayList<>()).add(t.id());
          }
        }
      }
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
      // The notice goes to the parent's client: another client's targets behind it are not
      // named there (the NOC copy of their own notices says it).
      affected.removeIf(id -> !d.client().equals(inventory.targetsById().get(id).client()));
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
  private static String parentCause(Target target, Target parent) {
    return parent != null && parent.client().equals(target.client())
        ? "parent " + parent.id() + " down"
        : "parent down (a device in front of it, not one of this client's targets)";
  }

  /** A target's own status, before its parent, flapping and notifications are considered. */
  private record Judgement(
      Status status,
      String check,
      String cause,
      Map<String, CheckState> checks,
      Instant lastData,
      String collector,
      int failures,
      boolean stale,
      Cause typedCause) {}

  private Judgement judge(
      Target target,
      TargetState previous,
      List<Observations.Poll> polls,
      List<Observations.Metric> metrics,
      List<Observations.Plugin> plugins,
      List<Observations.Interface> interfaces,
      List<ThresholdRule> rules,
      Set<String> silent,
      Instant now) {
    // Only polls newer than the last one seen count: a read overlaps the one before it, and a
    // collector replaying its spool after an outage writes old points late.
    List<Observations.Poll> fresh = new ArrayList<>();
    for (Observations.Poll poll : polls) {
      if (previous.lastData() == null || poll.time().isAfter(previous.lastData())) {
        fresh.add(poll);
      }
    }
    Observations.Poll newest = fresh.isEmpty() ? null : fresh.get(0);
    Instant lastData = newest == null ? previous.lastData() : newest.time();
    String collector = newest == null ? previous.collector() : newest.collector();
    int failures = previous.failures();
    for (int i = fresh.size() - 1; i >= 0; i--) {
      Observations.Poll poll = fresh.get(i);
      // A credential or host key problem is ERROR, not an outage: it does not count toward DEAD.
      failures = poll.up() || poll.failure().needsHuman() ? 0 : failures + 1;
    }
    Duration noData = target.interval().multipliedBy(settings.deadAfterIntervals());
    Map<String, CheckState> checks = new HashMap<>(previous.checks());
    if (lastData == null) {
      if (!now.isBefore(previous.firstSeen().plus(noData))) {
        return new Judgement(
            Status.DEAD,
            DATA,
            "never reported since it was added (" + previous.firstSeen() + ")",
            checks,
            null,
            collector,
            failures,
            false,
            new Cause.NeverReported(previous.firstSeen()));
      }
      return keep(previous, checks, null, collector, failures, false);
    }
    if (now.isAfter(lastData.plus(noData))) {
      if (collector != null && silent.contains(collector)) {
        // The collector is silent, not the target: that is one condition, raised elsewhere.
        return keep(previous, checks, lastData, collector, failures, true);
      }
      return new Judgement(
          Status.DEAD,
          DATA,
          "no data for " + human(Duration.between(lastData, now)),
          checks,
          lastData,
          collector,
          failures,
          false,
          new Cause.NoData(Duration.between(lastData, now)));
    }
    if (newest == null) {
      // Nothing new since the last evaluation: the target is as it was.
      return keep(previous, checks, lastData, collector, failures, false);
    }
    if (newest.up()) {
      checks.clear();
      thresholdChecks(rules, metrics, previous, checks, now);
      pluginChecks(plugins, previous, checks, now);
      interfaceChecks(interfaces, previous, checks, now);
    } else if (newest.failure().needsHuman()) {
      checks.put(
          REACHABILITY,
          check(
              previous,
              REACHABILITY,
              Status.ERROR,
              newest.reason(),
              now,
              false,
              null,
              null,
              new Cause.AccessRefused(newest.failure(), target.kind().code())));
    } else if (failures >= settings.deadAfterPolls()) {
      return new Judgement(
          Status.DEAD,
          REACHABILITY,
          "unreachable for " + failures + " polls: " + newest.reason(),
          checks,
          lastData,
          collector,
          failures,
          false,
          new Cause.Unreachable(newest.failure(), failures, target.kind().code()));
    } else {
      // Fewer failures than that: too early to tell, the target keeps its status.
      return keep(previous, checks, lastData, collector, failures, false);
    }
    CheckState worst = null;
    for (CheckState check : checks.values()) {
      int order = worst == null ? 1 : check.status().compareTo(worst.status());
      if (order > 0 || (order == 0 && check.name().compareTo(worst.name()) < 0)) {
        worst = check; // the worst, and of equals the first by name: the same every time
      }
    }
    if (worst == null || worst.status() == Status.RUN) {
      return new Judgement(Status.RUN, "", "", checks, lastData, collector, failures, false, null);
    }
    return new Judgement(
        worst.status(),
        worst.name(),
        worst.message(),
        checks,
        lastData,
        collector,
        failures,
        false,
        worst.typedCause());
  }

  private static Judgement keep(
      TargetState previous,
      Map<String, CheckState> checks,
      Instant lastData,
      String collector,
      int failures,
      boolean stale) {
    return new Judgement(
        previous.status(),
        previous.check(),
        previous.cause(),
        checks,
        lastData,
        collector,
        failures,
        stale,
        previous.typedCause());
  }

  private static void thresholdChecks(
      List<ThresholdRule> rules,
      List<Observations.Metric> metrics,
      TargetState previous,
      Map<String, CheckState> checks,
      Instant now) {
    for (Observations.Metric metric : metrics) {
      ThresholdRule best = null;
      for (ThresholdRule rule : rules) {
        if (rule.metric().equals(metric.metric())
            && metric.tags().entrySet().containsAll(rule.where().entrySet())
            && (best == null || rule.where().size() > best.where().size())) {
          best = rule; // the most specific rule for this series
        }
      }
      if (best == null) {
        continue;
      }
      String name = metric.metric() + label(metric.tags());
      CheckState before = previous.checks().getOrDefault(name, CheckState.fresh(name, now));
      checks.put(name, ThresholdCheck.evaluate(best, metric.tags(), before, metric.value(), now));
    }
  }

  private static void pluginChecks(
      List<Observations.Plugin> plugins,
      TargetState previous,
      Map<String, CheckState> checks,
      Instant now) {
    for (Observations.Plugin plugin : plugins) {
      String name = "check:" + plugin.check();
      Status status =
          switch (plugin.status()) {
            case 0 -> Status.RUN;
            case 2 -> Status.ERROR;
            default -> Status.WARNING; // 1 WARNING, 3 UNKNOWN: someone should look
          };
      checks.put(
          name,
          check(
              previous,
              name,
              status,
              plugin.message(),
              now,
              false,
              null,
              null,
              status == Status.RUN
                  ? null
                  : new Cause.CheckFailed(plugin.check(), plugin.status(), plugin.message())));
    }
  }

  private static void interfaceChecks(
      List<Observations.Interface> interfaces,
      TargetState previous,
      Map<String, CheckState> checks,
      Instant now) {
    for (Observations.Interface i : interfaces) {
      String name = "interface:" + i.name();
      CheckState before = previous.checks().get(name);
      boolean seenUp = i.oper() == 1 || (before != null && before.seenUp());
      // A port that was never up is an unused port, and an admin-down one was shut on purpose.
      boolean down = i.admin() == 1 && i.oper() == 2 && seenUp;
      checks.put(
          name,
          check(
              previous,
              name,
              down ? Status.ERROR : Status.RUN,
              down ? "interface " + i.name() + " down" : "",
              now,
              seenUp,
              null,
              null,
              down ? new Cause.InterfaceDown(i.name()) : null));
    }
  }

  private static CheckState check(
      TargetState previous,
      String name,
      Status status,
      String message,
      Instant now,
      boolean seenUp,
      Double value,
      Double threshold,
      Cause typed) {
    CheckState before = previous.checks().get(name);
    Instant since = before != null && before.status() == status ? before.since() : now;
    return new CheckState(
        name, status, message, since, null, null, seenUp, value, threshold, typed);
  }

  /**
   * Applies flapping, acknowledgements, silences and the hold before a notice; records the
   * transition and the decision.
   */
  private TargetState settle(
      Target target,
      TargetState previous,
      Judgement own,
      boolean suppressed,
      Duration hold,
      Instant now,
      EngineState state,
      List<Transition> transitions,
      List<Decision> decisions) {
    boolean statusChanged = own.status != previous.status();
    List<Instant> changes = new ArrayList<>();
    for (Instant t : previous.changes()) {
      if (t.isAfter(now.minus(settings.flapWindow()))) {
        changes.add(t);
      }
    }
    if (statusChanged) {
      changes.add(now);
    }
    boolean flapping =
        previous.flapping()
            ? changes.size() > settings.flapStop()
            : changes.size() >= settings.flapStart();
    Instant since = statusChanged ? now : previous.since();
    if (statusChanged || flapping != previous.flapping() || suppressed != previous.suppressed()) {
      transitions.add(
          new Transition(
              target.id(),
              target.client(),
              target.kind().code(),
              now,
              previous.status(),
              own.status,
              own.check,
              own.cause,
              suppressed,
              flapping));
    }
    Acknowledgement ack = state.acks.get(target.id());
    if (ack != null && own.status.compareTo(Status.ERROR) < 0) {
      state.acks.remove(target.id()); // the problem acknowledged is over
      ack = null;
    }
    boolean silenced = state.silences.values().stream().anyMatch(s -> s.mutes(previous, now));
    // Flapping is told, not muted: once when it starts, once when it is over.
    boolean muted = suppressed || own.stale || silenced;
    Status notified = previous.notified();
    CheckState worst = own.checks.get(own.check);
    Decision.Kind kind = null;
    String why = null;
    String cause = own.cause;
    Cause typed = own.typedCause;
    if (muted) {
      // nothing is told; what differs from what the client knows is told when it is over
    } else if (flapping && !previous.flapping()) {
      kind = Decision.Kind.FLAPPING_STARTED;
      why = "flapping started";
      cause =
          changes.size()
              + " status changes in "
              + human(settings.flapWindow())
              + (own.cause.isEmpty() ? "" : "; now " + own.cause);
      typed = new Cause.Flapping(changes.size(), settings.flapWindow(), own.typedCause);
    } else if (flapping) {
      // held: the client knows it flaps
    } else if (previous.flapping()) {
      kind = Decision.Kind.FLAPPING_ENDED;
      why = "flapping ended";
      notified = own.status;
    } else if (own.status != notified
        && !(ack != null && own.status != Status.RUN)
        && !now.isBefore(since.plus(hold))) {
      kind = own.status == Status.RUN ? Decision.Kind.RECOVERY : Decision.Kind.PROBLEM;
      why =
          isSilenceEnd(state, previous, since, now)
              ? "silence ended"
              : previous.suppressed()
                  ? "parent back"
                  : previous.stale() ? "no longer muted" : "status changed";
      notified = own.status;
    }
    if (kind != null) {
      decisions.add(
          new Decision(
              0,
              now,
              kind,
              target.client(),
              target.id(),
              own.status,
              previous.notified(),
              own.check,
              cause,
              worst == null ? null : worst.value(),
              worst == null ? null : worst.threshold(),
              since,
              why,
              List.of(),
              typed));
    }
    return new TargetState(
        target.id(),
        target.client(),
        target.kind().code(),
        own.status,
        own.check,
        own.cause,
        since,
        own.checks,
        previous.firstSeen(),
        own.lastData,
        own.collector,
        own.failures,
        notified,
        flapping,
        changes,
        suppressed,
        own.stale,
        own.typedCause);
  }

  /** A silence that muted the target in its current status has ended. */
  private static boolean isSilenceEnd(
      EngineState state, TargetState target, Instant since, Instant now) {
    return state.silences.values().stream()
        .anyMatch(
            s ->
                s.mutes(target, s.ends().minusMillis(1))
                    && !now.isBefore(s.ends())
                    && since.isBefore(s.ends()));
  }

  /** Updates when each collector was last heard from; true if anything moved. */
  private static boolean heardFrom(Observations observations, EngineState state) {
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
    return moved;
  }

  /**
   * A collector is silent when none of its targets has reported for the time that would make a
   * target DEAD. Its targets keep their last status, marked stale, and one condition is raised.
   */
  private boolean silentCollectors(
      Inventory inventory,
      Observations observations,
      EngineState state,
      Instant now,
      Set<String> silent,
      List<Decision> decisions) {
    boolean changed = false;
    Map<String, Duration> longest = new HashMap<>();
    Map<String, Target> targets = inventory.targetsById();
    for (Target target : targets.values()) {
      List<Observations.Poll> polls = observations.polls().get(target.id());
      TargetState known = state.targets.get(target.id());
      String collector =
          polls != null && !polls.isEmpty()
              ? polls.get(0).collector()
              : known == null ? null : known.collector();
      if (collector != null) {
        longest.merge(collector, target.interval(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
      }
    }
    for (Map.Entry<String, Instant> collector : List.copyOf(state.collectors.entrySet())) {
      String id = collector.getKey();
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
        changed |= clear(state, "collector:" + id, now, decisions);
      }
    }
    return changed;
  }

  /**
   * A collector whose points InfluxDB refuses is losing data while every target may look fine: one
   * condition per collector, raised when its {@code vigie.points.rejected} counter (cumulative
   * since the collector started) goes up, cleared {@link #REJECTED_QUIET} after the last increase.
   * A counter that goes down is a restart: a value above 0 then counts as an increase.
   */
  private static boolean rejectedPoints(
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
      if (!now.isBefore(last.plus(REJECTED_QUIET))) {
        changed |= clear(state, condition.key(), now, decisions);
      }
    }
    return changed;
  }

  static String rejectedKey(String collector) {
    return "collector:" + collector + ":rejected";
  }

  /** The collector of a {@code collector:<id>:rejected} key, or null for another key. */
  private static String rejectedCollector(String key) {
    return key.startsWith("collector:") && key.endsWith(":rejected")
        ? key.substring("collector:".length(), key.length() - ":rejected".length())
        : null;
  }

  /**
   * Raises or clears a pipeline condition watched outside the engine (mails stuck in the outbox):
   * raised while {@code message} is not null, cleared when it is, with the same decisions as the
   * engine's own conditions.
   *
   * @return whether the conditions changed (to store)
   */
  public boolean outside(
      EngineState state, String key, String message, Instant now, List<Decision> decisions) {
    return message == null
        ? clear(state, key, now, decisions)
        : raise(state, key, message, now, decisions);
  }

  private static boolean raise(
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

  private static boolean clear(
      EngineState state, String key, Instant now, List<Decision> decisions) {
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

  static String label(Map<String, String> tags) {
    if (tags.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("{");
    new TreeMap<>(tags)
        .forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append(k).append('=').append(v));
    return b.append('}').toString();
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    if (s < 120) {
      return s + " s";
    }
    if (s < 7200) {
      return s / 60 + " min";
    }
    return s / 3600 + " h";
  }

  /** For the API: the worst status among a client's targets. */
  public static Status worst(List<TargetState> targets) {
    return targets.stream()
        .map(TargetState::status)
        .max(Comparator.naturalOrder())
        .orElse(Status.RUN);
  }
}
