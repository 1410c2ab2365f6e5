package io.vigie.alerting.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.influxdb.InfluxDB;
import org.junit.jupiter.api.Test;

/**
 * The replicas' list, names and failover order. The requests here never reach a server: each
 * answers or throws as the replica it is sent to is told to, which is what {@link
 * InfluxReplicas#read} sees of a refused connection (the real servers are in ReplicaFailoverIT).
 */
class InfluxReplicasTest {

  @Test
  void oneUrlOrSeveralSeparatedByCommasShownWithoutCredentials() {
    assertThat(InfluxReplicas.split("http://a:8086")).containsExactly("http://a:8086");
    assertThat(InfluxReplicas.split(" http://a:8086 , http://b:8086,"))
        .containsExactly("http://a:8086", "http://b:8086");
    assertThatThrownBy(() -> InfluxReplicas.split(" , ")).hasMessageContaining("no InfluxDB URL");
    assertThat(InfluxReplicas.shown("http://vigie:secret@a:8086/?p=secret"))
        .isEqualTo("http://***@a:8086/")
        .doesNotContain("secret");
  }

  @Test
  void readsStayOnTheReplicaThatAnsweredUntilItFails() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (InfluxReplicas replicas =
        InfluxReplicas.connect(
                "http://127.0.0.1:1,http://vigie:pw@127.0.0.1:2", null, null, Duration.ofSeconds(1))
            .register(registry)) {
      InfluxDB first = replicas.all().get(0).client();
      InfluxDB second = replicas.all().get(1).client();
      Set<InfluxDB> down = new java.util.HashSet<>();
      List<String> asked = new ArrayList<>();
      InfluxReplicas.Request<String> request =
          influx -> {
            String name = influx == first ? "first" : "second";
            asked.add(name);
            if (down.contains(influx)) {
              throw new org.influxdb.InfluxDBIOException(new java.io.IOException("refused"));
            }
            return name;
          };

      assertThat(replicas.read(request)).isEqualTo("first");
      assertThat(replicas.reading()).isEqualTo("http://127.0.0.1:1");

      down.add(first);
      asked.clear();
      assertThat(replicas.read(request)).isEqualTo("second");
      assertThat(asked).containsExactly("first", "second");
      assertThat(replicas.reading()).isEqualTo("http://***@127.0.0.1:2");
      assertThat(registry.counter("vigie.alerting.influx.failovers").count()).isEqualTo(1);
      assertThat(replicas.readFailed())
          .isEqualTo(Map.of("http://127.0.0.1:1", true, "http://***@127.0.0.1:2", false));

      // The first is back: the reads stay on the second (sticky) and never ask the first.
      down.clear();
      asked.clear();
      assertThat(replicas.read(request)).isEqualTo("second");
      assertThat(asked).containsExactly("second");

      // The second fails: the first, failed less than 30 s ago, is still tried, and answers.
      down.add(second);
      asked.clear();
      assertThat(replicas.read(request)).isEqualTo("first");
      assertThat(asked).containsExactly("second", "first");
      assertThat(registry.counter("vigie.alerting.influx.failovers").count()).isEqualTo(2);
      assertThat(
              registry
                  .get("vigie.alerting.influx.replica.reading")
                  .tag("replica", "http://127.0.0.1:1")
                  .gauge()
                  .value())
          .isEqualTo(1);

      // Both down: the last failure, after asking each once.
      down.add(first);
      asked.clear();
      assertThatThrownBy(() -> replicas.read(request))
          .isInstanceOf(InfluxReadException.class)
          .hasMessageContaining("refused");
      assertThat(asked).containsExactly("first", "second");
    }
  }

  @Test
  void anErrorInsideAnAnswerDoesNotFailOver() throws Exception {
    try (InfluxReplicas replicas =
        InfluxReplicas.connect(
            "http://127.0.0.1:1,http://127.0.0.1:2", null, null, Duration.ofSeconds(1))) {
      List<InfluxDB> asked = new ArrayList<>();
      assertThatThrownBy(
              () ->
                  replicas.read(
                      influx -> {
                        asked.add(influx);
                        throw new InfluxReadException("database not found: vigie", null);
                      }))
          .hasMessageContaining("database not found");
      assertThat(asked).hasSize(1);
      assertThat(replicas.reading()).isEqualTo("http://127.0.0.1:1");
    }
  }
}
