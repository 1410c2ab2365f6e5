package io.vigie.bench;

import io.vigie.testkit.InfluxServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Syslog over TCP into InfluxDB (issue 17): the collector's receiver, spool and shipper beside
 * rsyslog receiving the same stream into a file and curl posting the same lines as line protocol,
 * each taking the same numbered lines after the same warm-up, every line counted back. Runs are
 * interleaved, curl, Vigie, rsyslog, round after round; the report gives each contender's lines per
 * second, Vigie's ratio to curl per round (median and range), CPU per 10,000 lines, and the lines
 * lost or stored twice.
 */
public final class LogsBench {
  static final String USAGE =
      "options: --lines N (1000000, measured, each run) --warmup N (50000, before each run)"
          + " --rounds N (5) --jar FILE (the collector's exec jar) --jvm FLAGS (the collector's JVM"
          + " flags; the launcher's by default) --out FILE (docs/benchmarks.md)";

  /** The benchmark's options; see {@link #USAGE}. */
  record Settings(long lines, long warmup, int rounds, String jvm) {}

  private LogsBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println(USAGE);
      return;
    }
    Map<String, String> opts = WriterBench.options(args);
    Settings s =
        new Settings(
            Long.parseLong(opts.getOrDefault("lines", "1000000")),
            Long.parseLong(opts.getOrDefault("warmup", "50000")),
            Integer.parseInt(opts.getOrDefault("rounds", "5")),
            // Another JVM's flags (a smaller heap, a profiler: -XX:StartFlightRecording=...).
            opts.getOrDefault("jvm", LogsVigie.JVM));
    Path jar = Path.of(opts.getOrDefault("jar", "collector/target/vigie-collector-exec.jar"));
    Path out = Path.of(opts.getOrDefault("out", "docs/benchmarks.md"));
    for (String binary : List.of("/usr/sbin/rsyslogd", "/usr/bin/curl", "/usr/bin/influxd")) {
      if (!Files.isExecutable(Path.of(binary))) {
        throw new IllegalStateException(binary + " missing (./vigie bench installs it)");
      }
    }
    if (!Files.isReadable(jar)) {
      throw new IllegalStateException(jar + " missing: build first (bench/run.sh does)");
    }
    Path work = Files.createTempDirectory("vigie-logs-bench-");
    List<LogsRun> runs = new ArrayList<>();
    try {
      WriterBench.log("generating %,d + %,d warm-up lines", s.lines(), s.warmup());
      SyslogLoad load =
          SyslogLoad.generate(work.resolve("load"), s.warmup(), s.lines(), /* batch= */ 5000);
      WriterBench.log(
          "%,d bytes of syslog frames, %,d bytes of line protocol; %d rounds",
          load.frameBytes, load.lineProtocolBytes, s.rounds());
      for (int round = 1; round <= s.rounds(); round++) {
        runs.add(logged(LogsPeers.curl(round, work, load)));
        runs.add(logged(LogsVigie.run(round, work, jar, s.jvm(), load)));
        runs.add(logged(LogsPeers.rsyslog(round, work, load)));
      }
      String md = new LogsReport(s, load, runs).markdown();
      Report.write(out, "logs", md);
      System.out.println(md);
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    System.exit(runs.stream().allMatch(LogsRun::complete) ? 0 : 1);
  }

  private static LogsRun logged(LogsRun r) {
    WriterBench.log(
        "round %d %s: %,.0f lines/s (%.1f s; sender done at %.1f s), %.2f CPU-s, %.3f CPU-s per"
            + " 10,000 lines, influxd %.1f CPU-s, machine %.0f%% busy; stored %,d of %,d, lost %,d,"
            + " duplicated %,d",
        r.round(),
        r.contender(),
        r.rate(),
        r.wallS(),
        r.receiveS(),
        r.cpuS(),
        r.cpuPer10k(),
        r.influxdCpuS(),
        r.busyPercent(),
        r.stored(),
        r.expected(),
        r.lost(),
        r.duplicated());
    return r;
  }

  /** The logs' retention policy as the collector makes it (30 days), for every InfluxDB. */
  static void createLogsPolicy(InfluxServer influx) {
    influx.query(
        BenchServers.DATABASE,
        "CREATE RETENTION POLICY \"logs\" ON \""
            + BenchServers.DATABASE
            + "\" DURATION 720h"
            + " REPLICATION 1");
  }

  static long countSyslog(InfluxServer influx) {
    return influx.count(BenchServers.DATABASE, "SELECT count(message) FROM \"logs\".\"syslog\"");
  }

  /** Waits until something accepts connections on the loopback port (a connection, then none). */
  static void awaitListening(int port, Runnable alive) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      alive.run();
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        return;
      } catch (IOException e) {
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException("nothing listens on port " + port + " after 120 s");
  }

  /** Waits for the measured lines to be stored; may throw. */
  interface Await {
    void run() throws Exception;
  }

  /**
   * Sends the measured lines from another thread (the sender blocks while the receiver is behind)
   * while {@code stored} waits for them to be stored, which stops the meter.
   */
  static void sendMeasured(SyslogLoad load, int port, Meter meter, Await stored) throws Exception {
    FutureTask<Void> sender =
        new FutureTask<>(
            () -> {
              load.sendMeasured(port);
              meter.receivedNow();
              return null;
            });
    Thread thread = new Thread(sender, "bench-syslog-sender");
    thread.setDaemon(true);
    thread.start();
    stored.run();
    sender.get(60, TimeUnit.SECONDS);
  }

  /** CPU and time counters over one measured run. */
  static final class Meter {
    private final long pid;
    private final long influxPid;
    private final long start = System.nanoTime();
    private final double cpu0;
    private final double influx0;
    private final double bench0;
    private final double busy0;
    private double wall;
    private double receive = Double.NaN;
    private double cpu;
    private double influxd;
    private double bench;
    private double busy;

    private Meter(long pid, long influxPid) {
      this.pid = pid;
      this.influxPid = influxPid;
      this.cpu0 = pid < 0 ? 0 : Procs.cpuSeconds(pid);
      this.influx0 = influxPid < 0 ? 0 : Procs.cpuSeconds(influxPid);
      this.bench0 = WriterBench.processCpuNanos() / 1e9;
      this.busy0 = Procs.machineBusySeconds();
    }

    /**
     * Starts measuring the contender's process and influxd ({@code -1}: none, or not from /proc).
     */
    static Meter start(long pid, long influxPid) {
      return new Meter(pid, influxPid);
    }

    /** Ends the run now (the last call wins). */
    synchronized void stop() {
      wall = (System.nanoTime() - start) / 1e9;
      cpu = pid < 0 ? cpu : Procs.cpuSeconds(pid) - cpu0;
      influxd = influxPid < 0 ? 0 : Procs.cpuSeconds(influxPid) - influx0;
      bench = WriterBench.processCpuNanos() / 1e9 - bench0;
      busy = Procs.machineBusySeconds() - busy0;
    }

    /** The sender has handed its last byte to the socket. */
    synchronized void receivedNow() {
      receive = (System.nanoTime() - start) / 1e9;
    }

    /** The contender's CPU when it cannot be read from /proc (curl has exited). */
    synchronized void cpu(double seconds) {
      cpu = seconds;
    }

    synchronized LogsRun run(
        String contender, int round, SyslogLoad load, LogsReadBack.Found found) {
      return new LogsRun(
          contender,
          round,
          load.measured,
          wall,
          receive,
          cpu,
          influxd,
          bench,
          busy,
          found.stored(),
          load.total(),
          found.lost(),
          found.duplicated());
    }
  }
}
