package io.vigie.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.vigie.collector.influx.InfluxBatchWriter;
import io.vigie.collector.influx.InfluxSettings;
import io.vigie.collector.influx.WriteOutcome;
import io.vigie.collector.metrics.CollectorMetrics;
import io.vigie.collector.nats.Ingester;
import io.vigie.collector.nats.NatsClient;
import io.vigie.collector.nats.NatsSettings;
import io.vigie.collector.nats.StreamWriter;
import io.vigie.testkit.InfluxServer;
import io.vigie.testkit.NatsCluster;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Issue 21's transport past one machine, on this machine: the same points written straight to
 * InfluxDB by the collector's {@link InfluxBatchWriter} and through a 3-node R3 JetStream stream
 * ({@link StreamWriter} publishing, one {@link Ingester} writing), interleaved rounds, with the CPU
 * of every process involved; then the fault scenarios with the packaged collector ({@link
 * TransportFaults}): a group member killed, an InfluxDB replica away.
 */
public final class TransportBench {
  static final int BATCH = 5000;

  /** One run of either path. */
  record Run(
      String path,
      int round,
      long points,
      long counted,
      double seconds,
      double publishSeconds,
      double senderCpu,
      double ingesterCpu,
      double jvmCpu,
      double natsCpu,
      double influxCpu,
      long writes,
      double load) {
    double rate() {
      return points / seconds;
    }

    /** CPU-seconds of everything the path used, per million points. */
    double cpuPerMillion() {
      return (jvmCpu + natsCpu + influxCpu) / (points / 1e6);
    }
  }

  private TransportBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = options(args);
    boolean quick = opts.containsKey("quick");
    long points = Long.parseLong(opts.getOrDefault("points", quick ? "200000" : "1000000"));
    int rounds = Integer.parseInt(opts.getOrDefault("rounds", "5"));
    Path out = Path.of(opts.getOrDefault("out", "docs/benchmarks.md"));
    Path work = Files.createDirectories(Path.of(opts.getOrDefault("workdir", "/tmp/vigie-bench")));
    TransportFaults.Options faults = TransportFaults.Options.of(opts, quick);
    String skip = opts.getOrDefault("skip", "");

    List<String> lines = HostMetricsData.generate(2000, points);
    List<Run> runs = new ArrayList<>();
    TransportFaults.Result faultResult = null;
    try (NatsCluster nats = NatsCluster.start(work, 3);
        InfluxServer influx = InfluxServer.launch(work)) {
      if (!skip.contains("throughput")) {
        log("warming up: %,d points each way", Math.min(lines.size(), 100_000));
        List<String> warm = lines.subList(0, Math.min(lines.size(), 100_000));
        direct(influx, nats, warm, 0);
        stream(influx, nats, warm, 0, work);
        for (int r = 1; r <= rounds; r++) {
          runs.add(direct(influx, nats, lines, r));
          runs.add(stream(influx, nats, lines, r, work));
        }
      }
      if (!skip.contains("faults")) {
        faultResult = TransportFaults.run(work, nats, faults);
      }
    }
    String markdown = TransportReport.render(runs, lines.size(), faultResult, faults);
    Report.write(out, "transport", markdown);
    System.out.println(markdown);
    try (Stream<Path> walk = Files.walk(work)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    boolean allCounted = runs.stream().allMatch(r -> r.counted() == r.points());
    System.exit(allCounted ? 0 : 1);
  }

  /** {@code --name value} pairs, and {@code --quick} alone. */
  private static Map<String, String> options(String[] args) {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--quick")) {
        opts.put("quick", "true");
      } else if (args[i].startsWith("--") && i + 1 < args.length) {
        opts.put(args[i].substring(2), args[++i]);
      } else {
        throw new IllegalArgumentException("usage: see bench/run.sh --help, transport");
      }
    }
    return opts;
  }

  /** The collector's writer alone, batches of {@value #BATCH}, into a fresh database. */
  private static Run direct(InfluxServer influx, NatsCluster nats, List<String> lines, int round) {
    String db = "direct" + round;
    influx.createDatabase(db);
    double[] before = cpu(influx, nats);
    long jvm0 = WriterBench.processCpuNanos();
    long thread0 = threadCpu(Thread.currentThread().getId());
    long start = System.nanoTime();
    try (InfluxBatchWriter writer = new InfluxBatchWriter(settings(influx, db))) {
      for (int i = 0; i < lines.size(); i += BATCH) {
        WriteOutcome outcome = writer.write(lines.subList(i, Math.min(lines.size(), i + BATCH)));
        if (!outcome.ok()) {
          throw new IllegalStateException("write failed: " + outcome);
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double sender = (threadCpu(Thread.currentThread().getId()) - thread0) / 1e9;
    double jvm = (WriterBench.processCpuNanos() - jvm0) / 1e9;
    double[] after = cpu(influx, nats);
    long counted = count(influx, db);
    Run run =
        new Run(
            "direct",
            round,
            lines.size(),
            counted,
            seconds,
            seconds,
            sender,
            0,
            jvm,
            after[1] - before[1],
            after[0] - before[0],
            (lines.size() + BATCH - 1) / BATCH,
            load());
    report(run);
    return run;
  }

  /**
   * {@link StreamWriter} publishing the batches to a fresh R3 stream while one {@link Ingester}
   * (its own connection, as a separate process would have) writes them to a fresh database; timed
   * from the first publish until the ingester has had every point accepted by InfluxDB, then
   * counted back.
   */
  private static Run stream(
      InfluxServer influx, NatsCluster nats, List<String> lines, int round, Path work)
      throws Exception {
    String db = "stream" + round;
    influx.createDatabase(db);
    NatsSettings settings = settings(nats, "BENCH" + round);
    Path data = Files.createDirectories(work.resolve("ingest" + round));
    // The ingester's writes to InfluxDB are counted by the collector's own timer.
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Connection pub = NatsClient.connect(settings, "bench-publisher");
    Connection sub = NatsClient.connect(settings, "bench-ingester");
    try {
      NatsClient.ensureStream(pub, settings);
      StreamWriter writer =
          new StreamWriter(
              pub, settings, NatsSettings.METRICS_SUBJECT, "bench", null, TimeUnit.MILLISECONDS);
      Ingester ingester =
          new Ingester(
              sub,
              settings,
              "bench-" + round,
              64,
              settings(influx, db),
              Duration.ofDays(7),
              new CollectorMetrics(registry),
              Clock.systemUTC(),
              data);
      double[] before = cpu(influx, nats);
      long jvm0 = WriterBench.processCpuNanos();
      long thread0 = threadCpu(Thread.currentThread().getId());
      long start = System.nanoTime();
      ingester.start();
      long ingestThread = ingestThreadId();
      long ingest0 = threadCpu(ingestThread);
      for (int i = 0; i < lines.size(); i += BATCH) {
        WriteOutcome outcome = writer.write(lines.subList(i, Math.min(lines.size(), i + BATCH)));
        if (!outcome.ok()) {
          throw new IllegalStateException("publish failed: " + outcome);
        }
      }
      double published = (System.nanoTime() - start) / 1e9;
      double sender = (threadCpu(Thread.currentThread().getId()) - thread0) / 1e9;
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
      while (ingester.ingested() < lines.size() && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(20);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double ingest = (threadCpu(ingestThread) - ingest0) / 1e9;
      double jvm = (WriterBench.processCpuNanos() - jvm0) / 1e9;
      double[] after = cpu(influx, nats);
      ingester.close();
      long counted = count(influx, db);
      pub.jetStreamManagement().deleteStream(settings.stream());
      Run run =
          new Run(
              "stream",
              round,
              lines.size(),
              counted,
              seconds,
              published,
              sender,
              ingest,
              jvm,
              after[1] - before[1],
              after[0] - before[0],
              registry.get("vigie.writer.latency").timer().count(),
              load());
      report(run);
      return run;
    } finally {
      sub.close();
      pub.close();
    }
  }

  private static long ingestThreadId() throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (t.getName().equals("vigie-ingest")) {
          return t.getId();
        }
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
    throw new IllegalStateException("no vigie-ingest thread");
  }

  private static long threadCpu(long id) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    return Math.max(0, threads.getThreadCpuTime(id));
  }

  /** {influxd CPU-s, the three nats-servers' CPU-s}. */
  private static double[] cpu(InfluxServer influx, NatsCluster nats) {
    double natsCpu = 0;
    for (int i = 0; i < nats.size(); i++) {
      natsCpu += Procs.cpuSeconds(nats.pid(i));
    }
    return new double[] {Procs.cpuSeconds(influx.pid()), natsCpu};
  }

  /** Every point back: the generator's four measurements each have one always-present field. */
  private static long count(InfluxServer influx, String db) {
    long total = 0;
    for (String metric : HostMetricsData.COUNTED) {
      String[] mf = metric.split("\\.", -1);
      total += influx.count(db, "SELECT count(" + mf[1] + ") FROM " + mf[0]);
    }
    return total;
  }

  /** The collector's defaults ({@code vigie.influx.gzip} true, as the ingester has it too). */
  static InfluxSettings settings(InfluxServer influx, String db) {
    return new InfluxSettings(
        influx.url(), db, null, null, null, true, false, Duration.ofSeconds(60));
  }

  /** The stream of the tests' cluster: R3, file storage, under the nodes' max_file_store. */
  static NatsSettings settings(NatsCluster nats, String stream) {
    return new NatsSettings(
        nats.urlList(),
        stream,
        3,
        Duration.ofDays(1),
        1L << 30,
        Duration.ofMinutes(10),
        null,
        null,
        Duration.ofSeconds(30));
  }

  /** The one-minute load average now. */
  static double load() {
    return Double.parseDouble(Procs.firstLine("cat", "/proc/loadavg").split(" ", -1)[0]);
  }

  private static void report(Run run) {
    log(
        "%s round %d: %,.0f points/s (%,d counted of %,d in %.2f s; published in %.2f s),"
            + " JVM %.2f CPU-s (sender %.2f, ingester %.2f), nats %.2f, influxd %.2f, %d writes, load %.2f",
        run.path(),
        run.round(),
        run.rate(),
        run.counted(),
        run.points(),
        run.seconds(),
        run.publishSeconds(),
        run.jvmCpu(),
        run.senderCpu(),
        run.ingesterCpu(),
        run.natsCpu(),
        run.influxCpu(),
        run.writes(),
        run.load());
  }

  static void log(String format, Object... args) {
    System.err.printf("[bench] %tT " + format + "%n", prepend(System.currentTimeMillis(), args));
  }

  private static Object[] prepend(Object first, Object[] rest) {
    Object[] all = new Object[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
