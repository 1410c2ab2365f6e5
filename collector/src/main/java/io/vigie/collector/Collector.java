package io.vigie.collector;

import io.vigie.collector.agent.HostStats;
import io.vigie.collector.agent.LocalAgentSource;
import io.vigie.collector.agent.OshiHostStats;
import io.vigie.collector.group.Polling;
import io.vigie.collector.influx.BatchWriter;
import io.vigie.collector.influx.InfluxBatchWriter;
import io.vigie.collector.influx.Shipper;
import io.vigie.collector.logs.LogPipeline;
import io.vigie.collector.metrics.CollectorMetrics;
import io.vigie.collector.metrics.SelfMetricsReporter;
import io.vigie.collector.probe.DnsProber;
import io.vigie.collector.probe.HttpProber;
import io.vigie.collector.probe.IcmpProber;
import io.vigie.collector.probe.LazyProber;
import io.vigie.collector.probe.Prober;
import io.vigie.collector.probe.Probers;
import io.vigie.collector.probe.RtspProber;
import io.vigie.collector.probe.SipProber;
import io.vigie.collector.probe.TcpProber;
import io.vigie.collector.schedule.PollScheduler;
import io.vigie.collector.schedule.ProbeSources;
import io.vigie.collector.snmp.SnmpEngine;
import io.vigie.collector.snmp.SnmpSource;
import io.vigie.collector.source.SourceFactory;
import io.vigie.collector.source.Sources;
import io.vigie.collector.spool.Spool;
import io.vigie.collector.spool.SpoolSink;
import io.vigie.collector.ssh.SshLogs;
import io.vigie.collector.ssh.SshSessions;
import io.vigie.collector.ssh.SshSource;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.InventoryException;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.model.inventory.InventoryWatcher;
import io.vigie.model.inventory.SecretResolver;
import io.vigie.model.inventory.TargetKind;
import io.vigie.model.probe.ProbeType;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector pipeline, free of Spring: inventory → scheduler → sources → spool → shipper →
 * InfluxDB.
 *
 * <p>Nothing but poll turns runs on the scheduler's timer: a reload parses on a thread of its own
 * ({@code vigie-inventory}; a 50 MB inventory takes about a second) and only hands the parsed
 * inventory to {@link PollScheduler#apply}; the self metrics and the spool's fsync, which can wait
 * on the disk, run on {@code vigie-upkeep}.
 *
 * <p>One file, just past 400 lines since issue 21 added the transport and group seam ({@link
 * Scaling}): the start order and the close order of the pipeline are read side by side here; the
 * {@code start} overloads are what should move out next.
 */
public final class Collector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Collector.class);

  private final Spool spool;
  private final Shipper shipper;
  private final PollScheduler scheduler;
  private final Polling polling;
  private final InventoryWatcher watcher;
  private final ScheduledExecutorService inventoryThread;
  private final ScheduledExecutorService upkeepThread;
  private final LogPipeline logs;
  private final @Nullable SshLogs followed;

  private Collector(
      Spool spool,
      Shipper shipper,
      PollScheduler scheduler,
      Polling polling,
      InventoryWatcher watcher,
      ScheduledExecutorService inventoryThread,
      ScheduledExecutorService upkeepThread,
      LogPipeline logs,
      @Nullable SshLogs followed) {
    this.logs = logs;
    this.followed = followed;
    this.spool = spool;
    this.shipper = shipper;
    this.scheduler = scheduler;
    this.polling = polling;
    this.watcher = watcher;
    this.inventoryThread = inventoryThread;
    this.upkeepThread = upkeepThread;
  }

  /** The sources this build knows: the local host, SNMP devices and SSH hosts. */
  public static SourceFactory defaultSources(SnmpEngine snmp, SshSessions ssh, Clock clock) {
    // One OSHI instance for every local target: it caches hardware facts that cost to read.
    HostStats host = new OshiHostStats();
    SecretResolver secrets = SecretResolver.fromSystem();
    return new Sources(
        Map.of(
            TargetKind.LOCAL, target -> new LocalAgentSource(host),
            TargetKind.SNMP, target -> new SnmpSource(snmp, target, secrets, clock),
            TargetKind.SSH, target -> new SshSource(ssh, target, secrets, clock)));
  }

  /**
   * The probers this build knows, one per probe type; the caller closes them after the collector.
   *
   * @param trustStore authorities https probes trust besides the JVM's, or null
   */
  public static Probers defaultProbers(@Nullable Path trustStore) throws IOException {
    SecretResolver secrets = SecretResolver.fromSystem();
    LazyProber.Factory http = () -> new HttpProber(secrets, trustStore);
    if (trustStore != null) {
      // A trust store that cannot be used stops the start, as a bad setting does, rather than
      // failing every https probe later: the prober is made now.
      Prober made;
      try {
        made = new HttpProber(secrets, trustStore);
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalArgumentException(
            "vigie.probes.trust-store (VIGIE_PROBES_TRUST_STORE) "
                + trustStore
                + " cannot be used: "
                + e.getMessage(),
            e);
      }
      http = () -> made;
    }
    // Each made at its type's first probe: an inventory without probes loads none of them.
    return new Probers(
        Map.of(
            ProbeType.TCP, LazyProber.of(TcpProber::new),
            ProbeType.HTTP, LazyProber.of(http),
            ProbeType.ICMP, LazyProber.of(IcmpProber::new),
            ProbeType.DNS, LazyProber.of(DnsProber::new),
            ProbeType.SIP, LazyProber.of(SipProber::new),
            ProbeType.RTSP, LazyProber.of(() -> RtspProber.withSecrets(secrets))));
  }

  /** A collector without probers: every probe of the inventory fails, saying so. */
  public static Collector start(
      CollectorSettings settings,
      InventoryLoader loader,
      SourceFactory sources,
      CollectorMetrics metrics,
      Clock clock)
      throws IOException, InventoryException {
    return start(settings, loader, sources, ProbeSources.NONE, metrics, clock);
  }

  /** A collector that follows no log over SSH. */
  public static Collector start(
      CollectorSettings settings,
      InventoryLoader loader,
      SourceFactory sources,
      ProbeSources probes,
      CollectorMetrics metrics,
      Clock clock)
      throws IOException, InventoryException {
    return start(settings, loader, sources, probes, null, metrics, clock);
  }

  /** A collector on one machine: straight to InfluxDB, polling the targets of no group. */
  public static Collector start(
      CollectorSettings settings,
      InventoryLoader loader,
      SourceFactory sources,
      ProbeSources probes,
      @Nullable SshSessions ssh,
      CollectorMetrics metrics,
      Clock clock)
      throws IOException, InventoryException {
    return start(settings, loader, sources, probes, ssh, metrics, clock, Scaling.NONE);
  }

  /**
   * Past one machine (docs/scaling.md): where the spools' points go instead of InfluxDB, and the
   * collector group this collector is a member of.
   *
   * @param metrics the metrics spool's writer (the NATS stream), or null for InfluxDB
   * @param logs the logs spool's writer, or null for InfluxDB's logs retention policy
   * @param group the collector group, or null for a collector that polls the targets of no group
   * @param owned the targets a member owns now, asked each time its ownership changes
   */
  public record Scaling(
      @Nullable BatchWriter metrics,
      @Nullable BatchWriter logs,
      @Nullable String group,
      Supplier<Set<String>> owned) {
    public static final Scaling NONE = new Scaling(null, null, null, Set::of);
  }

  /**
   * Loads the inventory (refusing to start on an invalid one), opens the spools (replaying what a
   * previous process left), and starts polling, probing, receiving and following logs, and
   * shipping.
   *
   * @param ssh the sessions SSH targets' logs are followed over (their polls' own), or null
   */
  public static Collector start(
      CollectorSettings settings,
      InventoryLoader loader,
      SourceFactory sources,
      ProbeSources probes,
      @Nullable SshSessions ssh,
      CollectorMetrics metrics,
      Clock clock,
      Scaling scaling)
      throws IOException, InventoryException {
    InventoryWatcher.Snapshot first = InventoryWatcher.read(settings.inventory());
    Inventory inventory = loader.parse(first.text(), settings.inventory().toString());
    Spool spool =
        Spool.open(
            settings.dataDir().resolve("spool"),
            settings.spoolMaxBytes(),
            settings.spoolSegmentBytes(),
            metrics);
    if (spool.pending() > 0) {
      LOG.info("spool holds {} points from before; replaying them first", spool.pending());
    }
    metrics.gauge("vigie.spool.bytes", "bytes in the spool", spool::sizeBytes);
    metrics.gauge("vigie.spool.pending", "points waiting to be written", spool::pending);

    BatchWriter writer;
    if (scaling.metrics() != null) {
      writer = scaling.metrics();
    } else {
      InfluxBatchWriter influx = new InfluxBatchWriter(settings.influx());
      if (settings.influx().createDatabase()) {
        influx.createDatabase();
      }
      writer = influx;
    }
    Shipper shipper =
        new Shipper(
                spool,
                writer,
                settings.shipper(),
                metrics,
                clock,
                settings.dataDir().resolve("rejected.lp"))
            .start();

    SpoolSink sink = new SpoolSink(spool, metrics);
    PollScheduler scheduler =
        new PollScheduler(
            sources, probes, sink, metrics, clock, settings.collectorId(), settings.workers());
    LOG.info("collector {} reading {}", settings.collectorId(), settings.inventory());

    LogPipeline logs;
    SshLogs followed = null;
    {
      try {
        logs =
            LogPipeline.start(
                settings.logs(),
                settings.influx(),
                settings.shipper(),
                settings.dataDir(),
                settings.spoolSegmentBytes(),
                settings.collectorId(),
                inventory.targets(),
                sink,
                metrics,
                clock,
                scaling.logs());
      } catch (IOException | RuntimeException e) {
        scheduler.close();
        shipper.close();
        spool.close();
        throw e;
      }
      if (ssh != null) {
        followed =
            new SshLogs(ssh, SecretResolver.fromSystem(), logs.intake(), logs.positions(), clock);
      }
    }
    Polling polling = new Polling(scheduler, followed, scaling.group(), scaling.owned(), inventory);
    PollScheduler.Change change = polling.apply(inventory);
    LOG.info(
        "collector {}{} polling {} targets",
        settings.collectorId(),
        scaling.group() == null ? "" : " (collector group " + scaling.group() + ")",
        change.added().size());
    LogPipeline logsPipeline = logs;
    InventoryWatcher watcher =
        new InventoryWatcher(
            settings.inventory(),
            loader,
            first,
            inventory,
            next -> {
              PollScheduler.Change applied = polling.apply(next);
              logsPipeline.targets(next.targets());
              LOG.info("inventory reloaded: {}", applied);
            },
            metrics::inventoryReload);
    ScheduledExecutorService inventoryThread = singleThread("vigie-inventory");
    long reload = settings.reloadInterval().toMillis();
    // Nothing waits on these periodic tasks: their executors' shutdown on close cancels them. The
    // expected failures are handled inside (the watcher's reload errors, the sync's I/O errors);
    // an unexpected one is logged and the task goes on (guarded), where the executor would
    // otherwise end it without a word.
    ScheduledFuture<?> unusedReloads =
        inventoryThread.scheduleWithFixedDelay(
            guarded("inventory reload", watcher), reload, reload, TimeUnit.MILLISECONDS);

    ScheduledExecutorService upkeepThread = singleThread("vigie-upkeep");
    long self = settings.selfInterval().toMillis();
    ScheduledFuture<?> unusedSelfMetrics =
        upkeepThread.scheduleAtFixedRate(
            guarded(
                "self metrics",
                new SelfMetricsReporter(metrics, sink, clock, settings.collectorId())),
            self,
            self,
            TimeUnit.MILLISECONDS);
    long sync = settings.spoolSyncInterval().toMillis();
    ScheduledFuture<?> unusedSyncs =
        upkeepThread.scheduleWithFixedDelay(
            guarded(
                "spool sync",
                () -> {
                  try {
                    spool.force();
                  } catch (IOException e) {
                    LOG.error("spool sync failed", e);
                  }
                }),
            sync,
            sync,
            TimeUnit.MILLISECONDS);
    return new Collector(
        spool, shipper, scheduler, polling, watcher, inventoryThread, upkeepThread, logs, followed);
  }

  /** The logs' pipeline: reception (when an address is configured), spool, shipping. */
  public LogPipeline logs() {
    return logs;
  }

  /** The logs followed over SSH, or null when the collector was started without SSH sessions. */
  public @Nullable SshLogs followed() {
    return followed;
  }

  public Spool spool() {
    return spool;
  }

  public Shipper shipper() {
    return shipper;
  }

  public PollScheduler scheduler() {
    return scheduler;
  }

  /** What this collector polls of the inventory. */
  public Polling polling() {
    return polling;
  }

  public InventoryWatcher watcher() {
    return watcher;
  }

  /** Stops polling, then shipping; whatever is not written stays in the spool for next time. */
  @Override
  public void close() throws IOException {
    // Not interrupted: an interrupt in the middle of a file channel's write closes the channel.
    // A reload in progress ends first, so that it never applies to a stopped scheduler.
    inventoryThread.shutdown();
    awaitStopped(inventoryThread);
    scheduler.close();
    if (followed != null) {
      followed.close();
    }
    logs.close();
    upkeepThread.shutdown();
    awaitStopped(upkeepThread);
    shipper.close();
    spool.close();
  }

  private static void awaitStopped(ScheduledExecutorService thread) {
    try {
      if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("a collector thread did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The task, logging what it throws instead of letting it end the schedule. */
  static Runnable guarded(String name, Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.error("{} failed unexpectedly; it runs again at its next turn", name, e);
      }
    };
  }

  private static ScheduledExecutorService singleThread(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        runnable -> {
          Thread thread = new Thread(runnable, name);
          thread.setDaemon(true);
          return thread;
        });
  }
}
