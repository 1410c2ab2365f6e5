package io.vigie.collector.schedule;

import io.vigie.collector.metrics.CollectorMetrics;
import io.vigie.collector.point.PointSink;
import io.vigie.collector.source.PollFailure;
import io.vigie.collector.source.SourceFactory;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.Target;
import io.vigie.model.poll.FailureKind;
import io.vigie.model.probe.Probe;
import io.vigie.model.schema.Schema;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
 * turn. When the timer falls behind, {@link
 * java.util.concurrent.ScheduledExecutorService#scheduleAtFixedRate} runs the missed turns back to
 * back; those turns (late by a whole interval or more) are not polled, so a device never gets a
 * burst of polls, but each is still counted and written as a skipped poll.
 *
 * <p>The timer thread must never wait: nothing but ticks runs on it.
 */
public final class PollScheduler implements AutoCloseable {
  private final SourceFactory sources;
  private final ProbeSources probes;
  private final String collectorId;
  private final Job.Context ctx;
  private final Map<String, Scheduled> scheduled = new HashMap<>();

  /** A scheduler for targets without probes (a probe gets a source that fails: no prober). */
  public PollScheduler(
      SourceFactory sources,
      PointSink sink,
      CollectorMetrics metrics,
      Clock clock,
      String collectorId,
      int workerThreads) {
    this(sources, ProbeSources.NONE, sink, metrics, clock, collectorId, workerThreads);
  }

  public PollScheduler(
      SourceFactory sources,
      ProbeSources probes,
      PointSink sink,
      CollectorMetrics metrics,
      Clock clock,
      String collectorId,
      int workerThreads) {
    this.sources = sources;
    this.probes = probes;
    this.collectorId = collectorId;
    this.ctx =
        new Job.Context(
            Executors.newSingleThreadScheduledExecutor(daemon("vigie-scheduler")),
            Executors.newFixedThreadPool(workerThreads, daemon("vigie-poll")),
            clock,
            metrics,
            sink);
    metrics.gauge("vigie.targets", "targets scheduled", this::targets);
  }

  /** What a job is made from; a job restarts when this changes. */
  private record Scheduled(String target, Object definition, Job job) {}

  /**
   * Makes the schedule match the inventory: new targets and probes start, removed ones stop,
   * changed ones restart with a fresh source. Unchanged ones keep their rhythm and their state: a
   * target's polls do not restart when only its probes change, nor a probe when another does.
   */
  public synchronized Change apply(Inventory inventory) {
    Map<String, Target> wanted = inventory.targetsById();
    Map<String, Object> definitions = new HashMap<>();
    Map<String, Target> owners = new HashMap<>();
    for (Target target : wanted.values()) {
      Target polled = withoutProbes(target);
      if (target.polled()) {
        definitions.put(target.id(), polled);
        owners.put(target.id(), target);
      }
      for (Probe probe : target.probes()) {
        String key = probeKey(target, probe);
        definitions.put(key, new ProbeDefinition(polled, probe));
        owners.put(key, target);
      }
    }
    Set<String> before = targetIds();
    Set<String> touched = new HashSet<>();
    Map<String, Long> lastStamps = new HashMap<>();
    for (String key : Set.copyOf(scheduled.keySet())) {
      Scheduled old = Objects.requireNonNull(scheduled.get(key), "a key of the map");
      Object definition = definitions.get(key);
      if (definition == null || !definition.equals(old.definition())) {
        scheduled.remove(key);
        old.job().cancel();
        touched.add(old.target());
        if (definition != null) {
          lastStamps.put(key, old.job().lastStamp());
        }
      }
    }
    for (Map.Entry<String, Object> e : definitions.entrySet()) {
      String key = e.getKey();
      if (scheduled.containsKey(key)) {
        continue;
      }
      Target target = Objects.requireNonNull(owners.get(key), "every definition has its target");
      touched.add(target.id());
      Map<String, String> tags = new HashMap<>(target.labels());
      tags.put(Schema.TAG_CLIENT, target.client());
      tags.put(Schema.TAG_TARGET, target.id());
      tags.put(Schema.TAG_KIND, target.kind().code());
      // A restarted job may keep its series: its stamps go on from the old one's.
      long lastStamp = lastStamps.getOrDefault(key, Long.MIN_VALUE);
      Job job;
      if (e.getValue() instanceof ProbeDefinition definition) {
        Probe probe = definition.probe();
        job =
            new Job(
                ctx,
                key,
                probe.interval(),
                probes.create(target, probe),
                new ProbeEmission(probe, tags, collectorId),
                lastStamp);
      } else {
        job =
            new Job(
                ctx,
                key,
                target.interval(),
                sources.create(target),
                new PollEmission(target, tags, collectorId),
                lastStamp);
      }
      scheduled.put(key, new Scheduled(target.id(), e.getValue(), job));
      job.start();
    }
    Set<String> after = targetIds();
    Set<String> added = new TreeSet<>(after);
    added.removeAll(before);
    Set<String> removed = new TreeSet<>(before);
    removed.removeAll(after);
    Set<String> changed = new TreeSet<>(touched);
    changed.retainAll(before);
    changed.retainAll(after);
    return new Change(List.copyOf(added), List.copyOf(removed), List.copyOf(changed));
  }

  private record ProbeDefinition(Target target, Probe probe) {}

  private static String probeKey(Target target, Probe probe) {
    return target.id() + "/" + probe.check();
  }

  private static Target withoutProbes(Target t) {
    return t.probes().isEmpty()
        ? t
        : new Target(
            t.id(),
            t.client(),
            t.kind(),
            t.address(),
            t.interval(),
            t.parent(),
            t.credentials(),
            t.labels(),
            t.snmp(),
            t.ssh());
  }

  /** What {@link #apply} did, by target id. */
  public record Change(List<String> added, List<String> removed, List<String> changed) {
    public boolean isEmpty() {
      return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }

    @Override
    public String toString() {
      return "added " + added + ", removed " + removed + ", changed " + changed;
    }
  }

  /** Scheduled jobs: a target's polls and each of its probes count one. */
  public synchronized int size() {
    return scheduled.size();
  }

  private synchronized int targets() {
    return targetIds().size();
  }

  private Set<String> targetIds() {
    Set<String> targets = new HashSet<>();
    scheduled.values().forEach(s -> targets.add(s.target()));
    return targets;
  }

  /**
   * Turns done so far per job, counting failed and skipped ones: for tests and the demo. A target's
   * polls are under its id, a probe's under {@code id/probe:NAME}.
   */
  public synchronized Map<String, Long> pollCounts() {
    Map<String, Long> counts = new HashMap<>();
    scheduled.forEach((key, entry) -> counts.put(key, entry.job().runs()));
    return counts;
  }

  @Override
  public void close() {
    synchronized (this) {
      // Entries stay, cancelled, so that their counts can still be read.
      scheduled.values().forEach(s -> s.job().cancel());
    }
    ctx.timer().shutdownNow();
    ExecutorService workers = ctx.workers();
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
