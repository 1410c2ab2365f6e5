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
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.model.poll.FailureKind;
import io.vigie.model.schema.Schema;
import io.vigie.testkit.InfluxServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * The whole evaluation path against a real InfluxDB: points written as the collector writes them,
 * read back in one request, judged, stored, written back as {@code status} points. Time is a fake
 * clock; the points carry its times.
 */
class EvaluationIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();

  static final String INVENTORY =
      """
      version: 1
      defaults:
        interval: 10s
      clients:
        - {id: acme, name: ACME, language: en, contacts: [it@acme.example]}
      targets:
        - {id: web1, client: acme, kind: local}
        - {id: web2, client: acme, kind: local}
        - {id: db, client: acme, kind: local}
        - {id: newcomer, client: acme, kind: local}
      thresholds:
        defaults:
          - {metric: cpu.usage_percent, where: {cpu: total}, warning: 85, error: 95, for: 30s}
          - {metric: disk.used_percent, warning: 80, error: 90}
      """;

  @TempDir Path dir;
  String database;
  InfluxDB influx;
  io.vigie.testkit.TestClock clock;
  StateStore store;
  AlertingService service;
  final List<Decision> decisions = new ArrayList<>();
  Inventory inventory;

  @BeforeEach
  void setUp() throws Exception {
    database = "t" + System.nanoTime();
    INFLUX.createDatabase(database);
    influx = InfluxClients.connect(INFLUX.url(), null, null, Duration.ofSeconds(30));
    clock =
        new io.vigie.testkit.TestClock(
            Instant.now()
                .minus(Duration.ofHours(1))
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    inventory = InventoryLoader.withSystemSecrets().parse(INVENTORY, "inventory.yml");
    start();
  }

  /** A service on the data directory, as after a (re)start. */
  void start() {
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

  void restart() {
    store.close();
    start();
  }

  @AfterEach
  void tearDown() {
    store.close();
    influx.close();
  }

  /** One poll of a target by collector c1, now, with its metrics. */
  void poll(String target, boolean up, String reason, String... metrics) {
    long t = clock.millis();
    List<String> lines = new ArrayList<>();
    String tags = ",client=acme,kind=local,target=" + target;
    lines.add(
        "poll,collector=c1" + tags + " up=" + (up ? 1 : 0) + "i,reason=\"" + reason + "\" " + t);
    for (String metric : metrics) {
      lines.add(metric.replace("#", tags) + " " + t);
    }
    influx.write(database, "autogen", InfluxDB.ConsistencyLevel.ONE, TimeUnit.MILLISECONDS, lines);
  }

  /**
   * One failed poll of a target by collector c1, now, as the collector writes it: with its kind.
   */
  void failed(String target, FailureKind kind, String reason) {
    String tags = ",client=acme,kind=local,target=" + target;
    influx.write(
        database,
        "autogen",
        InfluxDB.ConsistencyLevel.ONE,
        TimeUnit.MILLISECONDS,
        List.of(
            "poll,collector=c1"
                + tags
                + " up=0i,reason=\""
                + reason
                + "\","
                + Schema.POLL_FAILURE
                + "=\""
                + kind.code()
                + "\" "
                + clock.millis()));
  }

  /** Every target but the newcomer polled fine, then one evaluation 10 s later. */
  void cycle(double web1Cpu, double dbDisk) {
    poll("web1", true, "", "cpu#,cpu=total usage_percent=" + web1Cpu);
    poll("web2", true, "", "cpu#,cpu=total usage_percent=12");
    poll(
        "db",
        true,
        "",
        "disk#,mount=/ used_percent=" + dbDisk,
        "disk#,mount=/data used_percent=10");
    clock.advance(Duration.ofSeconds(10));
    service.evaluate();
  }

  Status status(String target) {
    return service.target(target).status();
  }

  @Test
  void everyTargetIsJudgedFromOneRequestAndEveryChangeIsWrittenBack() {
    cycle(50, 95);
    assertThat(status("db")).isEqualTo(Status.ERROR);
    assertThat(service.target("db").check()).isEqualTo("disk.used_percent{mount=/}");
    assertThat(status("web1")).isEqualTo(Status.RUN);
    assertThat(
            new InfluxReader(influx, database, 3)
                .statements(inventory, clock.instant(), null)
                .size())
        .as(
            "polls, one per measurement named by a rule (cpu, disk), checks, interfaces, the"
                + " collectors' refused points, probe runs")
        .isEqualTo(7);
    assertThat(
            INFLUX.count(
                database, "SELECT count(\"code\") FROM \"status\" WHERE \"target\" = 'db'"))
        .as("the transition, not overwritten by the refresh of the same instant")
        .isEqualTo(1);
    assertThat(
            INFLUX.count(
                database,
                "SELECT count(\"code\") FROM \"status\" WHERE \"target\" = 'db' AND"
                    + " \"changed\" = true AND \"code\" = 2"))
        .isEqualTo(1);
    assertThat(
            INFLUX.count(
                database,
                "SELECT count(\"code\") FROM \"status\" WHERE \"target\" = 'web1' AND"
                    + " \"changed\" = false AND \"code\" = 0"))
        .as("the refresh gives every other target a current point")
        .isEqualTo(1);
  }

  @Test
  void neverReportedAndUnreachableTargetsBecomeDead() {
    for (int i = 0; i < 3; i++) {
      cycle(50, 10);
    }
    assertThat(status("newcomer")).isEqualTo(Status.RUN);
    poll("web1", true, "", "cpu#,cpu=total usage_percent=10");
    poll("web2", true, "", "cpu#,cpu=total usage_percent=12");
    poll("db", false, "SnmpFailure: timeout: no answer from 10.0.0.9");
    clock.advance(Duration.ofSeconds(10));
    service.evaluate();
    assertThat(status("newcomer")).isEqualTo(Status.DEAD);
    assertThat(service.target("newcomer").cause()).startsWith("never reported");
    assertThat(status("db")).as("one failed poll is not enough").isEqualTo(Status.RUN);
    for (int i = 0; i < 2; i++) {
      poll("web1", true, "", "cpu#,cpu=total usage_percent=10");
      poll("web2", true, "", "cpu#,cpu=total usage_percent=12");
      poll("db", false, "SnmpFailure: timeout: no answer from 10.0.0.9");
      clock.advance(Duration.ofSeconds(10));
      service.evaluate();
    }
    assertThat(status("db")).isEqualTo(Status.DEAD);
    assertThat(service.target("db").cause()).startsWith("unreachable for 3 polls");
    assertThat(decisions).extracting(Decision::target).containsExactly("newcomer", "db");
  }

  /**
   * Points with the failure kind are judged by it; points written before it existed (the db's,
   * written by {@link #poll}) by the words of their reason, as then.
   */
  @Test
  void theFailureKindDecidesAndPollsWrittenWithoutItAreJudgedAsBefore() {
    cycle(50, 10);
    for (int i = 1; i <= 3; i++) {
      failed("web1", FailureKind.TIMEOUT, "timeout: no answer to the authentication failed probe");
      failed("web2", FailureKind.HOST_KEY_MISMATCH, "the key changed");
      poll("db", false, "SshFailure: authentication failed: x");
      clock.advance(Duration.ofSeconds(10));
      service.evaluate();
      assertThat(status("web2")).as("a host key problem, at once").isEqualTo(Status.ERROR);
      assertThat(status("db")).as("an old point's credential words").isEqualTo(Status.ERROR);
      assertThat(status("web1"))
          .as("a timeout, whatever its words, after %d polls", i)
          .isEqualTo(i < 3 ? Status.RUN : Status.DEAD);
    }
    assertThat(service.target("web1").cause())
        .isEqualTo(
            "unreachable for 3 polls: timeout: no answer to the authentication failed probe");
    assertThat(service.target("web2").cause()).isEqualTo("the key changed");
    assertThat(service.target("db").cause()).isEqualTo("SshFailure: authentication failed: x");
  }

  @Test
  void aSilentCollectorRaisesOneConditionAndNoTargetGoesDead() {
    cycle(50, 10);
    for (int i = 0; i < 6; i++) {
      clock.advance(Duration.ofSeconds(10));
      service.evaluate();
    }
    assertThat(service.conditions()).extracting(c -> c.key()).containsExactly("collector:c1");
    assertThat(List.of("web1", "web2", "db"))
        .allSatisfy(t -> assertThat(status(t)).isEqualTo(Status.RUN));
    assertThat(decisions)
        .filteredOn(d -> d.kind() == Decision.Kind.CONDITION_RAISED)
        .singleElement()
        .extracting(Decision::check)
        .isEqualTo("collector:c1");
    assertThat(decisions).filteredOn(d -> "web1".equals(d.target())).isEmpty();
  }

  @Test
  void influxDbStoppedKeepsTheStatusesAndRaisesOneCondition() throws Exception {
    cycle(50, 95);
    cycle(50, 95); // the ERROR has lasted a poll interval: told
    INFLUX.stop();
    try {
      for (int i = 0; i < 8; i++) {
        clock.advance(Duration.ofSeconds(10));
        service.evaluate();
      }
      assertThat(status("db")).isEqualTo(Status.ERROR);
      assertThat(status("web1")).isEqualTo(Status.RUN);
      assertThat(service.conditions()).extracting(c -> c.key()).containsExactly("influxdb");
      assertThat(service.health().readFailure()).isNotNull();
    } finally {
      INFLUX.start();
    }
    cycle(50, 95);
    assertThat(service.conditions()).isEmpty();
    assertThat(decisions)
        .filteredOn(d -> !"newcomer".equals(d.target()))
        .extracting(Decision::kind)
        .containsExactly(
            Decision.Kind.PROBLEM, Decision.Kind.CONDITION_RAISED, Decision.Kind.CONDITION_CLEARED);
  }

  @Test
  void aRestartKeepsForTimersAndNeverNotifiesTwice() {
    cycle(97, 10); // web1 beyond error, `for: 30s` starts
    cycle(97, 10);
    assertThat(status("web1")).isEqualTo(Status.RUN);
    restart(); // in the middle of the `for` window
    cycle(97, 10);
    assertThat(status("web1")).isEqualTo(Status.RUN);
    cycle(97, 10);
    assertThat(status("web1"))
        .as("30 s after the timer started, not 30 s after the restart")
        .isEqualTo(Status.ERROR);
    cycle(97, 10); // told once it has lasted a poll interval
    assertThat(decisions)
        .filteredOn(d -> "web1".equals(d.target()))
        .extracting(Decision::status)
        .containsExactly(Status.ERROR);
    restart(); // after the notified ERROR
    cycle(97, 10);
    cycle(97, 10);
    assertThat(decisions).filteredOn(d -> "web1".equals(d.target())).hasSize(1);
    assertThat(store.decisionsAfter(0, 100))
        .as("the stored stream has the decision once")
        .filteredOn(d -> "web1".equals(d.target()))
        .singleElement()
        .extracting(Decision::status)
        .isEqualTo(Status.ERROR);
    assertThat(service.history("web1", 10)).extracting(t -> t.to()).containsExactly(Status.ERROR);
  }

  /** The collector's self-metrics point for its refused-points counter, now. */
  void rejectedCounter(String collector, long count) {
    influx.write(
        database,
        "autogen",
        InfluxDB.ConsistencyLevel.ONE,
        TimeUnit.MILLISECONDS,
        List.of(
            "vigie_collector,collector="
                + collector
                + ",meter=vigie.points.rejected count="
                + count
                + " "
                + clock.millis()));
  }

  @Test
  void aCollectorWhosePointsInfluxDbRefusesIsAPipelineConditionUntilItStops() {
    rejectedCounter("c1", 0);
    cycle(50, 50);
    rejectedCounter("c1", 0);
    cycle(50, 50);
    assertThat(service.conditions()).isEmpty();
    rejectedCounter("c1", 3);
    cycle(50, 50);
    assertThat(service.conditions())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.key()).isEqualTo("collector:c1:rejected");
              assertThat(c.message()).contains("from 0 to 3");
            });
    assertThat(status("web1")).as("the targets are not blamed").isEqualTo(Status.RUN);
    for (int i = 0; i < 95; i++) { // 15 min and more without an increase
      rejectedCounter("c1", 3);
      cycle(50, 50);
    }
    assertThat(service.conditions()).isEmpty();
    assertThat(decisions)
        .extracting(Decision::kind, Decision::check)
        .containsSubsequence(
            org.assertj.core.groups.Tuple.tuple(
                Decision.Kind.CONDITION_RAISED, "collector:c1:rejected"),
            org.assertj.core.groups.Tuple.tuple(
                Decision.Kind.CONDITION_CLEARED, "collector:c1:rejected"));
  }
}
