package io.vigie.alerting.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.alerting.Alerting;
import io.vigie.alerting.influx.InfluxClients;
import io.vigie.alerting.notify.NotifySettings;
import io.vigie.alerting.status.Decision;
import io.vigie.alerting.status.EngineSettings;
import io.vigie.alerting.status.Status;
import io.vigie.alerting.status.TargetState;
import io.vigie.alerting.status.Transition;
import io.vigie.testkit.InfluxServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * The streaming evaluation in the whole pipeline, against a real InfluxDB and its real
 * subscription: a point is judged when it arrives, not at the next evaluation (the periodic one is
 * set to an hour); deadlines fire without new points; the subscription is the service's own, a
 * stale one replaced and its own removed at stop; and an endpoint that InfluxDB cannot reach for a
 * while loses no transition: the reconciliation reads what the stream missed.
 */
class StreamIT {
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
        - {id: web2, client: acme, kind: local}
        - {id: web3, client: acme, kind: local}
      thresholds:
        defaults:
          - {metric: disk.used_percent, warning: 80, error: 90}
      """;

  @TempDir Path dir;
  String database;
  InfluxDB influx;
  @Nullable Alerting alerting;
  final List<Decision> decisions = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    database = "stream" + System.nanoTime();
    INFLUX.createDatabase(database);
    influx = InfluxClients.connect(INFLUX.url(), null, null, Duration.ofSeconds(30));
    Files.writeString(dir.resolve("inventory.yml"), INVENTORY);
  }

  @AfterEach
  void tearDown() {
    if (alerting != null) {
      alerting.close();
    }
    influx.close();
  }

  Alerting start(Duration reconcile, @Nullable String url) throws Exception {
    StreamSettings stream =
        new StreamSettings(
            true, new InetSocketAddress("127.0.0.1", 0), url, "stream-it", reconcile, 1_000_000);
    Alerting.Settings settings =
        new Alerting.Settings(
            dir.resolve("inventory.yml"),
            new Alerting.Influx(INFLUX.url(), database, null, null, Duration.ofSeconds(10)),
            dir.resolve("data"),
            // The periodic evaluation is an hour away: whatever is judged sooner came by the
            // stream or by a deadline.
            new Alerting.Evaluation(
                EngineSettings.defaults(),
                Duration.ofHours(1),
                Duration.ofMinutes(5),
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
    Alerting started = Alerting.start(settings, Clock.systemUTC(), new SimpleMeterRegistry());
    alerting = started;
    started.service().onDecision(decisions::add);
    assertThat(started.streaming()).as("streaming on").isNotNull();
    return started;
  }

  void poll(String target, boolean up, @Nullable Double disk) {
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
    influx.write(database, "autogen", InfluxDB.ConsistencyLevel.ONE, TimeUnit.MILLISECONDS, lines);
  }

  @Nullable Status status(String target) {
    Alerting a = alerting;
    TargetState state = a == null ? null : a.service().target(target);
    return state == null ? null : state.status();
  }

  /** Waits for {@code condition}, polled every 5 ms; how long it took, in milliseconds. */
  static long await(Duration limit, BooleanSupplier condition) {
    long start = System.nanoTime();
    org.awaitility.Awaitility.await()
        .atMost(limit)
        .pollInterval(Duration.ofMillis(5))
        .until(condition::getAsBoolean);
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  @Test
  void aPointIsJudgedWhenItArrivesAndTheSubscriptionIsTheServicesOwn() throws Exception {
    // A subscription of the same name left by a crash, sending to nowhere: replaced at start.
    Subscription.create(influx, database, "stream-it", "http://127.0.0.1:9");
    Alerting service = start(Duration.ofHours(1), null);
    Streaming streaming = service.streaming();
    assertThat(Subscription.names(influx, database)).containsExactly("vigie_alerting_stream_it");
    assertThat(INFLUX.query(database, "SHOW SUBSCRIPTIONS").toString())
        .contains("http://127.0.0.1:" + (streaming == null ? -1 : streaming.port()))
        .doesNotContain("127.0.0.1:9\"");
    await(Duration.ofSeconds(20), () -> service.service().health().lastEvaluation() != null);

    poll("web1", true, 50.0);
    await(Duration.ofSeconds(5), () -> status("web1") == Status.RUN);
    poll("web1", true, 95.0);
    long ms = await(Duration.ofSeconds(5), () -> status("web1") == Status.ERROR);
    // Far sooner than the hour of the periodic evaluation (2 s: room for a loaded machine).
    assertThat(ms).isLessThan(2_000);

    service.close();
    alerting = null;
    assertThat(Subscription.names(influx, database)).isEmpty();
  }

  @Test
  void deadlinesFireWithoutNewPoints() throws Exception {
    start(Duration.ofHours(1), null);
    await(Duration.ofSeconds(20), () -> status("web1") != null);
    // web2 reports every second on the same collector: the collector is not silent, web1 is.
    AutoCloseable web2 = every(1_000, () -> poll("web2", true, 10.0));
    try {
      deadlines();
    } finally {
      web2.close();
    }
  }

  void deadlines() throws Exception {
    poll("web1", true, 85.0);
    Instant warned = Instant.now();
    await(Duration.ofSeconds(5), () -> status("web1") == Status.WARNING);
    // Told once it has lasted one interval (2 s), with no poll since: the hold's deadline.
    await(
        Duration.ofSeconds(6),
        () ->
            decisions.stream()
                .anyMatch(d -> "web1".equals(d.target()) && d.status() == Status.WARNING));
    Decision told =
        decisions.stream().filter(d -> d.status() == Status.WARNING).findFirst().orElseThrow();
    assertThat(Duration.between(warned, told.time()))
        .isBetween(Duration.ofMillis(1_500), Duration.ofMillis(4_000));
    // No data for 3 intervals (6 s): DEAD, after a read that confirms it.
    long ms = await(Duration.ofSeconds(15), () -> status("web1") == Status.DEAD);
    assertThat(ms).isGreaterThan(2_000);
    assertThat(Duration.between(warned, Instant.now()))
        .isBetween(Duration.ofSeconds(6), Duration.ofSeconds(10));
  }

  @Test
  void anEndpointInfluxCannotReachForAWhileLosesNoTransition() throws Exception {
    try (BlockingProxy proxy = new BlockingProxy()) {
      Alerting service = start(Duration.ofSeconds(3), "http://127.0.0.1:" + proxy.port());
      Streaming streaming = service.streaming();
      proxy.forwardTo(streaming == null ? 0 : streaming.port());
      await(Duration.ofSeconds(20), () -> status("web1") != null);
      // web3 is ERROR before the block; web1 and web2 are fine.
      for (int i = 0; i < 2; i++) {
        poll("web1", true, 50.0);
        poll("web2", true, 50.0);
        poll("web3", true, 95.0);
        Thread.sleep(1_000); // the collector's rhythm, not a wait for a result
      }
      await(Duration.ofSeconds(5), () -> status("web3") == Status.ERROR);
      assertThat(status("web1")).isEqualTo(Status.RUN);

      proxy.block(true);
      // During the block: web1 fills its disk, web2 stops answering, web3 recovers.
      for (int i = 0; i < 4; i++) {
        poll("web1", true, 96.0);
        poll("web2", false, null);
        poll("web3", true, 40.0);
        Thread.sleep(2_000); // one poll interval between rounds, as a collector writes
      }
      assertThat(proxy.refused()).as("InfluxDB tried and was refused").isPositive();
      // The reconciliation (every 3 s) repaired it while the stream was cut.
      await(Duration.ofSeconds(10), () -> status("web1") == Status.ERROR);
      await(Duration.ofSeconds(10), () -> status("web3") == Status.RUN);
      proxy.block(false);
      poll("web2", false, null);
      await(Duration.ofSeconds(10), () -> status("web2") == Status.DEAD);

      assertThat(changes(service, "web1")).contains("RUN>ERROR");
      assertThat(changes(service, "web2")).contains("RUN>DEAD");
      assertThat(changes(service, "web3")).contains("ERROR>RUN");
      // And the stream works again once InfluxDB reaches it.
      poll("web3", true, 97.0);
      await(Duration.ofSeconds(5), () -> status("web3") == Status.ERROR);
    }
  }

  @Test
  void aDatabaseMadeAfterTheStartAndASubscriptionDroppedAreSubscribedAgain() throws Exception {
    // The service starts before the collector made the database: InfluxDB refuses the
    // subscription, the service judges from reads meanwhile and subscribes once it can.
    String later = "later" + System.nanoTime();
    database = later;
    Alerting service = start(Duration.ofSeconds(2), null);
    assertThat(service.streaming().subscription()).isNull();
    await(
        Duration.ofSeconds(10),
        () -> service.service().conditions().stream().anyMatch(c -> c.key().equals("stream")));
    INFLUX.createDatabase(later);
    await(Duration.ofSeconds(20), () -> Subscription.names(influx, later).size() == 1);
    poll("web1", true, 95.0);
    await(Duration.ofSeconds(5), () -> status("web1") == Status.ERROR);
    // Dropped behind its back: made again at the next reconciliation.
    INFLUX.query(
        later, "DROP SUBSCRIPTION \"vigie_alerting_stream_it\" ON \"" + later + "\".\"autogen\"");
    assertThat(Subscription.names(influx, later)).isEmpty();
    await(Duration.ofSeconds(10), () -> Subscription.names(influx, later).size() == 1);
    await(
        Duration.ofSeconds(10),
        () -> service.service().conditions().stream().noneMatch(c -> c.key().equals("stream")));
  }

  @Test
  void aSilenceEndingIsToldOnTimeWithoutANewPoint() throws Exception {
    Alerting service = start(Duration.ofHours(1), null);
    await(Duration.ofSeconds(20), () -> status("web1") != null);
    AutoCloseable web2 = every(1_000, () -> poll("web2", true, 10.0));
    try {
      Instant ends = Instant.now().plusSeconds(3);
      service.service().silence("web1", null, null, ends, "noc", "maintenance");
      poll("web1", true, 97.0); // ERROR, its notice due in 2 s: silenced until ends
      await(Duration.ofSeconds(5), () -> status("web1") == Status.ERROR);
      await(
          Duration.ofSeconds(6), () -> decisions.stream().anyMatch(d -> "web1".equals(d.target())));
      Decision told =
          decisions.stream().filter(d -> "web1".equals(d.target())).findFirst().orElseThrow();
      assertThat(told.why()).isEqualTo("silence ended");
      assertThat(told.status()).isEqualTo(Status.ERROR);
      // No point of web1 came after the breach: the silence's end was the deadline.
      assertThat(Duration.between(ends, told.time()))
          .isBetween(Duration.ZERO, Duration.ofMillis(1_500));
    } finally {
      web2.close();
    }
  }

  @Test
  void aSubscriptionInfluxDoesNotServeIsAConditionAndReadsCarryOn() throws Exception {
    // A URL where nothing listens: InfluxDB accepts the subscription and never delivers.
    Alerting service = start(Duration.ofSeconds(1), "http://127.0.0.1:9");
    AutoCloseable web1 = every(500, () -> poll("web1", true, 97.0));
    try {
      await(
          Duration.ofSeconds(15),
          () ->
              service.service().conditions().stream()
                  .anyMatch(c -> c.key().equals("stream") && c.message().contains("127.0.0.1:9")));
      // The reconciliations judge meanwhile.
      await(Duration.ofSeconds(5), () -> status("web1") == Status.ERROR);
    } finally {
      web1.close();
    }
  }

  /** Runs {@code task} every {@code millis} until closed: a collector that keeps reporting. */
  static AutoCloseable every(long millis, Runnable task) {
    java.util.concurrent.ScheduledExecutorService thread =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    var unused =
        thread.scheduleAtFixedRate(task, 0, millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    return thread::shutdownNow;
  }

  /** A target's recorded changes, {@code FROM>TO}, oldest first. */
  static List<String> changes(Alerting service, String target) {
    List<Transition> history = new ArrayList<>(service.service().history(target, 100));
    history.sort(java.util.Comparator.comparing(Transition::time));
    return history.stream().map(t -> t.from() + ">" + t.to()).toList();
  }
}
