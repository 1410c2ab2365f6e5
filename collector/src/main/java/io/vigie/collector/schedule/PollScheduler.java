package io.vigie.collector.schedule;

import io.vigie.collector.metrics.CollectorMetrics;
import io.vigie.collector.point.Point;
import io.vigie.collector.point.PointSink;
import io.vigie.collector.source.PollFailure;
import io.vigie.collector.source.PollResult;
import io.vigie.collector.source.Sample;
import io.vigie.collector.source.Source;
import io.vigie.collector.source.SourceFactory;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.Target;
import io.vigie.model.poll.FailureKind;
import io.vigie.model.poll.PollOutcome;
import io.vigie.model.schema.Schema;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one scheduler for every target: one timer thread that only dispatches, and a fixed pool of
 * workers that poll. There is no thread per target.
 *
 * <p>Each target runs at its own interval, first after a jitter derived from its id (stable across
 * restarts, so the load stays spread). A target whose previous poll is still running when its turn
 * comes is skipped: the skip is counted and written as a failed {@code poll} point, so a hung
 * target shows up instead of silently falling behind. Every poll ends in exactly one {@code poll}
 * point, whatever the source threw: a failure is data, never a dead loop.
 *
 * <p>Two points of one series never share a timestamp: InfluxDB would keep only the last. Each
 * target stamps its turns from the clock but always at least one millisecond after its previous
 * turn. When the timer falls behind, {@link ScheduledExecutorService#scheduleAtFixedRate} runs the
 * missed turns back to back; those turns (late by a whole interval or more) are not polled, so a
 * device never gets a burst of polls, but each is still counted and written as a skipped poll.
 *
 * <p>The timer thread must never wait: nothing but ticks runs on it.
 */
public final class PollScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PollScheduler.class);

  private final SourceFactory sources;
  private final PointSink sink;
  private final CollectorMetrics metrics;
  private final Clock clock;
  private final String collectorId;
  private final ScheduledExecutorService timer;
  private final ExecutorService workers;
  private final Map<String, Scheduled> scheduled = new HashMap<>();

  public PollScheduler(
      SourceFactory sources,
      PointSink sink,
      CollectorMetrics metrics,
      Clock clock,
      String collectorId,
      int workerThreads) {
    this.sources = sources;
    this.sink = sink;
    this.metrics = metrics;
    this.clock = clock;
    this.collectorId = collectorId;
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon("vigie-scheduler"));
    this.workers = Executors.newFixedThreadPool(workerThreads, daemon("vigie-poll"));
    metrics.gauge("vigie.targets", "targets scheduled", this::size);
  }

  /**
   * Makes the schedule match the inventory: new targets start, removed ones stop, changed ones
   * restart with a fresh source. Unchanged targets keep their rhythm and their state.
   */
  public synchronized Change apply(Inventory inventory) {
    Map<String, Target> wanted = inventory.targetsById();
    Map<String, Long> lastStamps = new HashMap<>();
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    for (String id : Set.copyOf(scheduled.keySet())) {
      Target target = wanted.get(id);
      Scheduled old = Objects.requireNonNull(scheduled.get(id), "a key of the map just copied");
      if (target == null) {
        scheduled.remove(id);
        old.cancel();
        removed.add(id);
      } else if (!target.equals(old.target)) {
        scheduled.remove(id);
        old.cancel();
        lastStamps.put(id, old.lastStamp.get());
        changed.add(id);
      }
    }
    for (Target target : wanted.values()) {
      if (!scheduled.containsKey(target.id())) {
        if (!changed.contains(target.id())) {
          added.add(target.id());
        }
        Map<String, String> tags = new HashMap<>(target.labels());
        tags.put(Schema.TAG_CLIENT, target.client());
        tags.put(Schema.TAG_TARGET, target.id());
        tags.put(Schema.TAG_KIND, target.kind().code());
        // A restarted target may keep its series: its stamps go on from the old entry's.
        long lastStamp = lastStamps.getOrDefault(target.id(), Long.MIN_VALUE);
        Scheduled entry = new Scheduled(target, sources.create(target), tags, lastStamp);
        scheduled.put(target.id(), entry);
        entry.start();
      }
    }
    return new Change(added, removed, changed);
  }

  /** What {@link #apply} did. */
  public record Change(List<String> added, List<String> removed, List<String> changed) {
    public boolean isEmpty() {
      return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }

    @Override
    public String toString() {
      return "added " + added + ", removed " + removed + ", changed " + changed;
    }
  }

  public synchronized int size() {
    return scheduled.size();
  }

  /** Polls done so far per target, counting failed and skipped ones: for tests and the demo. */
  public synchronized Map<String, Long> pollCounts() {
    Map<String, Long> counts = new HashMap<>();
    scheduled.forEach((id, entry) -> counts.put(id, entry.polls.get()));
    return counts;
  }

  @Override
  public void close() {
    synchronized (this) {
      // Entries stay, cancelled, so that their poll counts can still be read.
      scheduled.values().forEach(Scheduled::cancel);
    }
    timer.shutdownNow();
    workers.shutdown();
    try {
      if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** One target's schedule and state. */
  private final class Scheduled {
    private final Target target;
    private final Source source;
    private final Map<String, String> tags;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicLong polls = new AtomicLong();
    private final AtomicLong lastStamp;
    private final long intervalNanos;
    // When the next turn is due by the timer's own clock (nanoTime, as the executor uses): a turn
    // that runs a whole interval or more after it was due is one the timer missed.
    private long nextDueNanos;
    private volatile long busySince;
    private volatile boolean cancelled;
    private @Nullable ScheduledFuture<?> future;

    Scheduled(Target target, Source source, Map<String, String> tags, long lastStamp) {
      this.target = target;
      this.source = source;
      this.tags = Map.copyOf(tags);
      this.lastStamp = new AtomicLong(lastStamp);
      this.intervalNanos = target.interval().toNanos();
    }

    void start() {
      long interval = target.interval().toMillis();
      long jitter = Math.floorMod(target.id().hashCode() * 2654435761L, interval);
      nextDueNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(jitter);
      future = timer.scheduleAtFixedRate(this::tick, jitter, interval, TimeUnit.MILLISECONDS);
    }

    /** The clock's time, or one millisecond after this target's previous stamp if that is later. */
    private long stamp() {
      long now = clock.millis();
      return lastStamp.updateAndGet(last -> Math.max(now, last + 1));
    }

    void cancel() {
      cancelled = true;
      if (future != null) {
        future.cancel(false);
      }
      if (!busy.get()) {
        closeSource();
      }
    }

    private void tick() {
      long lateNanos = System.nanoTime() - nextDueNanos;
      nextDueNanos += intervalNanos;
      long now = stamp();
      if (lateNanos >= intervalNanos) {
        long late = TimeUnit.NANOSECONDS.toMillis(lateNanos);
        skip(
            now,
            0,
            FailureKind.MISSED,
            "skipped: the scheduler was " + late + " ms late; this turn was missed");
        return;
      }
      if (!busy.compareAndSet(false, true)) {
        long running = now - busySince;
        skip(
            now,
            (double) running,
            FailureKind.OVERRUN,
            "skipped: the previous poll has been running for " + running + " ms");
        return;
      }
      busySince = now;
      try {
        workers.execute(() -> poll(now));
      } catch (RuntimeException e) {
        busy.set(false); // the pool is shut down: the collector is stopping
      }
    }

    private void skip(long time, double durationMs, FailureKind kind, String reason) {
      polls.incrementAndGet();
      metrics.poll(target.kind().code(), "skipped", Duration.ZERO);
      emit(List.of(), time, false, durationMs, kind, reason, "", 0, Map.of());
    }

    private void poll(long start) {
      long startNanos = System.nanoTime();
      CompletionStage<PollResult> stage;
      try {
        stage = source.poll();
      } catch (Throwable e) {
        stage = CompletableFuture.failedFuture(e);
      }
      stage.whenComplete((result, error) -> finish(start, startNanos, result, error));
    }

    private void finish(long start, long startNanos, PollResult result, Throwable error) {
      List<Sample> samples = List.of();
      FailureKind kind;
      String reason = "";
      String warnings = "";
      long values = 0;
      Map<String, Double> timings = Map.of();
      boolean up;
      if (error == null) {
        samples = result.samples();
        values = result.values();
        timings = result.timings();
        up = result.reached();
        kind = result.failureKind();
        reason = result.failure();
        warnings = result.warnings();
      } else {
        Throwable cause =
            error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause()
                : error;
        up = false;
        kind = classify(cause);
        reason = describe(cause);
        LOG.debug("poll of {} failed: {}", target.id(), reason, cause);
        if (cause instanceof Error && !(cause instanceof StackOverflowError)) {
          LOG.error("poll of {} threw an Error", target.id(), cause);
        }
      }
      long durationNanos = System.nanoTime() - startNanos;
      try {
        polls.incrementAndGet();
        String outcome = !up ? "failed" : reason.isEmpty() ? "ok" : "partial";
        metrics.poll(target.kind().code(), outcome, Duration.ofNanos(durationNanos));
        emit(
            samples,
            start,
            up,
            durationNanos / 1_000_000.0,
            kind,
            reason,
            warnings,
            values,
            timings);
      } finally {
        busy.set(false);
        if (cancelled) {
          closeSource();
        }
      }
    }

    private void emit(
        List<Sample> samples,
        long time,
        boolean up,
        double durationMs,
        FailureKind kind,
        String reason,
        String warnings,
        long values,
        Map<String, Double> timings) {
      List<Point> points = new ArrayList<>(samples.size() + 1);
      for (Sample sample : samples) {
        Point.Builder point = Point.builder(sample.measurement()).tags(tags).time(time);
        point.tags(sample.tags()).fields(sample.fields());
        if (point.hasFields()) {
          points.add(point.build());
        }
      }
      PollOutcome outcome =
          new PollOutcome(up, kind, reason, warnings, durationMs, points.size(), values, timings);
      points.add(
          Point.builder(Schema.POLL.name())
              .tags(tags)
              .tag(Schema.TAG_COLLECTOR, collectorId)
              .time(time)
              .fields(outcome.fields())
              .build());
      sink.accept(points);
    }

    private void closeSource() {
      try {
        source.close();
      } catch (RuntimeException e) {
        LOG.warn("closing the source of {} failed", target.id(), e);
      }
    }
  }

  /**
   * The kind of a poll that completed exceptionally: a source's own {@link PollFailure} says it;
   * otherwise an I/O error or a timeout is the target's way, and anything else is a bug of the
   * collector.
   */
  static FailureKind classify(Throwable e) {
    if (e instanceof PollFailure failure) {
      return failure.failureKind();
    }
    if (e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException) {
      return FailureKind.IO;
    }
    if (e instanceof java.util.concurrent.TimeoutException) {
      return FailureKind.TIMEOUT;
    }
    return FailureKind.INTERNAL;
  }

  static String describe(Throwable e) {
    String message = e.getMessage();
    String type = e.getClass().getSimpleName();
    return message == null || message.isBlank() ? type : type + ": " + message.strip();
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
