package io.vigie.collector.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.collector.influx.InfluxBatchWriter;
import io.vigie.collector.influx.Shipper;
import io.vigie.collector.influx.ShipperSettings;
import io.vigie.collector.it.Fixtures;
import io.vigie.collector.metrics.CollectorMetrics;
import io.vigie.collector.spool.Spool;
import io.vigie.model.inventory.Target;
import io.vigie.model.inventory.TargetKind;
import io.vigie.testkit.InfluxServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * From a real sender to a real InfluxDB: util-linux {@code logger} over TCP, the receiver, the
 * logs' spool, a shipper writing nanoseconds. InfluxDB stops in the middle of the stream and comes
 * back: every line is in InfluxDB once, attributed to its target and client.
 */
class LogIntakeIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();

  @TempDir Path dir;

  @Test
  void everyLineOnceAcrossAnInfluxOutage() throws Exception {
    INFLUX.createDatabase("logs");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    CollectorMetrics metrics = new CollectorMetrics(registry);
    Target loopback =
        new Target(
            "loopback",
            "acme",
            TargetKind.LOCAL,
            "127.0.0.1",
            Duration.ofSeconds(60),
            null,
            Map.of(),
            Map.of(),
            null,
            null,
            List.of());
    try (Spool spool = Spool.open(dir.resolve("logs-spool"), 64L << 20, 1L << 20, metrics)) {
      Shipper shipper =
          new Shipper(
                  spool,
                  new InfluxBatchWriter(
                      Fixtures.influx(INFLUX.url(), "logs"), TimeUnit.NANOSECONDS),
                  new ShipperSettings(
                      500, Duration.ofMillis(100), Duration.ofMillis(50), Duration.ofMillis(400)),
                  metrics,
                  Clock.systemUTC(),
                  dir.resolve("rejected.lp"))
              .start();
      LogIntake intake =
          new LogIntake("test-collector", List.of(loopback), spool, metrics, ZoneOffset.UTC);
      try (SyslogReceiver receiver =
          new SyslogReceiver(intake, Clock.systemUTC(), SyslogReceiver.DEFAULT_MAX_BYTES)) {
        receiver.listenTcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

        send(receiver.tcpPort(), 1, 500);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> INFLUX.count("logs", "SELECT count(message) FROM syslog") == 500);

        INFLUX.stop();
        send(receiver.tcpPort(), 501, 1000);
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received() == 1000);
        assertThat(spool.pending())
            .as("lines wait in the spool while InfluxDB is down")
            .isPositive();

        INFLUX.start();
        assertThat(shipper.drain(Duration.ofSeconds(60))).as("spool drained").isTrue();
      } finally {
        shipper.close();
      }
    }
    List<JsonNode> rows =
        INFLUX.rows(
            "logs",
            "SELECT message FROM syslog WHERE client = 'acme' AND target = 'loopback'"
                + " AND appname = 'numbered'");
    assertThat(rows).as("every line once, attributed").hasSize(1000);
    Set<String> messages = new HashSet<>();
    for (JsonNode row : rows) {
      messages.add(row.get(1).asString());
    }
    assertThat(messages).hasSize(1000).contains("line 1 of the stream", "line 1000 of the stream");
    assertThat(registry.get("vigie.points.dropped").counter().count()).isZero();
  }

  private void send(int port, int from, int to) throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      lines.add("line " + i + " of the stream");
    }
    Path file = Files.write(dir.resolve("lines-" + from + ".txt"), lines);
    Process p =
        new ProcessBuilder(
                "logger",
                "-n",
                "127.0.0.1",
                "-P",
                Integer.toString(port),
                "-T",
                "--octet-count",
                "-t",
                "numbered",
                "-f",
                file.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
  }
}
