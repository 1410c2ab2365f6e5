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
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns what was read from InfluxDB into a status per check and per target, the transitions to
 * record and the decisions to notify. Pure: no I/O, time comes in as {@code now}.
 *
 * <p>This class holds the order of one evaluation; each decision is made in its own package-private
 * class: {@link PipelineConditions} and {@link GroupConditions} (problems of the monitoring
 * itself), {@link OwnStatus} (a target judged from its own data), {@link Parents} (what a DEAD
 * parent changes), {@link Flapping} and {@link Settlement} (what the client is told). They share
 * the same {@link EngineState}, mutated in that order, so the order here is part of the behaviour.
 */
public final class StatusEngine {
  static final String PARENT = "parent";

  /**
   * How long after the last increase of a collector's refused-points counter its condition stays
   * raised: the same window as the collector's own health ({@code Rejections.WINDOW}).
   */
  static final Duration REJECTED_QUIET = Duration.ofMinutes(15);

  private final OwnStatus own;
  private final PipelineConditions conditions;
  private final GroupConditions groups;
  private final Settlement settlement;
  private final EngineSettings settings;
  // Under the service's lock, as every call of the engine.
  private @Nullable InventoryIndex index;
  private SilentCollectors lastSilent = SilentCollectors.NONE;
  private @Nullable Instant lastSilentScan;

  /** How often a streaming evaluation looks for silent collectors. */
  static final Duration SILENT_SCAN = Duration.ofSeconds(1);

  public StatusEngine(EngineSettings settings) {
    this.settings = settings;
    this.own = new OwnStatus(settings);
    this.conditions = new PipelineConditions(settings);
    this.groups = new GroupConditions(settings);
    this.settlement = new Settlement(settings);
  }

  /**
   * One evaluation. With {@code observations} null (InfluxDB could not be read), statuses stay as
   * they are and one pipeline condition is raised: an outage of the database is not an outage of
   * every target. With observations and a {@code readFailure} (points that came by the stream while
   * the reads fail), they are judged and the condition stays raised.
   */
  public Cycle evaluate(
      Inventory inventory,
      @Nullable Observations observations,
      @Nullable String readFailure,
      Instant now,
      EngineState state) {
    return evaluate(inventory, observations, readFailure, now, state, null, new HashSet<>());
  }

  /**
   * One evaluation of some targets: those in {@code focus} (all when null), and the children of any
   * whose status changed. Targets outside it keep their state as it is: judging a target without
   * new data changes nothing until one of its deadlines ({@link Deadlines}), so the streaming
   * evaluation judges only the targets whose points arrived and those whose deadline came. The
   * collectors' silence is looked at every time; when the set of silent collectors changes, every
   * target is judged (their stale mark follows it).
   *
   * @param judged filled with the ids of the targets judged
   */
  public Cycle evaluate(
      Inventory inventory,
      @Nullable Observations observations,
      @Nullable String readFailure,
      Instant now,
      EngineState state,
      @Nullable Set<String> focus,
      Set<String> judged) {
    List<Decision> decisions = new ArrayList<>();
    if (observations == null) {
      boolean raised =
          PipelineConditions.raise(
              state, "influxdb", "InfluxDB cannot be read: " + readFailure, now, decisions);
      return new Cycle(List.of(), decisions, Set.of(), Set.of(), raised);
    }
    // Only a read that worked clears the condition: the stream's points, judged while the reads
    // fail, come with the last read's failure (a step a second cleared what each read raised).
    boolean conditionsChanged =
        readFailure == null
            ? PipelineConditions.clear(state, "influxdb", now, decisions)
            : PipelineConditions.raise(
                state, "influxdb", "InfluxDB cannot be read: " + readFailure, now, decisions);

    InventoryIndex before = index;
    InventoryIndex index = index(inventory);
    if (before == null || !isSame(before.inventory(), index.inventory())) {
      focus = null; // a new inventory: targets added, removed, moved under another parent
    }
    Map<String, Target> wanted = index.byId();
    Set<String> removed = new HashSet<>();
    if (focus == null) {
      for (String id : List.copyOf(state.targets.keySet())) {
        if (!wanted.containsKey(id)) {
          state.targets.remove(id);
          state.acks.remove(id);
          removed.add(id);
        }
      }
    }
    conditionsChanged |= PipelineConditions.heardFrom(observations, state);
    conditionsChanged |= GroupConditions.heardFrom(index, observations, state);
    // Which collectors are silent asks every target's collector: once a second at most when the
    // stream judges a few targets many times a second (a silence takes intervals to show).
    Instant scanned = lastSilentScan;
    SilentCollectors silent = lastSilent;
    if (focus == null
        || scanned == null
        || !now.isBefore(scanned.plus(SILENT_SCAN))
        || conditions.silenceDue(now)) {
      Set<String> collectors = new HashSet<>();
      conditionsChanged |=
          conditions.silentCollectors(index, observations, state, now, collectors, decisions);
      int told = decisions.size();
      silent = groups.scan(index, state, now, collectors, decisions);
      conditionsChanged |= decisions.size() > told;
      lastSilentScan = now;
    }
    if (!silent.equals(lastSilent)) {
      focus = null; // targets of a collector gone silent, or heard again, change their stale mark
      lastSilent = silent;
    }
    conditionsChanged |= PipelineConditions.rejectedPoints(observations, state, now, decisions);

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
    // Every target, or those in focus and the children of any whose status changes, each after
    // its parent: the cost of a streaming step follows its targets, not the inventory's.
    java.util.TreeMap<Integer, Target> queue = focus == null ? null : index.inOrder(focus);
    Iterator<Target> all = index.parentsFirst().iterator();
    while (queue == null ? all.hasNext() : !queue.isEmpty()) {
      Target target = queue == null ? all.next() : queue.pollFirstEntry().getValue();
      TargetState previous = state.targets.get(target.id());
      judged.add(target.id());
      if (previous == null) {
        previous = TargetState.fresh(target.id(), target.client(), target.kind().code(), now);
        changed.add(target.id());
      }
      Judgement judgement =
          own.judge(
              target,
              previous,
              observations.polls().getOrDefault(target.id(), List.of()),
              metrics.getOrDefault(target.id(), List.of()),
              plugins.getOrDefault(target.id(), List.of()),
              interfaces.getOrDefault(target.id(), List.of()),
              observations.probes().getOrDefault(target.id(), List.of()),
              observations.logs(),
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
        judgement =
            judgement.behindDeadParent(
                Parents.parentCause(target, parentTarget),
                new Cause.ParentDown(
                    parentTarget != null && parentTarget.client().equals(target.client())
                        ? parentTarget.id()
                        : null));
      }
      Duration hold = Parents.hold(target, judgement.status(), suppressed, parent, parentTarget);
      TargetState next =
          settlement.settle(
              target, previous, judgement, suppressed, hold, now, state, transitions, decisions);
      state.targets.put(target.id(), next);
      if (queue != null
          && (next.status() != previous.status() || next.suppressed() != previous.suppressed())) {
        for (String child : index.children().getOrDefault(target.id(), List.of())) {
          queue.put(index.order().get(child), wanted.get(child));
        }
      }
      if (!next.durable().equals(previous.durable())) {
        changed.add(target.id());
      }
    }
    Parents.behind(index, state, decisions);
    return new Cycle(transitions, decisions, changed, removed, conditionsChanged, now);
  }

  public EngineSettings settings() {
    return settings;
  }

  /** The inventory's index, built once per inventory loaded (a reload gives a new instance). */
  public InventoryIndex index(Inventory inventory) {
    InventoryIndex known = index;
    // Identity on purpose: a reload gives a new instance, an equal one would do but costs a
    // comparison of every target.
    if (known == null || !isSame(known.inventory(), inventory)) {
      known = new InventoryIndex(inventory);
      index = known;
    }
    return known;
  }

  @SuppressWarnings("ReferenceEquality") // see index()
  private static boolean isSame(Inventory a, Inventory b) {
    return a == b;
  }

  /**
   * Raises or clears a pipeline condition watched outside the engine (mails stuck in the outbox):
   * raised while {@code message} is not null, cleared when it is, with the same decisions as the
   * engine's own conditions.
   *
   * @return whether the conditions changed (to store)
   */
  public boolean outside(
      EngineState state,
      String key,
      @Nullable String message,
      Instant now,
      List<Decision> decisions) {
    return message == null
        ? PipelineConditions.clear(state, key, now, decisions)
        : PipelineConditions.raise(state, key, message, now, decisions);
  }

  /**
   * A duration as a cause says it: coarse on purpose, a mail reader wants "12 min", not seconds.
   */
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
