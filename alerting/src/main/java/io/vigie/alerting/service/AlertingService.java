package io.vigie.alerting.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vigie.alerting.influx.InfluxReadException;
import io.vigie.alerting.influx.InfluxReader;
import io.vigie.alerting.influx.StatusWriter;
import io.vigie.alerting.notify.DecisionFeed;
import io.vigie.alerting.status.Acknowledgement;
import io.vigie.alerting.status.Condition;
import io.vigie.alerting.status.Cycle;
import io.vigie.alerting.status.Deadlines;
import io.vigie.alerting.status.Decision;
import io.vigie.alerting.status.EngineState;
import io.vigie.alerting.status.LogWindows;
import io.vigie.alerting.status.Observations;
import io.vigie.alerting.status.Silence;
import io.vigie.alerting.status.Status;
import io.vigie.alerting.status.StatusEngine;
import io.vigie.alerting.status.TargetState;
import io.vigie.alerting.status.Transition;
import io.vigie.alerting.store.StateStore;
import io.vigie.alerting.users.Scope;
import io.vigie.model.inventory.Inventory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerting service without its web and Spring clothes: evaluates (read, judge, store, write,
 * publish), and answers the API. Evaluations and changes made through the API are serialised on
 * this object, so each sees a consistent state and each is stored before it is acted on. What the
 * API asks on a user's behalf, checked against the user's scope, is done by {@link ScopedRequests}.
 *
 * <p>One file, about 500 lines: it is the single owner of the engine state and its lock. Full
 * evaluations ({@link #evaluate()}: read, then judge every target) and the stream's ({@link
 * #evaluate(Observations, Set)}: the targets whose points came or whose deadline came) share one
 * judgement under that lock; the methods after it are the synchronized views and changes of that
 * state the API needs, and moving them out would hand the lock to another class. Reads live apart
 * ({@link Reads}, outside the lock), so do request checks ({@link ScopedRequests}) and the
 * deadlines ({@link Timers}).
 */
public final class AlertingService implements DecisionFeed {
  private static final Logger LOG = LoggerFactory.getLogger(AlertingService.class);
  private static final int WRITE_BATCH = 5_000;

  private final Supplier<Inventory> inventory;
  private final InfluxReader reader;
  private final StatusWriter writer;
  private final StatusEngine engine;
  private final StateStore store;
  private final Clock clock;
  private final Duration refreshEvery;
  private final EngineState state;
  private final List<Consumer<Decision>> listeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<Transition>> watchers = new CopyOnWriteArrayList<>();
  private final Map<String, Function<Instant, @Nullable String>> outside =
      new ConcurrentHashMap<>();
  private final Timer evaluationTime;
  private final Timer judgeTime;
  private final Timer storeTime;
  private final Timer writeTime;
  private volatile Map<Status, Integer> counts = new EnumMap<>(Status.class);
  private volatile @Nullable Instant lastEvaluation;
  private volatile @Nullable String lastWriteFailure;
  private Instant lastRefresh = Instant.EPOCH;
  // The full evaluations' reads, outside the engine's lock.
  private final Reads reads;
  private final Timers timers;
  // The API's requests checked against a user's scope: on the same state, under this lock.
  private final ScopedRequests scoped;

  public AlertingService(
      Supplier<Inventory> inventory,
      InfluxReader reader,
      StatusWriter writer,
      StatusEngine engine,
      StateStore store,
      Clock clock,
      Duration refreshEvery,
      Duration readOverlap,
      MeterRegistry registry) {
    this.inventory = inventory;
    this.reader = reader;
    this.writer = writer;
    this.engine = engine;
    this.store = store;
    this.clock = clock;
    this.refreshEvery = refreshEvery;
    this.state = store.load();
    this.scoped = new ScopedRequests(inventory, store, clock, state);
    this.timers = new Timers(new Deadlines(engine.settings()));
    this.evaluationTime =
        Timer.builder("vigie.alerting.evaluation")
            .description("one evaluation: queries, judgement, store and writes")
            .register(registry);
    this.reads = new Reads(reader, readOverlap, phase(registry, "read"));
    this.judgeTime = phase(registry, "judge");
    this.storeTime = phase(registry, "store");
    this.writeTime = phase(registry, "write");
    for (Status status : Status.values()) {
      Gauge.builder("vigie.alerting.targets", () -> counts.getOrDefault(status, 0))
          .tag("status", status.name())
          .description("targets per status at the last evaluation")
          .register(registry);
    }
    Gauge.builder("vigie.alerting.conditions", () -> conditions().size())
        .description("pipeline conditions raised")
        .register(registry);
    recount();
  }

  /** The parts of an evaluation: read InfluxDB, judge, store the state, write status points. */
  private static Timer phase(MeterRegistry registry, String phase) {
    return Timer.builder("vigie.alerting.evaluation.phase")
        .tag("phase", phase)
        .description("one part of an evaluation")
        .register(registry);
  }

  /** Decisions are given to listeners after they are stored (the notifier of the next issue). */
  public void onDecision(Consumer<Decision> listener) {
    listeners.add(listener);
  }

  /**
   * Every status change is given to watchers once stored, told or not (silenced, acknowledged,
   * flapping): the console's live page.
   */
  public void onTransition(Consumer<Transition> watcher) {
    watchers.add(watcher);
  }

  /**
   * Told the client whose marks a user changed (silence made or ended, acknowledgement), once
   * stored: the console's live page.
   */
  public void onMarked(Consumer<String> watcher) {
    scoped.onMarked(watcher);
  }

  /**
   * A pipeline condition known outside the engine (the notifier's stuck mails), looked at in every
   * evaluation: raised while {@code message} gives a text for the evaluation's time, cleared when
   * it gives null.
   */
  public void watchCondition(String key, Function<Instant, @Nullable String> message) {
    outside.put(key, message);
  }

  /**
   * A full evaluation: reads what was written since the last one (all the DEAD window after a
   * start; with a read window set, no more than that), then judges every target. The read runs
   * outside the lock, so that the streaming evaluation goes on meanwhile. Never throws, so the loop
   * that calls it never dies.
   */
  public void evaluate() {
    Inventory current = inventory.get();
    Reads.Read read = reads.read(current, clock.instant());
    judge(current, read.observations(), read.failure(), null, false);
  }

  /**
   * A reconciliation beside the stream: reads the latest round of every target, then judges only
   * the targets the read brings something new for (what the stream missed) and {@code due} (their
   * no-data deadline came): judging every target would hold the engine's lock for as long as the
   * full evaluation's judgement, and the stream's points would wait behind it.
   */
  public void reconcile(Set<String> due) {
    Inventory current = inventory.get();
    Reads.Read read = reads.read(current, clock.instant());
    judge(current, read.observations(), read.failure(), due, true);
  }

  /**
   * Judges the targets in {@code focus} (and the children of those whose status changes) with the
   * points that came by the stream, and every target whose deadline has come.
   */
  public void evaluate(Observations written, Set<String> focus) {
    // The last read's failure: InfluxDB still cannot be read, whatever the stream brings.
    judge(inventory.get(), written, reads.lastFailure(), focus, false);
  }

  /**
   * The log rules' windows read alone, and the targets with rules judged with them: the streaming
   * evaluation's periodic part (a sum over time does not come by the stream, and a rule clears when
   * no line comes).
   */
  public void evaluateLogs() {
    Inventory current = inventory.get();
    Set<String> focus = new HashSet<>();
    for (var target : current.targets()) {
      if (!target.logs().rules().isEmpty()) {
        focus.add(target.id());
      }
    }
    if (focus.isEmpty()) {
      return;
    }
    try {
      LogWindows logs = reader.readLogs(current, clock.instant());
      judge(
          current,
          new Observations(Map.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), logs),
          reads.lastFailure(),
          focus,
          false);
    } catch (InfluxReadException e) {
      LOG.warn("the log rules' matches cannot be read, kept as they are: {}", e.getMessage());
    }
  }

  /**
   * Reads no further back than {@code window} (and the overlap) in a full evaluation (the stream's
   * reconciliation), unless a gap is known ({@link #gap}).
   */
  public void readWindow(Duration window) {
    reads.window(window);
  }

  /**
   * Points written from {@code from} may not have come by the stream (its receiver was down or
   * full): the next full evaluation reads from there.
   */
  public void gap(Instant from) {
    reads.gap(from);
  }

  /** The deadlines of the targets judged so far: when each must be judged again without data. */
  public synchronized Timers.Due due(Instant now) {
    return timers.due(now);
  }

  /** The earliest deadline, or null when no target has one. */
  public synchronized @Nullable Instant nextDeadline() {
    return timers.next();
  }

  private void judge(
      Inventory current,
      @Nullable Observations observations,
      @Nullable String failure,
      @Nullable Set<String> focus,
      boolean andNew) {
    long start = System.nanoTime();
    List<Decision> stored;
    List<Transition> changed;
    synchronized (this) {
      Instant now = clock.instant();
      if (andNew && focus != null && observations != null) {
        focus = Timers.withNew(focus, observations, state);
      }
      long judgeStart = System.nanoTime();
      Set<String> judged = new HashSet<>();
      Cycle cycle =
          outside(engine.evaluate(current, observations, failure, now, state, focus, judged), now);
      if (focus != null && reads.lastFailure() != null) {
        // InfluxDB could not be read lately: the stream's silence says nothing of the targets.
        cycle = cycle.unevaluated();
      }
      long storeStart = System.nanoTime();
      judgeTime.record(Duration.ofNanos(storeStart - judgeStart));
      try {
        stored = store.commit(cycle, state);
        storeTime.record(Duration.ofNanos(System.nanoTime() - storeStart));
      } catch (RuntimeException e) {
        // The next evaluation starts from the stored state: nothing acted on is lost.
        LOG.error("the evaluation could not be stored; reloading the stored state", e);
        reload();
        timers.clear();
        return;
      }
      lastEvaluation = now;
      changed = cycle.transitions();
      timers.judged(engine.index(current), state, judged, cycle.removed(), now);
      if (!changed.isEmpty() || focus == null) {
        recount();
      }
      long writeStart = System.nanoTime();
      flushTransitions(
          now,
          observations != null,
          cycle.transitions().stream()
              .map(Transition::target)
              .collect(java.util.stream.Collectors.toSet()));
      writeTime.record(Duration.ofNanos(System.nanoTime() - writeStart));
    }
    evaluationTime.record(Duration.ofNanos(System.nanoTime() - start));
    tell(changed, stored);
  }

  /** Gives the stored transitions and decisions to their watchers and listeners. */
  private void tell(List<Transition> changed, List<Decision> stored) {
    for (Transition transition : changed) {
      for (Consumer<Transition> watcher : watchers) {
        try {
          watcher.accept(transition);
        } catch (RuntimeException e) {
          LOG.error("a transition watcher failed on {}", transition.target(), e);
        }
      }
    }
    for (Decision decision : stored) {
      LOG.info(
          "decision {}: {} {} {} {} ({})",
          decision.seq(),
          decision.kind(),
          decision.target() == null ? decision.check() : decision.target(),
          decision.status(),
          decision.cause(),
          decision.why());
      for (Consumer<Decision> listener : listeners) {
        try {
          listener.accept(decision);
        } catch (RuntimeException e) {
          LOG.error("a decision listener failed on decision {}", decision.seq(), e);
        }
      }
    }
  }

  /** Adds the raising or clearing of the conditions watched outside the engine to a cycle. */
  private Cycle outside(Cycle cycle, Instant now) {
    if (outside.isEmpty()) {
      return cycle;
    }
    List<Decision> decisions = new ArrayList<>(cycle.decisions());
    boolean changed = cycle.conditionsChanged();
    for (Map.Entry<String, Function<Instant, @Nullable String>> watched : outside.entrySet()) {
      String message;
      try {
        message = watched.getValue().apply(now);
      } catch (RuntimeException e) {
        LOG.warn("condition {} could not be looked at; left as it is", watched.getKey(), e);
        continue;
      }
      changed |= engine.outside(state, watched.getKey(), message, now, decisions);
    }
    return cycle.withDecisions(decisions, changed);
  }

  private void reload() {
    EngineState fresh = store.load();
    state.targets().clear();
    state.targets().putAll(fresh.targets());
    state.silences().clear();
    state.silences().putAll(fresh.silences());
    state.acks().clear();
    state.acks().putAll(fresh.acks());
    state.conditions().clear();
    state.conditions().putAll(fresh.conditions());
    state.collectors().clear();
    state.collectors().putAll(fresh.collectors());
  }

  /** Writes the stored transitions InfluxDB does not have yet, then the periodic refresh. */
  private void flushTransitions(
      Instant now, boolean influxReadable, java.util.Set<String> justChanged) {
    try {
      while (true) {
        List<StateStore.Pending> pending = store.unwritten(WRITE_BATCH);
        if (pending.isEmpty()) {
          break;
        }
        writer.write(pending.stream().map(StateStore.Pending::transition).toList());
        store.markWritten(pending);
      }
      if (influxReadable && !now.isBefore(lastRefresh.plus(refreshEvery))) {
        writer.refresh(state.targets().values(), now, justChanged);
        lastRefresh = now;
      }
      lastWriteFailure = null;
    } catch (RuntimeException e) {
      lastWriteFailure = String.valueOf(e.getMessage());
      LOG.warn("status points not written yet, kept for the next evaluation: {}", lastWriteFailure);
    }
  }

  private void recount() {
    Map<Status, Integer> c = new EnumMap<>(Status.class);
    state.targets().values().forEach(t -> c.merge(t.status(), 1, Integer::sum));
    counts = c;
  }

  // ---- what the API asks

  @Override
  public synchronized List<TargetState> statuses() {
    return List.copyOf(state.targets().values());
  }

  public synchronized @Nullable TargetState target(String id) {
    return state.targets().get(id);
  }

  public List<Transition> history(String target, int limit) {
    return store.history(target, limit);
  }

  public synchronized List<Condition> conditions() {
    return List.copyOf(state.conditions().values());
  }

  /** When each collector was last heard from: the time of its newest poll or probe point. */
  public synchronized Map<String, Instant> collectors() {
    return Map.copyOf(state.collectors());
  }

  @Override
  public synchronized List<Silence> silences() {
    return List.copyOf(state.silences().values());
  }

  @Override
  public synchronized Map<String, Acknowledgement> acknowledgements() {
    return Map.copyOf(state.acks());
  }

  /** The silences a user may see: those of a target or client of their scope. */
  public synchronized List<Silence> silences(Scope scope) {
    return scoped.silences(scope);
  }

  /** The client of a target, from the inventory or else from its last state; null if unknown. */
  public synchronized @Nullable String clientOf(String target) {
    return scoped.clientOf(target);
  }

  @Override
  public List<Decision> decisionsAfter(long seq, int limit) {
    return store.decisionsAfter(seq, limit);
  }

  /**
   * The decisions of the scope's clients after {@code seq}. Read page by page until {@code limit}
   * are found or the stream ends, so that a reader whose clients are quiet while others' are not
   * still reaches the end rather than getting an empty page and stopping short.
   */
  public List<Decision> decisionsAfter(long seq, int limit, Scope scope) {
    return scoped.decisionsAfter(seq, limit, scope);
  }

  @Override
  public Inventory inventory() {
    return inventory.get();
  }

  /**
   * Creates a silence, stored before it is returned.
   *
   * @throws BadRequest when the target or client is unknown or the times do not make sense
   */
  public synchronized Silence silence(
      @Nullable String target,
      @Nullable String client,
      @Nullable Instant starts,
      @Nullable Instant ends,
      String author,
      @Nullable String reason) {
    return silence(
        Scope.ALL, new SilenceRequest(target, client, starts, ends, reason, false), author);
  }

  /**
   * Creates a silence on a target or client of the scope; one outside it is refused with the very
   * words used for an id that does not exist.
   */
  public synchronized Silence silence(Scope scope, SilenceRequest request, String author) {
    return scoped.silence(scope, request, author);
  }

  /** Removes a silence; false if there was none with that id. */
  public synchronized boolean deleteSilence(String id) {
    return deleteSilence(id, Scope.ALL);
  }

  /** Removes a silence of the scope; false if there was none with that id in it. */
  public synchronized boolean deleteSilence(String id, Scope scope) {
    return scoped.deleteSilence(id, scope);
  }

  /** Ends a silence of the scope now (kept on record if it was in force); false if unknown. */
  public synchronized boolean endSilence(String id, Scope scope) {
    return scoped.endSilence(id, scope);
  }

  /**
   * Acknowledges a target's problem.
   *
   * @throws BadRequest when the target is unknown or not in ERROR or DEAD
   */
  public synchronized Acknowledgement acknowledge(
      String target, String author, @Nullable String comment) {
    return acknowledge(target, author, comment, Scope.ALL);
  }

  /** Acknowledges a problem of a target of the scope; any other target is unknown. */
  public synchronized Acknowledgement acknowledge(
      String target, String author, @Nullable String comment, Scope scope) {
    return scoped.acknowledge(target, author, comment, scope);
  }

  /** For health: when the last evaluation ran and what went wrong lately. */
  public record Health(
      @Nullable Instant lastEvaluation,
      @Nullable String readFailure,
      @Nullable String writeFailure,
      int conditions) {}

  public Health health() {
    return new Health(lastEvaluation, reads.lastFailure(), lastWriteFailure, conditions().size());
  }

  /** A request that cannot be applied, with a message naming the key and the value. */
  public static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadRequest(String message) {
      super(message);
    }
  }
}
