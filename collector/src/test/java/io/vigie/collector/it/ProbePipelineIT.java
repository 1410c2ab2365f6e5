package io.vigie.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.collector.Collector;
import io.vigie.collector.metrics.CollectorMetrics;
import io.vigie.collector.probe.Probers;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.testkit.InfluxServer;
import io.vigie.testkit.Nginx;
import io.vigie.testkit.TestCertificates;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Probes through the whole collector: an inventory with a service target's probes, the collector's
 * own probers and scheduler, the spool, and the real InfluxDB; against a real nginx.
 */
class ProbePipelineIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();
  @RegisterExtension static final Nginx NGINX = new Nginx();

  private static final io.vigie.collector.snmp.SnmpEngine SNMP =
      new io.vigie.collector.snmp.SnmpEngine(8);
  private static final io.vigie.collector.ssh.SshSessions SSH =
      new io.vigie.collector.ssh.SshSessions();

  @TempDir Path dir;

  @Test
  void eachProbeWritesItsOwnPointWithTheTypedOutcomeAndItsFields() throws Exception {
    int closed = io.vigie.testkit.FreePort.pick();
    String inventory =
        String.join(
            "\n",
            "clients:",
            "  - id: acme",
            "    name: ACME",
            "    language: fr",
            "    contacts: [ops@acme.example]",
            "targets:",
            "  - id: shop",
            "    client: acme",
            "    kind: service",
            "    address: 127.0.0.1",
            "    interval: 1s",
            "    probes:",
            "      - name: home",
            "        type: https",
            "        url: " + NGINX.httpsUrl(TestCertificates.Kind.VALID, "/ok"),
            "      - name: broken",
            "        type: http",
            "        url: http://{address}:" + NGINX.httpPort() + "/error",
            "      - name: expired",
            "        type: https",
            "        url: " + NGINX.httpsUrl(TestCertificates.Kind.EXPIRED, "/ok"),
            "      - name: port",
            "        type: tcp",
            "        port: " + NGINX.httpPort(),
            "      - name: closed",
            "        type: tcp",
            "        port: " + closed,
            "      - name: ping",
            "        type: icmp",
            "        count: 2",
            "");
    Path file = Fixtures.write(dir.resolve("inventory.yml"), inventory);
    try (Probers probers = Collector.defaultProbers(NGINX.certificates().rootCa());
        Collector collector =
            Collector.start(
                Fixtures.settings(file, dir.resolve("data"), INFLUX.url(), "probes"),
                InventoryLoader.withSystemSecrets(),
                Collector.defaultSources(SNMP, SSH, Clock.systemUTC()),
                probers,
                new CollectorMetrics(new SimpleMeterRegistry()),
                Clock.systemUTC())) {
      // A service target has no poll of its own: its six probes are its six jobs.
      assertThat(collector.scheduler().size()).isEqualTo(6);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  INFLUX
                          .rows(
                              "probes",
                              "SELECT last(up) FROM probe WHERE target = 'shop' GROUP BY probe")
                          .size()
                      == 6);
    }
    Map<String, JsonNode> last = new HashMap<>();
    for (JsonNode series :
        INFLUX
            .query(
                "probes",
                "SELECT last(up) AS up, last(failure) AS failure, last(http_status) AS status,"
                    + " last(tls_leaf_days) AS leaf, last(connect_ms) AS connect,"
                    + " last(received) AS received FROM probe WHERE target = 'shop'"
                    + " AND client = 'acme' AND kind = 'service' GROUP BY probe, probe_type")
            .at("/results/0/series")) {
      last.put(
          series.at("/tags/probe").asString() + "/" + series.at("/tags/probe_type").asString(),
          series);
    }
    assertThat(last.keySet())
        .containsExactlyInAnyOrder(
            "home/http", "broken/http", "expired/http", "port/tcp", "closed/tcp", "ping/icmp");
    assertThat(row(last, "home/http"))
        .containsEntry("up", "1")
        .containsEntry("failure", "none")
        .containsEntry("status", "200");
    assertThat(Double.parseDouble(row(last, "home/http").get("leaf"))).isBetween(80.0, 91.0);
    assertThat(row(last, "broken/http"))
        .containsEntry("up", "0")
        .containsEntry("failure", "http_status")
        .containsEntry("status", "500");
    assertThat(row(last, "expired/http"))
        .containsEntry("up", "0")
        .containsEntry("failure", "tls_expired");
    assertThat(Double.parseDouble(row(last, "expired/http").get("leaf"))).isNegative();
    assertThat(row(last, "port/tcp")).containsEntry("up", "1");
    assertThat(row(last, "closed/tcp"))
        .containsEntry("up", "0")
        .containsEntry("failure", "refused");
    assertThat(row(last, "ping/icmp")).containsEntry("up", "1").containsEntry("received", "2");
    // A probe writes no poll point: the target's liveness is its probes'.
    assertThat(INFLUX.count("probes", "SELECT count(up) FROM poll")).isZero();
  }

  private static Map<String, String> row(Map<String, JsonNode> series, String key) {
    JsonNode s = series.get(key);
    List<String> columns = new java.util.ArrayList<>();
    s.get("columns").forEach(c -> columns.add(c.asString()));
    JsonNode values = s.at("/values/0");
    Map<String, String> row = new HashMap<>();
    for (int i = 1; i < columns.size(); i++) {
      JsonNode v = values.get(i);
      row.put(columns.get(i), v == null || v.isNull() ? "" : v.asString());
    }
    return row;
  }
}
