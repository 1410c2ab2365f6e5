package io.vigie.alerting.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.alerting.influx.InfluxClients;
import io.vigie.alerting.influx.InfluxReader;
import io.vigie.alerting.influx.StatusWriter;
import io.vigie.alerting.service.AlertingService;
import io.vigie.alerting.status.Decision;
import io.vigie.alerting.status.EngineSettings;
import io.vigie.alerting.status.Status;
import io.vigie.alerting.status.StatusEngine;
import io.vigie.alerting.store.StateStore;
import io.vigie.model.cause.Cause;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.testkit.InfluxServer;
import io.vigie.testkit.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log rules through the whole evaluation path against a real InfluxDB: {@code logmatch} points as
 * the collector writes them (a count and the last lines, per target and rule), summed by InfluxDB
 * over each rule's windows, judged as the target's check {@code log:NAME}, and only the target's
 * own client told, with the lines.
 */
class LogEvaluationIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();
  static final Duration TEN = Duration.ofSeconds(10);

  @TempDir Path dir;
  String database;
  InfluxDB influx;
  TestClock clock;
  StateStore store;
  AlertingService service;
  final List<Decision> decisions = new ArrayList<>();
  Inventory inventory;

  @BeforeEach
  void setUp() throws Exception {
    database = "t" + System.nanoTime();
    INFLUX.createDatabase(database);
    influx = InfluxClients.connect(INFLUX.url(), null, null, Duration.ofSeconds(30));
    clock = new TestClock(Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS));
    inventory =
        InventoryLoader.withSystemSecrets()
            .parse(
                """
                clients:
                  - id: acme
                    name: ACME
                    language: fr
                    log_rules:
                      - {name: auth, match: "Failed password", level: ERROR, count: 3,
                         within: 5m, clear_after: 10m}
                  - {id: globex, name: Globex}
                targets:
                  - {id: web1, client: acme, kind: local, interval: 10s}
                  - {id: db1, client: globex, kind: local, interval: 10s}
                """,
                "inventory.yml");
    store = StateStore.open(dir.resolve("state"));
    service =
        new AlertingService(
            () -> inventory,
            new InfluxReader(influx, database, 3),
            new StatusWriter(influx, database, () -> inventory),
            new StatusEngine(EngineSettings.defaults()),
            store,
            clock,
            Duration.ofMinutes(5),
            Duration.ofSeconds(5),
            new SimpleMeterRegistry());
    service.onDecision(decisions::add);
  }

  @AfterEach
  void tearDown() {
    store.close();
    influx.close();
  }

  void write(String line) {
    influx.write(
        database,
        "autogen",
        InfluxDB.ConsistencyLevel.ONE,
        TimeUnit.MILLISECONDS,
        List.of(line + " " + clock.millis()));
  }

  /** One evaluation cycle: both targets polled fine, then {@code matches} lines on web1. */
  void cycle(int matches) {
    write("poll,client=acme,collector=c1,kind=local,target=web1 up=1i,failure=\"none\"");
    write("poll,client=globex,collector=c1,kind=local,target=db1 up=1i,failure=\"none\"");
    if (matches > 0) {
      write(
          "logmatch,client=acme,collector=c1,rule=auth,target=web1 matches="
              + matches
              + "i,lines=\"Failed password for root from 203.0.113.9\nFailed password for"
              + " \\\"admin\\\" from 203.0.113.9\"");
    }
    clock.advance(TEN);
    service.evaluate();
  }

  @Test
  void matchesSummedByInfluxDbRaiseTheCheckUntilQuietForClearAfter() {
    cycle(1);
    cycle(1);
    assertThat(service.target("web1").status()).as("2 of 3").isEqualTo(Status.RUN);
    cycle(1);
    assertThat(service.target("web1").status()).isEqualTo(Status.ERROR);
    assertThat(service.target("web1").check()).isEqualTo("log:auth");
    assertThat(service.target("web1").typedCause())
        .isInstanceOfSatisfying(
            Cause.LogMatched.class,
            c -> {
              assertThat(c.matches()).isEqualTo(3);
              assertThat(c.lines())
                  .containsExactly(
                      "Failed password for root from 203.0.113.9",
                      "Failed password for \"admin\" from 203.0.113.9");
            });
    assertThat(service.target("db1").status()).as("another client's target").isEqualTo(Status.RUN);

    // Past the 5 min window, within the 10 min of clear_after: still raised.
    for (int i = 0; i < 31; i++) {
      cycle(0);
    }
    assertThat(service.target("web1").status()).isEqualTo(Status.ERROR);
    // Quiet for 10 min: RUN.
    for (int i = 0; i < 31; i++) {
      cycle(0);
    }
    assertThat(service.target("web1").status()).isEqualTo(Status.RUN);
    assertThat(decisions)
        .filteredOn(d -> d.kind() == Decision.Kind.PROBLEM)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.client()).isEqualTo("acme");
              assertThat(d.check()).isEqualTo("log:auth");
            });
    assertThat(decisions).noneMatch(d -> "globex".equals(d.client()));
  }
}
