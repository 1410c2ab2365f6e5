package io.vigie.bench;

import io.vigie.testkit.FreePort;
import io.vigie.testkit.InfluxServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The logs benchmark's Vigie: the built collector jar as its own process (the launcher's JVM
 * flags), its syslog receiver on a loopback TCP port, writing to a fresh influxd; its CPU from
 * /proc.
 */
final class LogsVigie {
  /** The launcher's default JVM flags ({@code ./vigie collector}). */
  static final String JVM = "-Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError";

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private LogsVigie() {}

  static LogsRun run(int round, Path work, Path jar, String jvm, SyslogLoad load) throws Exception {
    Path dir = Files.createTempDirectory(work, "vigie-");
    try (InfluxServer influx = BenchServers.influx(dir);
        Children children = new Children()) {
      LogsBench.createLogsPolicy(influx);
      Path inventory =
          Files.writeString(
              dir.resolve("inventory.yml"),
              """
              clients:
                - {id: %s, name: ACME}
              targets:
                # The sender's address: every line is this relay's. Its own polling, hourly, is
                # not in the window.
                - {id: %s, client: %s, kind: local, address: 127.0.0.1, interval: 1h}
              """
                  .formatted(SyslogLoad.CLIENT, SyslogLoad.TARGET, SyslogLoad.CLIENT));
      int port = FreePort.pick();
      int http = FreePort.pick();
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(List.of(jvm.strip().split("\\s+", -1)));
      command.addAll(
          List.of(
              "-jar",
              jar.toString(),
              "collector",
              "--inventory=" + inventory,
              "--influx-url=" + influx.url(),
              "--database=" + BenchServers.DATABASE,
              "--data-dir=" + dir.resolve("data"),
              "--port=" + http,
              "--vigie.collector-id=" + SyslogLoad.COLLECTOR_ID,
              "--vigie.logs.tcp-address=127.0.0.1:" + port,
              "--vigie.logs.zone=UTC",
              "--vigie.logs.spool-max-size=" + spoolMegabytes(load) + "MB"));
      Path log = dir.resolve("collector.log");
      Process collector = children.start(log, command.toArray(String[]::new));
      LogsBench.awaitListening(port, () -> children.checkAlive(collector, log));
      URI metrics =
          URI.create(
              "http://127.0.0.1:"
                  + http
                  + "/actuator/prometheus?includedNames=vigie_logs_received,vigie_logs_spool_pending");
      Runnable alive = () -> children.checkAlive(collector, log);
      load.sendWarmup(port);
      awaitStored(metrics, influx, load.warmup, alive, null);
      LogsBench.Meter meter = LogsBench.Meter.start(collector.pid(), influx.pid());
      LogsBench.sendMeasured(
          load, port, meter, () -> awaitStored(metrics, influx, load.total(), alive, meter));
      LogsReadBack.Found found = LogsReadBack.influx(influx, load.baseNanos, load.total());
      return meter.run("Vigie", round, load, found);
    }
  }

  /**
   * The logs spool holds every line the receiver takes before InfluxDB does; the default (256 MB)
   * drops the oldest past it, so it is sized to hold the whole run (at least the default).
   */
  static long spoolMegabytes(SyslogLoad load) {
    return Math.max(256, 2 * load.lineProtocolBytes / (1 << 20) + 64);
  }

  /**
   * Waits until the receiver has taken {@code total} lines and none waits in the spool (the shipper
   * commits a batch once InfluxDB has answered 204), read on the collector's metrics every 100 ms;
   * then InfluxDB's count must say the same.
   */
  static void awaitStored(
      URI metrics, InfluxServer influx, long total, Runnable alive, LogsBench.@Nullable Meter meter)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
    while (System.nanoTime() < deadline) {
      alive.run();
      double[] m = scrape(metrics);
      if (m[0] >= total && m[1] == 0) {
        // The run ends here; InfluxDB's count, which takes a while over many lines, confirms it.
        if (meter != null) {
          meter.stop();
        }
        if (LogsBench.countSyslog(influx) >= total) {
          return;
        }
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the collector did not store " + total + " lines in 30 min");
  }

  /** {received, spool pending}; NaN before the collector answers. */
  private static double[] scrape(URI metrics) throws InterruptedException {
    double[] m = {Double.NaN, Double.NaN};
    try {
      String body =
          HTTP.send(
                  HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      for (String line : body.split("\n", -1)) {
        if (line.startsWith("vigie_logs_received")) {
          m[0] = value(line);
        } else if (line.startsWith("vigie_logs_spool_pending")) {
          m[1] = value(line);
        }
      }
    } catch (IOException e) {
      // not up yet, or busy: asked again
    }
    return m;
  }

  private static double value(String line) {
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }
}
