package io.vigie.alerting.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.alerting.Alerting;
import io.vigie.alerting.influx.InfluxClients;
import io.vigie.alerting.influx.InfluxReplicas;
import io.vigie.alerting.notify.NotifySettings;
import io.vigie.alerting.status.EngineSettings;
import io.vigie.alerting.status.Status;
import io.vigie.alerting.status.TargetState;
import io.vigie.alerting.status.Transition;
import io.vigie.alerting.stream.StreamSettings;
import io.vigie.alerting.stream.Subscription;
import io.vigie.testkit.InfluxServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.influxdb.InfluxDB;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two independent InfluxDB replicas holding the same points, as the ingesters of issue 21 write
 * them: the service reads the first, subscribes to both, and writes its status points to both. The
 * first is killed: statuses keep being computed from the second, the failover shows in the health
 * details and the metrics. The first comes back: the status points it missed are replayed to it,
 * and both replicas end with the same {@code status} series.
 */
class ReplicaFailoverIT {
  @RegisterExtension static final InfluxServer FIRST = new InfluxServer();
  @RegisterExtension static final InfluxServer SECOND = new InfluxServer();

  static final String INVENTORY =
      """
      version: 1
      defaults:
        interval: 2s
      clients:
        - {id: acme, name: ACME, language: en, contacts: [it@acme.example]}
      targets:
        - {id: web1, client: acme, kind: local}
        - {id: web2, client: acme, kind: local}
        - {id: web3, client: acme, kind: local}
      thresholds:
        defaults:
          - {metric: disk.used_percent, warning: 80, error: 90}
      """;

  @TempDir Path dir;
  String database;
  InfluxDB first;
  InfluxDB second;
  MeterRegistry registry = new SimpleMeterRegistry();
  // What the first replica's ingester could not write while it was down: replayed when it is back.
  final List<String> missedByFirst = new ArrayList<>();
  @Nullable Alerting alerting;

  @BeforeEach
  void setUp() throws Exception {
    database = "replicas" + System.nanoTime();
    FIRST.createDatabase(database);
    SECOND.createDatabase(database);
    first = InfluxClients.connect(FIRST.url(), null, null, Duration.ofSeconds(5));
    second = InfluxClients.connect(SECOND.url(), null, null, Duration.ofSeconds(5));
    Files.writeString(dir.resolve("inventory.yml"), INVENTORY);
  }

  @AfterEach
  void tearDown() {
    if (alerting != null) {
      alerting.close();
    }
    first.close();
    second.close();
    if (!FIRST.ping()) {
      FIRST.start(); // for the next test, if this one left it killed
    }
  }

  Alerting start() throws Exception {
    StreamSettings stream =
        new StreamSettings(
            true,
            new InetSocketAddress("127.0.0.1", 0),
            null,
            "failover-it",
            Duration.ofSeconds(2),
            1_000_000);
    Alerting.Settings settings =
        new Alerting.Settings(
            dir.resolve("inventory.yml"),
            // Both replicas in one setting, as VIGIE_INFLUX_URL gives them.
            new Alerting.Influx(
                FIRST.url() + ", " + SECOND.url(), database, null, null, Duration.ofSeconds(3)),
            dir.resolve("data"),
            new Alerting.Evaluation(
                EngineSettings.defaults(),
                Duration.ofSeconds(2),
                Duration.ofSeconds(2), // a refresh every 2 s: many points for the replay
                Duration.ofSeconds(1),
                3,
                2,
                stream),
            Duration.ofSeconds(5),
            null,
            NotifySettings.defaults(),
            null,
            Duration.ofSeconds(1),
            8);
    Alerting started = Alerting.start(settings, Clock.systemUTC(), registry);
    alerting = started;
    return started;
  }

  /** One poll as a collector writes it, into each replica given (its ingester's write). */
  void poll(String target, boolean up, @Nullable Double disk, InfluxDB... replicas) {
    long t = System.currentTimeMillis();
    String tags = ",client=acme,kind=local,target=" + target;
    List<String> lines = new ArrayList<>();
    lines.add(
        "poll,collector=c1"
            + tags
            + (up ? " up=1i,reason=\"\" " : " up=0i,reason=\"timed out\",failure=\"timeout\" ")
            + t);
    if (disk != null) {
      lines.add("disk,collector=c1,mount=/" + tags + " used_percent=" + disk + " " + t);
    }
    for (InfluxDB replica : replicas) {
      replica.write(
          database, "autogen", InfluxDB.ConsistencyLevel.ONE, TimeUnit.MILLISECONDS, lines);
    }
    if (replicas.length == 1 && replicas[0] == second) {
      missedByFirst.addAll(lines);
    }
  }

  /** The first replica's ingester, back, writes what it missed (JetStream kept it). */
  void ingesterCatchesUp() {
    first.write(
        database, "autogen", InfluxDB.ConsistencyLevel.ONE, TimeUnit.MILLISECONDS, missedByFirst);
  }

  double kept(String replica) {
    return registry
        .get("vigie.alerting.influx.replica.backlog")
        .tag("replica", replica)
        .gauge()
        .value();
  }

  @Nullable Status status(String target) {
    Alerting a = alerting;
    TargetState state = a == null ? null : a.service().target(target);
    return state == null ? null : state.status();
  }

  static void await(Duration limit, BooleanSupplier condition) {
    org.awaitility.Awaitility.await()
        .atMost(limit)
        .pollInterval(Duration.ofMillis(20))
        .until(condition::getAsBoolean);
  }

  /** Every status point of a replica, as text, oldest first. */
  List<String> statusPoints(InfluxServer replica) {
    return replica
        .rows(
            database,
            "SELECT \"code\", \"changed\", \"previous\", \"cause\", \"target\" FROM \"status\"")
        .stream()
        .map(Object::toString)
        .toList();
  }

  double failovers() {
    return registry.counter("vigie.alerting.influx.failovers").count();
  }

  @Test
  void theSecondReplicaCarriesOnAndTheFirstGetsTheStatusesItMissed() throws Exception {
    Alerting service = start();
    InfluxReplicas replicas = service.influx();
    await(Duration.ofSeconds(20), () -> status("web1") != null);
    // Subscribed on both: either replica's writes reach the stream.
    await(
        Duration.ofSeconds(10),
        () ->
            Subscription.names(first, database).contains("vigie_alerting_failover_it")
                && Subscription.names(second, database).contains("vigie_alerting_failover_it"));
    for (int i = 0; i < 2; i++) {
      poll("web1", true, 50.0, first, second);
      poll("web2", true, 50.0, first, second);
      // Two failed polls of three: each comes twice by the stream, once per replica, and must
      // count once (DEAD takes three).
      poll("web3", false, null, first, second);
      Thread.sleep(1_000); // the collector's rhythm, not a wait for a result
    }
    await(Duration.ofSeconds(10), () -> status("web1") == Status.RUN);
    Thread.sleep(1_500); // both copies of web3's polls judged
    assertThat(status("web3")).as("two failed polls, each seen twice").isNotEqualTo(Status.DEAD);
    assertThat(replicas.reading()).isEqualTo(FIRST.url());
    assertThat(failovers()).isZero();

    FIRST.kill();
    // While the first is down its ingester cannot write: points reach the second only.
    for (int i = 0; i < 4; i++) {
      poll("web1", true, 95.0, second);
      poll("web2", true, 50.0, second);
      poll("web3", true, 50.0, second);
      Thread.sleep(1_000);
    }
    await(Duration.ofSeconds(15), () -> status("web1") == Status.ERROR);
    await(Duration.ofSeconds(15), () -> status("web3") == Status.RUN);
    // The reads moved to the second; the health details and the metrics say so.
    await(Duration.ofSeconds(15), () -> SECOND.url().equals(replicas.reading()));
    assertThat(failovers()).isEqualTo(1);
    assertThat(service.influxDetails().toString())
        .contains("reading=" + SECOND.url())
        .contains(FIRST.url());
    assertThat(
            registry
                .get("vigie.alerting.influx.replica.reading")
                .tag("replica", SECOND.url())
                .gauge()
                .value())
        .isEqualTo(1);
    assertThat(service.service().health().readFailure()).isNull();
    assertThat(changes(service, "web1")).containsOnlyOnce("RUN>ERROR");
    await(
        Duration.ofSeconds(10),
        () ->
            SECOND.count(
                    database,
                    "SELECT count(\"code\") FROM \"status\" WHERE \"target\" = 'web1' AND"
                        + " \"changed\" = true AND \"code\" = 2")
                == 1);
    await(Duration.ofSeconds(10), () -> kept(FIRST.url()) > 0);

    FIRST.start();
    // Its ingester replays what it missed (JetStream keeps it); the service replays its own.
    ingesterCatchesUp();
    await(Duration.ofSeconds(60), () -> kept(FIRST.url()) == 0);
    assertThat(
            FIRST.count(
                database,
                "SELECT count(\"code\") FROM \"status\" WHERE \"target\" = 'web1' AND"
                    + " \"changed\" = true AND \"code\" = 2"))
        .as("the transition written while the first was down reached it")
        .isEqualTo(1);
    // Sticky: the reads stay on the second while it works.
    assertThat(replicas.reading()).isEqualTo(SECOND.url());
    service.close();
    alerting = null;
    List<String> onFirst = statusPoints(FIRST);
    List<String> onSecond = statusPoints(SECOND);
    assertThat(onSecond).hasSizeGreaterThan(6);
    assertThat(onFirst).as("the same status series on both replicas").isEqualTo(onSecond);
  }

  @Test
  void whatIsKeptForAReplicaOutlivesARestartOfTheService() throws Exception {
    start();
    await(Duration.ofSeconds(20), () -> status("web1") != null);
    poll("web1", true, 50.0, first, second);
    await(Duration.ofSeconds(10), () -> status("web1") == Status.RUN);
    FIRST.kill();
    poll("web1", true, 95.0, second);
    await(Duration.ofSeconds(15), () -> status("web1") == Status.ERROR);
    await(Duration.ofSeconds(10), () -> kept(FIRST.url()) > 0);
    Alerting stopped = alerting;
    alerting = null;
    if (stopped != null) {
      stopped.close();
    }

    FIRST.start();
    ingesterCatchesUp();
    registry = new SimpleMeterRegistry(); // a new process's meters
    start();
    assertThat(kept(FIRST.url())).as("kept in the state store across the restart").isPositive();
    await(Duration.ofSeconds(30), () -> kept(FIRST.url()) == 0);
    assertThat(
            FIRST.count(
                database,
                "SELECT count(\"code\") FROM \"status\" WHERE \"target\" = 'web1' AND"
                    + " \"changed\" = true AND \"code\" = 2"))
        .isEqualTo(1);
    Alerting last = alerting;
    alerting = null;
    if (last != null) {
      assertThat(changes(last, "web1")).containsOnlyOnce("RUN>ERROR");
      last.close();
    }
    assertThat(statusPoints(FIRST)).isEqualTo(statusPoints(SECOND));
  }

  /** A target's recorded changes, {@code FROM>TO}, oldest first. */
  static List<String> changes(Alerting service, String target) {
    List<Transition> history = new ArrayList<>(service.service().history(target, 100));
    history.sort(Comparator.comparing(Transition::time));
    return history.stream().map(t -> t.from() + ">" + t.to()).toList();
  }
}
