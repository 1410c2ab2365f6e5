package io.vigie.alerting.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vigie.alerting.influx.InfluxReader;
import io.vigie.alerting.influx.LineProtocol;
import io.vigie.alerting.influx.WrittenPoints;
import io.vigie.alerting.service.AlertingService;
import io.vigie.alerting.service.Timers;
import io.vigie.alerting.status.LogWindows;
import io.vigie.alerting.status.Observations;
import io.vigie.alerting.status.Silence;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming evaluation: points come from InfluxDB's subscription as they are written, and each
 * target is judged when its points arrive and when one of its deadlines comes ({@link Timers}), on
 * one thread ({@code vigie-stream}). The cost follows the points written, not the number of
 * targets.
 *
 * <p>A subscription is best effort (InfluxDB drops what a subscriber does not take), so the full
 * evaluation stays, less often: {@link #reconcile} reads the latest points of every target at each
 * reconcile interval, and at once when a target's no-data deadline comes (a point the stream lost
 * never makes a target DEAD) or when this side knows it lost points (its queue was full).
 *
 * <p>One file, just past 400 lines: the stream's thread, its reconciliation and the subscription's
 * upkeep share the state that decides between them (what arrived last, whether a read is wanted,
 * whether InfluxDB took the subscription). The upkeep on each replica lives in {@link
 * Subscriptions}; what stays here is what the reconciliation decides from its outcome.
 */
public final class Streaming implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Streaming.class);
  private static final Duration LONGEST_WAIT = Duration.ofSeconds(1);
  private static final Duration RETRY = Duration.ofSeconds(5);

  private final AlertingService service;
  private final Supplier<Inventory> inventory;
  private final Clock clock;
  private final StreamSettings settings;
  private final BlockingQueue<Arrived> queue = new LinkedBlockingQueue<>();
  private final AtomicLong queued = new AtomicLong();
  private final Set<String> marked = ConcurrentHashMap.newKeySet();
  // Targets whose no-data deadline came: judged by the next reconciliation, after its read.
  private final Set<String> readDue = ConcurrentHashMap.newKeySet();
  private final Counter received;
  private final Counter dropped;
  private final Counter unreadable;
  private final Timer lag;
  private final Receiver receiver;
  private final Subscriptions subscriptions;
  private final Duration unsubscribedInterval;
  private volatile @Nullable Subscription subscription;
  private @Nullable String subscribeFailure;
  private final Thread thread;
  private final java.util.concurrent.CountDownLatch started =
      new java.util.concurrent.CountDownLatch(1);
  private volatile boolean stopping;
  private volatile boolean reconcileWanted;
  private volatile @Nullable String silence;
  private volatile Instant lastReceived;
  private Instant lastReconcile = Instant.EPOCH;
  private Instant lastAttempt = Instant.EPOCH;
  private boolean lastFailed;
  private Instant lastTick;

  private record Arrived(LineProtocol.Batch batch, long nanos, Instant at) {}

  private Streaming(
      AlertingService service,
      Supplier<Inventory> inventory,
      Clock clock,
      StreamSettings settings,
      MeterRegistry registry,
      ReceiverFactory receivers,
      Subscriptions subscriptions,
      Duration unsubscribedInterval)
      throws java.io.IOException {
    this.service = service;
    this.inventory = inventory;
    this.clock = clock;
    this.settings = settings;
    this.lastTick = clock.instant();
    this.lastReceived = lastTick;
    this.received =
        Counter.builder("vigie.alerting.stream.points")
            .description("points received from InfluxDB's subscriptions (a copy per replica)")
            .register(registry);
    this.dropped =
        Counter.builder("vigie.alerting.stream.dropped")
            .description("points dropped because the engine was behind (read again)")
            .register(registry);
    this.unreadable =
        Counter.builder("vigie.alerting.stream.unreadable")
            .description("lines of a subscription write that were not line protocol")
            .register(registry);
    this.lag =
        Timer.builder("vigie.alerting.stream.lag")
            .description("from a write's arrival to its points judged and stored")
            .register(registry);
    service.onMarked(marked::add);
    // A subscription InfluxDB does not serve ([subscriber] disabled, a URL it cannot reach) would
    // leave the engine to the reconciliations alone: one condition for the NOC says so.
    service.watchCondition("stream", now -> silence);
    this.subscriptions = subscriptions;
    this.unsubscribedInterval = unsubscribedInterval;
    this.receiver = receivers.open(this::arrived);
    subscribe();
    this.thread = new Thread(this::run, "vigie-stream");
    thread.setDaemon(true);
    thread.start();
  }

  /** Opens the receiver on its address. */
  interface ReceiverFactory {
    Receiver open(java.util.function.Consumer<LineProtocol.Batch> points)
        throws java.io.IOException;
  }

  /**
   * Starts the receiver, subscribes, and starts judging points as they arrive. A subscription
   * InfluxDB refuses (the database not made yet, a 2.x, a user without the right) is tried again at
   * each full evaluation, which run every {@code unsubscribedInterval} meanwhile: the design before
   * the stream, until InfluxDB takes it. With several replicas the subscription is made on each
   * ({@link Subscriptions}).
   *
   * @throws java.io.IOException when the receiver cannot listen
   */
  public static Streaming start(
      AlertingService service,
      Supplier<Inventory> inventory,
      io.vigie.alerting.influx.InfluxReplicas replicas,
      String database,
      Clock clock,
      StreamSettings settings,
      Duration unsubscribedInterval,
      MeterRegistry registry)
      throws java.io.IOException {
    return new Streaming(
        service,
        inventory,
        clock,
        settings,
        registry,
        points -> new Receiver(settings.address(), database, points),
        new Subscriptions(
            replicas.all(),
            (replica, destination) ->
                Subscription.create(replica.client(), database, settings.instance(), destination)),
        unsubscribedInterval);
  }

  /**
   * Subscribes when not subscribed, or again when InfluxDB lost the subscription (dropped by hand,
   * its meta data restored, the database made again).
   */
  private void subscribe() {
    Subscriptions.Upkeep upkeep = subscriptions.keep(settings.destination(receiver.port()));
    subscription = upkeep.live();
    String failure = upkeep.failure();
    if (failure == null) {
      subscribeFailure = null;
      // Points written while there was none are in InfluxDB only.
      if (upkeep.remade()) {
        reconcileWanted = true;
      }
    } else {
      if (!failure.equals(subscribeFailure)) {
        LOG.warn(
            "InfluxDB refuses the subscription ({}); every target is judged every {} from a read"
                + " until it takes it",
            failure,
            unsubscribedInterval);
      }
      subscribeFailure = failure;
    }
  }

  /** The receiver's port (chosen at start when the address said 0). */
  public int port() {
    return receiver.port();
  }

  /** The subscription; null while InfluxDB refuses it. */
  public @Nullable Subscription subscription() {
    return subscription;
  }

  private void arrived(LineProtocol.Batch batch) {
    int size = batch.points().size();
    lastReceived = clock.instant();
    received.increment(size);
    if (batch.unreadable() > 0) {
      unreadable.increment(batch.unreadable());
    }
    if (queued.get() + size > settings.maxQueuedPoints()) {
      // The engine is far behind: these points are read back by the next reconciliation.
      dropped.increment(size);
      // From the oldest point dropped: a collector replaying its spool writes old points.
      long oldest = batch.points().stream().mapToLong(LineProtocol.Point::nanos).min().orElse(0);
      Instant now = clock.instant();
      Instant from = oldest > 0 ? Instant.ofEpochSecond(0, oldest) : now;
      // No further back than ten reconcile intervals: older points only matter to history.
      Instant floor = now.minus(settings.reconcileInterval().multipliedBy(10));
      service.gap(from.isAfter(now) ? now : from.isBefore(floor) ? floor : from);
      reconcileWanted = true;
      return;
    }
    queued.addAndGet(size);
    queue.add(new Arrived(batch, System.nanoTime(), clock.instant()));
  }

  private void run() {
    try {
      // The start-up read comes first: the points that arrive meanwhile wait in the queue.
      while (!stopping && !started.await(LONGEST_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        // waiting
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    while (!stopping) {
      try {
        List<Arrived> arrived = new ArrayList<>();
        Arrived first = queue.poll(waitMillis(), TimeUnit.MILLISECONDS);
        if (first != null) {
          arrived.add(first);
          queue.drainTo(arrived);
        }
        step(arrived);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("a streaming step failed; the next reconciliation repairs it", e);
        reconcileWanted = true;
      }
    }
  }

  private long waitMillis() {
    Instant next = service.nextDeadline();
    if (next == null) {
      return LONGEST_WAIT.toMillis();
    }
    long ms = Duration.between(clock.instant(), next).toMillis();
    return Math.max(0, Math.min(ms, LONGEST_WAIT.toMillis()));
  }

  /** Judges what arrived, the targets whose deadline came and those whose marks changed. */
  private void step(List<Arrived> arrived) {
    Inventory current = inventory.get();
    List<LineProtocol.Point> points = new ArrayList<>();
    for (Arrived a : arrived) {
      points.addAll(a.batch().points());
    }
    Observations observations =
        points.isEmpty() ? nothing() : WrittenPoints.observations(current, points);
    Set<String> focus = targets(observations);
    Instant now = clock.instant();
    Timers.Due due = service.due(now);
    focus.addAll(due.judge());
    if (!due.read().isEmpty()) {
      readDue.addAll(due.read());
      reconcileWanted = true;
    }
    if (!marked.isEmpty() || crossed(now)) {
      Set<String> clients = new HashSet<>(marked);
      marked.removeAll(clients);
      for (Silence s : service.silences()) {
        if (isBetween(s.starts(), lastTick, now) || isBetween(s.ends(), lastTick, now)) {
          if (s.target() != null) {
            focus.add(s.target());
          } else if (s.client() != null) {
            clients.add(s.client());
          }
        }
      }
      for (Target t : current.targets()) {
        if (clients.contains(t.client())) {
          focus.add(t.id());
        }
      }
    }
    lastTick = now;
    service.evaluate(observations, focus);
    long done = System.nanoTime();
    for (Arrived a : arrived) {
      queued.addAndGet(-a.batch().points().size());
      lag.record(done - a.nanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** Whether a silence started or ended since the last step. */
  private boolean crossed(Instant now) {
    for (Silence s : service.silences()) {
      if (isBetween(s.starts(), lastTick, now) || isBetween(s.ends(), lastTick, now)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isBetween(Instant t, Instant after, Instant upTo) {
    return t.isAfter(after) && !t.isAfter(upTo);
  }

  /**
   * The reconciliation, on the evaluation loop's thread: a full evaluation when asked for (a
   * no-data deadline, points dropped, a failed step) or at each reconcile interval. A failed read
   * is tried again every few seconds.
   */
  public void reconcile() {
    Instant now = clock.instant();
    Duration every = subscription == null ? unsubscribedInterval : settings.reconcileInterval();
    // After a failed read, the next waits a few seconds, due or wanted: lastReconcile is the last
    // success's, and a due one read at every tick (4 a second) while the database was not made.
    boolean retrying = lastFailed && now.isBefore(lastAttempt.plus(RETRY));
    boolean due = !retrying && !now.isBefore(lastReconcile.plus(every));
    boolean wanted = reconcileWanted && !retrying;
    if (!due && !wanted) {
      return;
    }
    lastAttempt = now;
    reconcileWanted = false;
    // The latest round of every target: what the stream may have missed, at a bounded cost. The
    // first (start-up) and those without a subscription judge every target.
    service.readWindow(InfluxReader.longestInterval(inventory.get()));
    if (started.getCount() > 0 || subscription == null) {
      readDue.clear();
      service.evaluate();
    } else {
      Set<String> named = new HashSet<>(readDue);
      readDue.removeAll(named);
      service.reconcile(named);
      if (service.health().readFailure() != null) {
        readDue.addAll(named); // judged once InfluxDB can be read
      }
    }
    started.countDown();
    lastFailed = service.health().readFailure() != null;
    if (lastFailed) {
      reconcileWanted = true;
    } else {
      lastReconcile = now;
    }
    if (subscription == null || !lastFailed) {
      subscribe(); // also while the reads fail: the database may not be made yet
    }
    silence = streamSilence(now);
  }

  /**
   * Says so when nothing came by the stream for two reconcile intervals while the reads found
   * collectors writing: InfluxDB does not send to the subscription.
   */
  private @Nullable String streamSilence(Instant now) {
    String refused = subscribeFailure;
    if (refused != null) {
      return "InfluxDB refuses the subscription ("
          + refused
          + "): statuses come from reads every "
          + unsubscribedInterval.toSeconds()
          + " s";
    }
    Duration quiet = settings.reconcileInterval().multipliedBy(2);
    if (!now.isAfter(lastReceived.plus(quiet))) {
      return null;
    }
    Instant heard = service.collectors().values().stream().max(Instant::compareTo).orElse(null);
    if (heard == null || heard.isBefore(now.minus(settings.reconcileInterval()))) {
      return null; // nothing written at all: the collectors' own conditions say so
    }
    String message =
        "InfluxDB sends nothing to the subscription "
            + Subscription.name(settings.instance())
            + " (at "
            + settings.destination(receiver.port())
            + ") while collectors write: statuses come from reads every "
            + settings.reconcileInterval().toSeconds()
            + " s; check InfluxDB's [subscriber] section and that it can reach that address";
    if (silence == null) {
      LOG.warn(message);
    }
    return message;
  }

  private static Observations nothing() {
    return new Observations(
        Map.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), LogWindows.UNREAD);
  }

  /** Every target the points speak of. */
  private static Set<String> targets(Observations o) {
    Set<String> ids = new HashSet<>(o.polls().keySet());
    ids.addAll(o.probes().keySet());
    o.metrics().forEach(m -> ids.add(m.target()));
    o.plugins().forEach(p -> ids.add(p.target()));
    o.interfaces().forEach(i -> ids.add(i.target()));
    return ids;
  }

  /** Stops taking points, removes the subscription, and ends the thread. */
  @Override
  public void close() {
    stopping = true;
    subscriptions.close();
    receiver.close();
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
