package io.vigie.collector.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.collector.Collector;
import io.vigie.collector.it.Fixtures;
import io.vigie.collector.metrics.CollectorMetrics;
import io.vigie.collector.snmp.SnmpEngine;
import io.vigie.collector.ssh.SshSessions;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.testkit.FreePort;
import io.vigie.testkit.InfluxServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outage: a TCP stream of numbered lines at 5,000 a second into the collector, InfluxDB
 * killed (SIGKILL) in the middle of it and back after 60 s of stream (300,000 lines): every line is
 * in InfluxDB, once.
 */
class LogsOutageIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();
  private static final int RATE = 5000;

  @TempDir Path dir;

  @Test
  void everyLineOnceAcrossAMinuteLongInfluxDbCrashAt5000LinesASecond() throws Exception {
    Path inventory =
        Files.writeString(
            dir.resolve("inventory.yml"),
            """
            clients: [{id: acme, name: ACME}]
            targets:
              - {id: web-1, client: acme, kind: local, address: 127.0.0.1, interval: 60s}
            """);
    int tcp = FreePort.pick();
    LogsSettings logs =
        new LogsSettings(
            null,
            new InetSocketAddress("127.0.0.1", tcp),
            null,
            null,
            null,
            null,
            SyslogReceiver.DEFAULT_MAX_BYTES,
            "logs",
            Duration.ofDays(7),
            1L << 30,
            ZoneOffset.UTC);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    long sent;
    try (SnmpEngine snmp = new SnmpEngine(4);
        SshSessions ssh = new SshSessions();
        Collector collector =
            Collector.start(
                Fixtures.settings(inventory, dir.resolve("data"), INFLUX.url(), "outage")
                    .withLogs(logs),
                InventoryLoader.withSystemSecrets(),
                Collector.defaultSources(snmp, ssh, Clock.systemUTC()),
                new CollectorMetrics(registry),
                Clock.systemUTC())) {
      NumberedStream stream = new NumberedStream(tcp, RATE, "outage");
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> stream.written() >= 5 * RATE);
        INFLUX.kill();
        long atKill = stream.written();
        // The outage lasts as long as the stream takes to send 60 s of lines.
        await()
            .atMost(Duration.ofSeconds(120))
            .until(() -> stream.written() >= atKill + 60L * RATE);
        assertThat(collector.logs().spool().pending())
            .as("the lines wait in the logs spool")
            .isGreaterThan(50L * RATE);
        INFLUX.start();
        long atStart = stream.written();
        await().atMost(Duration.ofSeconds(30)).until(() -> stream.written() >= atStart + 5 * RATE);
      } finally {
        stream.close();
      }
      assertThat(stream.broken()).isNull();
      sent = stream.written();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> collector.logs().receiver().received() == sent);
      assertThat(collector.logs().shipper().drain(Duration.ofSeconds(180))).isTrue();
    }
    String where = " FROM logs.syslog WHERE appname = 'outage'";
    assertThat(INFLUX.count("outage", "SELECT count(message)" + where)).isEqualTo(sent);
    assertThat(INFLUX.count("outage", "SELECT count(distinct(message))" + where))
        .as("each once")
        .isEqualTo(sent);
    assertThat(registry.get("vigie.points.dropped").counter().count()).isZero();
  }
}
