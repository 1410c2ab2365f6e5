package io.vigie.alerting.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.alerting.Alerting;
import io.vigie.alerting.notify.NotifySettings;
import io.vigie.alerting.status.Decision;
import io.vigie.alerting.status.EngineSettings;
import io.vigie.testkit.InfluxServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The service started before its database is made (the collector makes it, and may start later):
 * InfluxDB refuses the subscription and every read. It waits a few seconds between reads, and the
 * condition {@code influxdb} is raised once and stays so until a read works: it was read four times
 * a second, and each stream step cleared the condition each failed read raised again (two decisions
 * a second, each a line of the NOC's digest).
 */
class MissingDatabaseIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();

  static final String INVENTORY =
      """
      version: 1
      defaults:
        interval: 2s
      clients:
        - {id: acme, name: ACME, language: en, contacts: [it@acme.example]}
      targets:
        - {id: web1, client: acme, kind: local}
      """;

  @TempDir Path dir;
  @Nullable Alerting alerting;
  final List<Decision> decisions = new CopyOnWriteArrayList<>();

  @AfterEach
  void tearDown() {
    if (alerting != null) {
      alerting.close();
    }
  }

  @Test
  void whileTheDatabaseIsNotMadeInfluxIsReadEveryFewSecondsAndTheConditionStaysRaised()
      throws Exception {
    String database = "later" + System.nanoTime();
    Files.writeString(dir.resolve("inventory.yml"), INVENTORY);
    Alerting started =
        Alerting.start(
            new Alerting.Settings(
                dir.resolve("inventory.yml"),
                new Alerting.Influx(INFLUX.url(), database, null, null, Duration.ofSeconds(10)),
                dir.resolve("data"),
                new Alerting.Evaluation(
                    EngineSettings.defaults(),
                    Duration.ofHours(1),
                    Duration.ofMinutes(5),
                    Duration.ofSeconds(1),
                    3,
                    2,
                    new StreamSettings(
                        true,
                        new InetSocketAddress("127.0.0.1", 0),
                        null,
                        "missing-it",
                        Duration.ofSeconds(2),
                        1_000_000)),
                Duration.ofSeconds(5),
                null,
                NotifySettings.defaults(),
                null,
                Duration.ofSeconds(1),
                8),
            Clock.systemUTC(),
            new SimpleMeterRegistry());
    alerting = started;
    started.service().onDecision(decisions::add);
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                started.service().conditions().stream().anyMatch(c -> c.key().equals("influxdb")));
    long before = queries();
    Thread.sleep(4_000); // the span the reads are counted over: a rhythm, not a wait for a result
    long during = queries() - before - 1; // less this test's own SHOW STATS
    // One read (one query) and one subscription attempt (a few statements) every 5 s at most; at
    // every tick of 250 ms it was more than 40.
    assertThat(during).as("queries InfluxDB answered in 4 s").isLessThanOrEqualTo(10);
    // The raise may come before the listener is set; a clear never should.
    assertThat(decisions)
        .as("decisions about InfluxDB's reads while the database is not made")
        .filteredOn(d -> "influxdb".equals(d.check()))
        .extracting(Decision::kind)
        .doesNotContain(Decision.Kind.CONDITION_CLEARED)
        .hasSizeLessThanOrEqualTo(1);
    assertThat(started.service().conditions()).extracting(c -> c.key()).contains("influxdb");

    INFLUX.createDatabase(database);
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                started.service().conditions().stream().noneMatch(c -> c.key().equals("influxdb")));
    assertThat(decisions)
        .filteredOn(d -> "influxdb".equals(d.check()))
        .extracting(Decision::kind)
        .endsWith(Decision.Kind.CONDITION_CLEARED)
        .containsOnlyOnce(Decision.Kind.CONDITION_CLEARED);
  }

  /** How many queries InfluxDB's HTTP service answered so far ({@code SHOW STATS}). */
  static long queries() {
    JsonNode series =
        INFLUX.query("", "SHOW STATS FOR 'httpd'").path("results").path(0).path("series").path(0);
    JsonNode columns = series.path("columns");
    for (int i = 0; i < columns.size(); i++) {
      if (columns.path(i).asString().equals("queryReq")) {
        return series.path("values").path(0).path(i).asLong();
      }
    }
    throw new IllegalStateException("no queryReq in " + series);
  }
}
