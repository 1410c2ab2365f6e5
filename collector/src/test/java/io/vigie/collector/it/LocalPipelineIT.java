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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The whole pipeline on this host: real OSHI polls, real spool, real InfluxDB. */
class LocalPipelineIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();

  private static final io.vigie.collector.snmp.SnmpEngine SNMP =
      new io.vigie.collector.snmp.SnmpEngine(64);
  private static final io.vigie.collector.ssh.SshSessions SSH =
      new io.vigie.collector.ssh.SshSessions();

  @TempDir Path dir;

  private Collector start(Path inventory, String database, SimpleMeterRegistry registry)
      throws Exception {
    return Collector.start(
        Fixtures.settings(inventory, dir.resolve("data"), INFLUX.url(), database),
        InventoryLoader.withSystemSecrets(),
        Collector.defaultSources(SNMP, SSH, Clock.systemUTC()),
        new CollectorMetrics(registry),
        Clock.systemUTC());
  }

  @Test
  void pointsOfARealPollAreQueryableWithTheirMeasurementsTagsAndFields() throws Exception {
    Path inventory =
        Fixtures.write(dir.resolve("inventory.yml"), Fixtures.localTargets(300, "host-a"));
    try (Collector collector = start(inventory, "pipeline", new SimpleMeterRegistry())) {
      assertThat(collector.scheduler().size()).isEqualTo(1);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> INFLUX.count("pipeline", "SELECT count(bytes_recv_per_sec) FROM net") > 0);
    }
    for (String measurement : List.of("cpu", "load", "mem", "disk", "net", "system", "poll")) {
      List<JsonNode> tags =
          INFLUX.rows(
              "pipeline",
              "SHOW TAG VALUES FROM " + measurement + " WITH KEY IN (target, client, kind)");
      assertThat(tags)
          .as(measurement)
          .extracting(r -> r.get(1).asString())
          .contains("host-a", "acme", "local");
    }
    assertThat(
            INFLUX
                .rows("pipeline", "SELECT last(usage_percent) FROM cpu WHERE cpu = 'total'")
                .get(0)
                .get(1)
                .asDouble())
        .isBetween(0.0, 100.0);
    JsonNode mem =
        INFLUX.rows("pipeline", "SELECT last(total_bytes), last(used_percent) FROM mem").get(0);
    assertThat(mem.get(1).asLong()).isPositive();
    assertThat(mem.get(2).asDouble()).isBetween(0.0, 100.0);
    assertThat(INFLUX.rows("pipeline", "SHOW TAG VALUES FROM net WITH KEY = interface"))
        .extracting(r -> r.get(1).asString())
        .contains("lo");
    assertThat(INFLUX.rows("pipeline", "SHOW TAG VALUES FROM disk WITH KEY = mount")).isNotEmpty();
    JsonNode poll =
        INFLUX
            .rows("pipeline", "SELECT last(up), last(reason), last(duration_ms) FROM poll")
            .get(0);
    assertThat(poll.get(1).asLong()).isEqualTo(1);
    assertThat(poll.get(2).asString()).isEmpty();
    assertThat(INFLUX.count("pipeline", "SELECT count(uptime_s) FROM system")).isPositive();
    JsonNode types = INFLUX.query("pipeline", "SHOW FIELD KEYS FROM poll");
    assertThat(types.toString())
        .contains("[\"up\",\"integer\"]")
        .contains("[\"reason\",\"string\"]");
  }

  @Test
  void theCollectorsOwnMetricsReachInfluxDb() throws Exception {
    Path inventory =
        Fixtures.write(dir.resolve("inventory.yml"), Fixtures.localTargets(200, "host-a"));
    try (Collector collector = start(inventory, "self", new SimpleMeterRegistry())) {
      assertThat(collector.scheduler().size()).isEqualTo(1);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  INFLUX.count(
                          "self",
                          "SELECT count(count) FROM vigie_collector WHERE meter = 'vigie.points.written'")
                      > 0);
    }
    List<String> meters =
        INFLUX.rows("self", "SHOW TAG VALUES FROM vigie_collector WITH KEY = meter").stream()
            .map(r -> r.get(1).asString())
            .toList();
    assertThat(meters)
        .contains(
            "vigie.polls",
            "vigie.poll.duration",
            "vigie.points.spooled",
            "vigie.points.written",
            "vigie.writer.latency",
            "vigie.spool.bytes",
            "vigie.spool.pending",
            "vigie.targets");
  }

  @Test
  void hotReloadAppliesAValidChangeAndKeepsTheLastGoodOneOnAnInvalidChange() throws Exception {
    Path inventory =
        Fixtures.write(dir.resolve("inventory.yml"), Fixtures.localTargets(200, "a", "b"));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Collector collector = start(inventory, "reload", registry)) {
      assertThat(collector.scheduler().pollCounts().keySet()).containsExactlyInAnyOrder("a", "b");

      Fixtures.write(inventory, Fixtures.localTargets(200, "a", "c"));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> collector.scheduler().pollCounts().keySet().equals(java.util.Set.of("a", "c")));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> INFLUX.count("reload", "SELECT count(up) FROM poll WHERE target = 'c'") > 0);

      Fixtures.write(
          inventory,
          Fixtures.localTargets(200, "a", "c") + "  - {id: d, client: nobody, kind: local}\n");
      await().atMost(Duration.ofSeconds(10)).until(() -> collector.watcher().lastError() != null);
      assertThat(collector.watcher().lastError())
          .contains("targets[d].client: no client has this id");
      assertThat(collector.scheduler().pollCounts().keySet()).containsExactlyInAnyOrder("a", "c");
      assertThat(
              registry.get("vigie.inventory.reloads").tags("result", "invalid").counter().count())
          .isEqualTo(1);
      Map<String, Long> before = collector.scheduler().pollCounts();
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> collector.scheduler().pollCounts().get("c") > before.get("c"));

      Fixtures.write(inventory, Fixtures.localTargets(200, "a"));
      await().atMost(Duration.ofSeconds(10)).until(() -> collector.watcher().lastError() == null);
      assertThat(collector.scheduler().size()).isEqualTo(1);
    }
  }
}
