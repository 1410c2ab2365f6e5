package io.vigie.collector.logs;

import io.vigie.collector.influx.BatchWriter;
import io.vigie.collector.influx.InfluxBatchWriter;
import io.vigie.collector.influx.InfluxSettings;
import io.vigie.collector.influx.Shipper;
import io.vigie.collector.influx.ShipperSettings;
import io.vigie.collector.influx.WriteOutcome;
import io.vigie.collector.metrics.CollectorMetrics;
import io.vigie.collector.point.Point;
import io.vigie.collector.point.PointSink;
import io.vigie.collector.spool.Spool;
import io.vigie.model.inventory.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs from the socket to InfluxDB: the syslog receiver, the intake that reads and attributes each
 * message, the logs' own spool ({@code DATA_DIR/logs-spool}: lines in nanoseconds, never mixed with
 * the metrics' milliseconds) and a shipper writing into the logs' retention policy, which is
 * created at start and again whenever InfluxDB says it is missing.
 */
public final class LogPipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LogPipeline.class);

  private final SyslogReceiver receiver;
  private final LogIntake intake;
  private final Spool spool;
  private final Shipper shipper;
  private final PointSink metrics;
  private final Clock clock;
  private final ScheduledExecutorService drains;
  // Apart from the drains: setting the policy can wait on InfluxDB for its whole timeout.
  private final ScheduledExecutorService policy;
  private final io.vigie.collector.ssh.FollowPositions positions;
  // What the last checkpoint wrote; touched by the drains' thread and by close(), one after the
  // other.
  private volatile Map<String, String> saved;

  private LogPipeline(
      SyslogReceiver receiver,
      LogIntake intake,
      Spool spool,
      Shipper shipper,
      PointSink metrics,
      Clock clock,
      io.vigie.collector.ssh.FollowPositions positions) {
    this.positions = positions;
    this.saved = positions.snapshot();
    this.receiver = receiver;
    this.intake = intake;
    this.spool = spool;
    this.shipper = shipper;
    this.metrics = metrics;
    this.clock = clock;
    this.drains = daemon("vigie-log-rules");
    this.policy = daemon("vigie-logs-policy");
  }

  private static ScheduledExecutorService daemon(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  /** How often the log rules' matches are written: the alerting service sees them that late. */
  static final Duration MATCH_INTERVAL = Duration.ofSeconds(2);

  /**
   * Opens the spool (replaying what a previous process left), starts shipping, then listens on the
   * configured addresses.
   *
   * @param influx where metrics go; logs go to the same database, in their own retention policy
   * @param points the metrics' sink, where the log rules' {@code logmatch} points go
   * @param stream the writer to the NATS stream in place of InfluxDB, or null
   */
  public static LogPipeline start(
      LogsSettings settings,
      InfluxSettings influx,
      ShipperSettings shipping,
      Path dataDir,
      long spoolSegmentBytes,
      String collectorId,
      Collection<Target> targets,
      PointSink points,
      CollectorMetrics metrics,
      Clock clock,
      @Nullable BatchWriter stream)
      throws IOException {
    Spool spool =
        Spool.open(
            dataDir.resolve("logs-spool"), settings.spoolMaxBytes(), spoolSegmentBytes, metrics);
    if (spool.pending() > 0) {
      LOG.info("logs spool holds {} lines from before; replaying them first", spool.pending());
    }
    InfluxSettings logsInflux =
        new InfluxSettings(
            influx.url(),
            influx.database(),
            influx.username(),
            influx.password(),
            settings.retentionPolicy(),
            influx.gzip(),
            influx.createDatabase(),
            influx.timeout());
    InfluxBatchWriter writer = new InfluxBatchWriter(logsInflux, TimeUnit.NANOSECONDS);
    Shipper shipper =
        new Shipper(
                spool,
                stream != null ? stream : new PolicyKeeper(writer, settings),
                shipping,
                metrics,
                clock,
                dataDir.resolve("rejected-logs.lp"))
            .start();
    LogIntake intake = new LogIntake(collectorId, targets, spool, metrics, settings.zone());
    SyslogReceiver receiver = new SyslogReceiver(intake, clock, settings.maxMessageBytes());
    LogPipeline pipeline =
        new LogPipeline(
            receiver,
            intake,
            spool,
            shipper,
            points,
            clock,
            io.vigie.collector.ssh.FollowPositions.load(dataDir.resolve("logs-positions.json")));
    long every = MATCH_INTERVAL.toMillis();
    ScheduledFuture<?> unused =
        pipeline.drains.scheduleWithFixedDelay(
            pipeline::drainMatches, every, every, TimeUnit.MILLISECONDS);
    // The retention policy is set off the starting thread: a collector starts, and spools, while
    // InfluxDB is down; until it is set, it is tried again every minute (and by every write that
    // InfluxDB refuses for want of it).
    if (stream == null) {
      // Through NATS, the ingesters make the policy on their InfluxDB replicas.
      ScheduledFuture<?> unusedPolicy =
          pipeline.policy.schedule(
              () -> pipeline.keepPolicy(writer, settings), 0, TimeUnit.MILLISECONDS);
    }
    ScheduledFuture<?> unusedSyncs =
        pipeline.drains.scheduleWithFixedDelay(
            pipeline::sync, SYNC.toMillis(), SYNC.toMillis(), TimeUnit.MILLISECONDS);
    try {
      if (settings.udp() != null) {
        receiver.listenUdp(settings.udp());
      }
      if (settings.tcp() != null) {
        receiver.listenTcp(settings.tcp());
      }
      if (settings.tls() != null) {
        receiver.listenTls(
            settings.tls(),
            SyslogTls.context(
                Objects.requireNonNull(settings.tlsCertificate()),
                Objects.requireNonNull(settings.tlsKey()),
                settings.tlsClientCa()),
            settings.tlsClientCa() != null);
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      pipeline.close();
      throw new IOException("logs: cannot listen: " + e.getMessage(), e);
    }
    registerMeters(pipeline, metrics);
    return pipeline;
  }

  private static void registerMeters(LogPipeline p, CollectorMetrics metrics) {
    metrics.gauge("vigie.logs.received", "syslog messages received", p.receiver::received);
    metrics.gauge(
        "vigie.logs.truncated", "syslog messages cut at the length limit", p.receiver::truncated);
    metrics.gauge(
        "vigie.logs.udp.kernel.drops",
        "datagrams the kernel dropped on the syslog UDP socket (receive buffer full)",
        p::kernelDrops);
    metrics.gauge(
        "vigie.logs.tls.refused",
        "TLS connections refused at the handshake (no or a wrong client certificate)",
        p.receiver::refusedHandshakes);
    metrics.gauge(
        "vigie.logs.tcp.refused",
        "TCP connections refused: too many at once",
        p.receiver::refusedConnections);
    metrics.gauge(
        "vigie.logs.unattributed",
        "syslog messages no target claims, kept in the NOC's bucket",
        p.intake::unattributed);
    metrics.gauge("vigie.logs.spool.pending", "log lines waiting to be written", p.spool::pending);
    metrics.gauge("vigie.logs.spool.bytes", "bytes in the logs spool", p.spool::sizeBytes);
  }

  private void keepPolicy(InfluxBatchWriter writer, LogsSettings settings) {
    @Nullable String problem = writer.ensureRetentionPolicy(settings.retention());
    if (problem == null) {
      LOG.info(
          "logs: retention policy {} keeps lines {}",
          settings.retentionPolicy(),
          settings.retention().isZero()
              ? "forever"
              : "for " + settings.retention().toHours() + "h");
      return;
    }
    LOG.warn(
        "logs: retention policy {} not set yet ({}); tried again in a minute",
        settings.retentionPolicy(),
        problem);
    if (!policy.isShutdown()) {
      ScheduledFuture<?> unused =
          policy.schedule(() -> keepPolicy(writer, settings), 1, TimeUnit.MINUTES);
    }
  }

  /** How often the logs spool is forced to disk, and the followed sources' positions saved. */
  static final Duration SYNC = Duration.ofSeconds(1);

  /**
   * Forces the spool to disk, then saves the followed sources' positions as they were before the
   * force: a saved position never runs ahead of the lines on disk.
   */
  void sync() {
    try {
      Map<String, String> before = positions.snapshot();
      spool.force();
      // Written only when a position moved: a collector that follows nothing, or whose sources
      // are quiet, creates no file and rewrites none every second.
      if (!before.equals(saved)) {
        positions.checkpoint(before);
        saved = before;
      }
    } catch (IOException | RuntimeException e) {
      LOG.error("logs: spool sync or positions save failed", e);
    }
  }

  /** Where the followed sources were read up to. */
  public io.vigie.collector.ssh.FollowPositions positions() {
    return positions;
  }

  /** Writes what the log rules matched since the last drain; never throws on the timer. */
  void drainMatches() {
    try {
      List<Point> matched = intake.matches().drain(clock.millis());
      if (!matched.isEmpty()) {
        metrics.accept(matched);
      }
    } catch (RuntimeException e) {
      LOG.error("logs: the log rules' matches could not be written", e);
    }
  }

  /** Kernel drops, or -1 where the kernel does not say (never an exception on a metrics page). */
  public long kernelDrops() {
    try {
      return receiver.kernelDrops();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Attributes the next messages with the inventory's new targets. */
  public void targets(Collection<Target> targets) {
    intake.targets(targets);
  }

  public SyslogReceiver receiver() {
    return receiver;
  }

  public LogIntake intake() {
    return intake;
  }

  public Spool spool() {
    return spool;
  }

  public Shipper shipper() {
    return shipper;
  }

  /**
   * Stops listening, then shipping: what was received is in the spool (the receiver hands each
   * message on before it reads the next), what is not written yet is written next time.
   */
  @Override
  public void close() throws IOException {
    receiver.close();
    policy.shutdownNow();
    drains.shutdown();
    try {
      if (!drains.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("logs: the log rules' last matches were not written within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    drainMatches();
    sync();
    shipper.close();
    spool.close();
  }

  /**
   * Creates the retention policy again when InfluxDB says it is missing (a database dropped and
   * made again, a fresh InfluxDB): the lines wait in the spool meanwhile, never set aside as bad.
   */
  private record PolicyKeeper(InfluxBatchWriter writer, LogsSettings settings)
      implements BatchWriter {
    @Override
    public WriteOutcome write(List<String> records) {
      WriteOutcome outcome = writer.write(records);
      if (outcome.kind() != WriteOutcome.Kind.OK
          && outcome.message().contains("retention policy not found")) {
        @Nullable String problem = writer.ensureRetentionPolicy(settings.retention());
        return new WriteOutcome(
            WriteOutcome.Kind.CONFIG,
            outcome.message() + (problem == null ? " (created again)" : " (" + problem + ")"));
      }
      return outcome;
    }

    @Override
    public void close() {
      writer.close();
    }
  }
}
