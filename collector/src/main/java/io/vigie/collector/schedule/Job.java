package io.vigie.collector.schedule;

import io.vigie.collector.metrics.CollectorMetrics;
import io.vigie.collector.point.PointSink;
import io.vigie.collector.source.PollResult;
import io.vigie.collector.source.Sample;
import io.vigie.collector.source.Source;
import io.vigie.model.poll.FailureKind;
import io.vigie.model.poll.PollOutcome;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One schedule of the {@link PollScheduler}: a target's polls, or one of its probes. It ticks on
 * the shared timer, runs its source on the shared workers, skips a turn whose previous run is still
 * going (written as a failed turn), and ends every turn in exactly the points its {@link Emission}
 * says, whatever the source threw.
 */
final class Job {
  private static final Logger LOG = LoggerFactory.getLogger(Job.class);

  /** What every job shares: the scheduler's threads, clock, metrics and sink. */
  record Context(
      ScheduledExecutorService timer,
      ExecutorService workers,
      Clock clock,
      CollectorMetrics metrics,
      PointSink sink) {}

  private final Context ctx;
  private final String key;
  private final Duration interval;
  private final Source source;
  private final Emission emission;
  private final AtomicBoolean busy = new AtomicBoolean();
  private final AtomicLong runs = new AtomicLong();
  private final AtomicLong lastStamp;
  private final long intervalNanos;
  // When the next turn is due by the timer's own clock (nanoTime, as the executor uses): a turn
  // that runs a whole interval or more after it was due is one the timer missed.
  private long nextDueNanos;
  private volatile long busySince;
  private volatile boolean cancelled;
  private @Nullable ScheduledFuture<?> future;

  /**
   * @param key the job's name, stable across restarts: the target's id, or {@code id/probe:NAME};
   *     it also spreads the first turns (jitter)
   * @param lastStamp the previous job's last timestamp when this one replaces it, so that its
   *     series goes on without two points at one instant; {@link Long#MIN_VALUE} for a new job
   */
  Job(
      Context ctx,
      String key,
      Duration interval,
      Source source,
      Emission emission,
      long lastStamp) {
    this.ctx = ctx;
    this.key = key;
    this.interval = interval;
    this.source = source;
    this.emission = emission;
    this.lastStamp = new AtomicLong(lastStamp);
    this.intervalNanos = interval.toNanos();
  }

  void start() {
    long period = interval.toMillis();
    long jitter = Math.floorMod(key.hashCode() * 2654435761L, period);
    nextDueNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(jitter);
    future = ctx.timer().scheduleAtFixedRate(this::tick, jitter, period, TimeUnit.MILLISECONDS);
  }

  long runs() {
    return runs.get();
  }

  long lastStamp() {
    return lastStamp.get();
  }

  /** The clock's time, or one millisecond after this job's previous stamp if that is later. */
  private long stamp() {
    long now = ctx.clock().millis();
    return lastStamp.updateAndGet(last -> Math.max(now, last + 1));
  }

  void cancel() {
    cancelled = true;
    ScheduledFuture<?> scheduled = future;
    if (scheduled != null) {
      scheduled.cancel(false);
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
      ctx.workers().execute(() -> run(now));
    } catch (RuntimeException e) {
      busy.set(false); // the pool is shut down: the collector is stopping
    }
  }

  private void skip(long time, double durationMs, FailureKind kind, String reason) {
    runs.incrementAndGet();
    ctx.metrics().poll(emission.metricKind(), "skipped", Duration.ZERO);
    emit(time, List.of(), new PollOutcome(false, kind, reason, "", durationMs, 0, 0, Map.of()));
  }

  private void run(long start) {
    long startNanos = System.nanoTime();
    CompletionStage<PollResult> stage;
    try {
      stage = source.poll();
    } catch (Throwable e) {
      stage = CompletableFuture.failedFuture(e);
    }
    stage.whenComplete((result, error) -> finish(start, startNanos, result, error));
  }

  private void finish(
      long start, long startNanos, @Nullable PollResult result, @Nullable Throwable error) {
    List<Sample> samples = List.of();
    long durationNanos = System.nanoTime() - startNanos;
    double durationMs = durationNanos / 1_000_000.0;
    PollOutcome outcome;
    if (error == null && result != null) {
      samples = result.samples();
      outcome =
          new PollOutcome(
              result.reached(),
              result.failureKind(),
              result.failure(),
              result.warnings(),
              durationMs,
              0,
              result.values(),
              result.timings());
    } else {
      Throwable cause =
          error instanceof CompletionException && error.getCause() != null
              ? error.getCause()
              : error;
      if (cause == null) {
        cause = new IllegalStateException("the source completed with neither result nor error");
      }
      String reason = PollScheduler.describe(cause);
      LOG.debug("run of {} failed: {}", key, reason, cause);
      if (cause instanceof Error && !(cause instanceof StackOverflowError)) {
        LOG.error("run of {} threw an Error", key, cause);
      }
      outcome =
          new PollOutcome(
              false, PollScheduler.classify(cause), reason, "", durationMs, 0, 0, Map.of());
    }
    try {
      runs.incrementAndGet();
      String ended = !outcome.up() ? "failed" : outcome.reason().isEmpty() ? "ok" : "partial";
      ctx.metrics().poll(emission.metricKind(), ended, Duration.ofNanos(durationNanos));
      emit(start, samples, outcome);
    } finally {
      busy.set(false);
      if (cancelled) {
        closeSource();
      }
    }
  }

  private void emit(long time, List<Sample> samples, PollOutcome outcome) {
    ctx.sink().accept(emission.points(time, samples, outcome));
  }

  private void closeSource() {
    try {
      source.close();
    } catch (RuntimeException e) {
      LOG.warn("closing the source of {} failed", key, e);
    }
  }
}
