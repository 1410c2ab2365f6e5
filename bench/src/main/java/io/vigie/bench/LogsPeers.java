package io.vigie.bench;

import io.vigie.testkit.FreePort;
import io.vigie.testkit.InfluxServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The logs benchmark's peers: rsyslog receiving the same stream into a file (what a syslog server
 * does here, with no database behind it), and curl posting the same lines as the collector's line
 * protocol to InfluxDB (what InfluxDB itself takes).
 */
final class LogsPeers {
  private LogsPeers() {}

  /**
   * A private {@code rsyslogd -n} (its own configuration, work directory and pid file): imtcp on a
   * loopback port, every message to one file by omfile with rsyslog's defaults (its in-memory main
   * queue, the {@code RSYSLOG_FileFormat} template). A fresh one per run; its CPU from /proc.
   */
  static LogsRun rsyslog(int round, Path work, SyslogLoad load) throws Exception {
    Path dir = Files.createTempDirectory(work, "rsyslog-");
    Path out = dir.resolve("messages.log");
    int port = FreePort.pick();
    Files.createDirectories(dir.resolve("work"));
    Path conf =
        Files.writeString(
            dir.resolve("rsyslog.conf"),
            """
            global(workDirectory="%s")
            module(load="imtcp")
            input(type="imtcp" address="127.0.0.1" port="%d")
            action(type="omfile" file="%s")
            """
                .formatted(dir.resolve("work"), port, out));
    try (Children children = new Children()) {
      Path log = dir.resolve("rsyslogd.log");
      Process rsyslogd =
          children.start(
              log,
              "/usr/sbin/rsyslogd",
              "-n",
              "-f",
              conf.toString(),
              "-i",
              dir.resolve("rsyslogd.pid").toString());
      Runnable alive = () -> children.checkAlive(rsyslogd, log);
      LogsBench.awaitListening(port, alive);
      LineCounter lines = new LineCounter(out);
      load.sendWarmup(port);
      lines.await(load.warmup, alive, null);
      LogsBench.Meter meter = LogsBench.Meter.start(rsyslogd.pid(), -1);
      LogsBench.sendMeasured(load, port, meter, () -> lines.await(load.total(), alive, meter));
      return meter.run("rsyslog", round, load, LogsReadBack.file(out, load.total()));
    }
  }

  /**
   * One kept-alive {@code curl -K} posting every gzipped batch (5,000 lines, the collector's batch
   * size) to {@code /write?rp=logs&precision=ns}, one after the other as the collector's shipper
   * does; a fresh influxd per run. curl's CPU from bash's {@code times}.
   */
  static LogsRun curl(int round, Path work, SyslogLoad load) throws Exception {
    Path dir = Files.createTempDirectory(work, "curl-");
    try (InfluxServer influx = BenchServers.influx(dir)) {
      LogsBench.createLogsPolicy(influx);
      post(influx, dir, "warm", load.warmupBatches);
      LogsBench.Meter meter = LogsBench.Meter.start(-1, influx.pid());
      double cpu = post(influx, dir, "measured", load.measuredBatches);
      meter.stop();
      meter.receivedNow();
      meter.cpu(cpu);
      long counted = LogsBench.countSyslog(influx);
      if (counted != load.total()) {
        WriterBench.log("curl: %,d lines counted of %,d", counted, load.total());
      }
      return meter.run(
          "curl", round, load, LogsReadBack.influx(influx, load.baseNanos, load.total()));
    }
  }

  /** Posts the batches with one curl; fails unless every write answered 204. */
  private static double post(InfluxServer influx, Path dir, String name, List<Path> batches)
      throws Exception {
    StringBuilder cfg = new StringBuilder();
    for (Path file : batches) {
      if (cfg.length() > 0) {
        cfg.append("next\n");
      }
      cfg.append("url = \"")
          .append(influx.url())
          .append("/write?db=")
          .append(BenchServers.DATABASE)
          .append("&rp=logs&precision=ns\"\n")
          .append("data-binary = \"@")
          .append(file)
          .append("\"\nheader = \"Content-Encoding: gzip\"\n")
          .append("output = \"/dev/null\"\n")
          .append("write-out = \"%{http_code}\\n\"\n");
    }
    Path config = Files.writeString(dir.resolve(name + ".curl"), cfg);
    Path codes = dir.resolve(name + ".codes");
    double cpu =
        Procs.timed(
            Map.of(),
            codes,
            dir.resolve(name + ".err"),
            List.of("curl", "-s", "-K", config.toString()));
    long failed = Files.readAllLines(codes).stream().filter(c -> !c.equals("204")).count();
    if (failed > 0) {
      throw new IllegalStateException(failed + " curl writes failed; see " + codes);
    }
    return cpu;
  }

  /** Counts the lines of a file as it grows, reading only what was appended since last time. */
  private static final class LineCounter {
    private final Path file;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    private long position;
    private long lines;

    LineCounter(Path file) {
      this.file = file;
    }

    void await(long total, Runnable alive, LogsBench.@org.jspecify.annotations.Nullable Meter meter)
        throws Exception {
      long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
      while (System.nanoTime() < deadline) {
        alive.run();
        if (count() >= total) {
          if (meter != null) {
            meter.stop();
          }
          return;
        }
        Thread.sleep(20);
      }
      throw new IllegalStateException("rsyslog did not write " + total + " lines in 30 min");
    }

    private long count() throws IOException {
      if (!Files.exists(file)) {
        return 0;
      }
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        for (int n = channel.read(buffer, position); n > 0; n = channel.read(buffer, position)) {
          buffer.flip();
          for (int i = 0; i < n; i++) {
            if (buffer.get(i) == '\n') {
              lines++;
            }
          }
          position += n;
          buffer.clear();
        }
      }
      return lines;
    }
  }
}
