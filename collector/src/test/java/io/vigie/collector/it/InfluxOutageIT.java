package io.vigie.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.collector.Collector;
import io.vigie.collector.metrics.CollectorMetrics;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.testkit.InfluxServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * InfluxDB goes away while the collector keeps polling, then comes back: every poll of every target
 * ends up in InfluxDB exactly once.
 */
class InfluxOutageIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();

  private static final io.vigie.collector.snmp.SnmpEngine SNMP =
      new io.vigie.collector.snmp.SnmpEngine(64);
  private static final io.vigie.collector.ssh.SshSessions SSH =
      new io.vigie.collector.ssh.SshSessions();

  @TempDir Path dir;

  @Test
  void nothingIsLostOrDoubledAcrossAnOutage() throws Exception {
    Path inventory =
        Fixtures.write(dir.resolve("inventory.yml"), Fixtures.localTargets(100, "t1", "t2", "t3"));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Collector collector =
        Collector.start(
            Fixtures.settings(inventory, dir.resolve("data"), INFLUX.url(), "outage"),
            InventoryLoader.withSystemSecrets(),
            Collector.defaultSources(SNMP, SSH, Clock.systemUTC()),
            new CollectorMetrics(registry),
            Clock.systemUTC())) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> INFLUX.count("outage", "SELECT count(up) FROM poll") >= 6);

      INFLUX.stop();
      long pollsAtStop = total(collector.scheduler().pollCounts());
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> total(collector.scheduler().pollCounts()) >= pollsAtStop + 45);
      assertThat(collector.spool().pending())
          .as("points wait in the spool during the outage")
          .isPositive();
      assertThat(collector.shipper().status().healthy()).isFalse();
      assertThat(registry.get("vigie.writer.errors").tag("kind", "transient").counter().count())
          .isPositive();

      INFLUX.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> collector.shipper().status().healthy());
      collector.scheduler().close();
      Map<String, Long> polled = collector.scheduler().pollCounts();
      assertThat(collector.shipper().drain(Duration.ofSeconds(30))).as("spool drained").isTrue();

      for (String target : polled.keySet()) {
        long written =
            INFLUX.count("outage", "SELECT count(up) FROM poll WHERE target = '" + target + "'");
        assertThat(written).as("poll points of %s", target).isEqualTo(polled.get(target));
      }
      assertThat(total(polled)).isGreaterThan(pollsAtStop + 45);
      assertThat(registry.get("vigie.points.dropped").counter().count()).isZero();
    }
  }

  private static long total(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }
}
