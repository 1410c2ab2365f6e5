package io.vigie.alerting.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.alerting.influx.InfluxClients;
import io.vigie.alerting.influx.InfluxReader;
import io.vigie.alerting.influx.StatusWriter;
import io.vigie.alerting.service.AlertingService;
import io.vigie.alerting.status.EngineSettings;
import io.vigie.alerting.status.StatusEngine;
import io.vigie.alerting.store.Journal;
import io.vigie.alerting.store.StateStore;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.model.inventory.InventoryWatcher;
import io.vigie.testkit.InfluxServer;
import io.vigie.testkit.TestClock;
import java.nio.file.Files;
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
 * What the journal records of a real evaluation path: points written to a real InfluxDB as the
 * collectors write them, the service evaluating every 10 s of a test clock, the inventory reloaded
 * from its file. A collector falls silent and comes back, InfluxDB stops and starts again, the
 * service stops and starts again, a target leaves the inventory.
 */
class JournalIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();

  static final Duration EVERY = Duration.ofSeconds(10);
  static final Duration TIMEOUT = Duration.ofSeconds(5);
  // As the service sets it: three evaluations plus the InfluxDB timeout.
  static final Duration GAP = EVERY.multipliedBy(3).plus(TIMEOUT);

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
      """;

  @TempDir Path dir;
  String database;
  InfluxDB influx;
  TestClock clock;
  Path inventoryFile;
  InventoryWatcher watcher;
  StateStore store;
  AlertingService service;
  Instant began;

  @BeforeEach
  void setUp() throws Exception {
    database = "t" + System.nanoTime();
    INFLUX.createDatabase(database);
    influx = InfluxClients.connect(INFLUX.url(), null, null, TIMEOUT);
    clock = new TestClock(Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS));
    began = clock.instant();
    inventoryFile = dir.resolve("inventory.yml");
    Files.writeString(inventoryFile, INVENTORY);
    InventoryLoader loader = InventoryLoader.withSystemSecrets();
    InventoryWatcher.Snapshot first = InventoryWatcher.read(inventoryFile);
    watcher =
        new InventoryWatcher(
            inventoryFile,
            loader,
            first,
            loader.parse(first.text(), inventoryFile.toString()),
            next -> {},
            outcome -> {});
    start();
  }

  /** A service on the data directory, as after a (re)start. */
  void start() {
    store = StateStore.open(dir.resolve("state"), GAP);
    service =
        new AlertingService(
            watcher::current,
            new InfluxReader(influx, database, 3),
            new StatusWriter(influx, database, watcher::current),
            new StatusEngine(EngineSettings.defaults()),
            store,
            clock,
            Duration.ofMinutes(5),
            Duration.ofSeconds(5),
            new SimpleMeterRegistry());
  }

  @AfterEach
  void tearDown() {
    store.close();
    influx.close();
  }

  /**
   * Polls of the given targets now (web* by collector c1, db by c2), then an evaluation 10 s on.
   */
  Instant cycle(String... polled) {
    List<String> lines = new ArrayList<>();
    for (String target : polled) {
      String collector = target.startsWith("web") ? "c1" : "c2";
      lines.add(
          "poll,collector="
              + collector
              + ",client=acme,kind=local,target="
              + target
              + " up=1i,reason=\"\" "
              + clock.millis());
    }
    if (!lines.isEmpty()) {
      influx.write(
          database, "autogen", InfluxDB.ConsistencyLevel.ONE, TimeUnit.MILLISECONDS, lines);
    }
    clock.advance(EVERY);
    service.evaluate();
    return clock.instant();
  }

  List<Journal.Span> evaluated() {
    return store.journal().evaluated(began.minusSeconds(1), clock.instant().plusSeconds(1));
  }

  List<Journal.Span> stale(String target) {
    return store.journal().stale(target, began.minusSeconds(1), clock.instant().plusSeconds(1));
  }

  @Test
  void aSilentCollectorsTargetsGetOneStaleSpanWithTheRightEnds() {
    for (int i = 0; i < 3; i++) {
      cycle("web1", "web2", "db");
    }
    Instant lastHeard = clock.instant(); // c1's last poll is written at this time
    cycle("web1", "web2", "db");
    for (int i = 0; i < 6; i++) {
      cycle("db");
    }
    assertThat(service.target("web1").stale()).isTrue();
    Instant back = clock.instant(); // c1 polls again
    Instant cleared = cycle("web1", "web2", "db");
    cycle("web1", "web2", "db");
    assertThat(service.target("web1").stale()).isFalse();

    // Silent once no point for 3 of its targets' 10 s intervals: found at the first evaluation
    // past that, within one evaluation.
    Instant silentFrom = lastHeard.plus(EVERY.multipliedBy(3));
    for (String target : List.of("web1", "web2")) {
      List<Journal.Span> spans = stale(target);
      assertThat(spans).as(target).hasSize(1);
      assertThat(spans.get(0).from()).isBetween(silentFrom, silentFrom.plus(EVERY));
      assertThat(spans.get(0).to()).isBetween(back, back.plus(EVERY)).isEqualTo(cleared);
    }
    assertThat(stale("db")).as("c2 spoke all along").isEmpty();
    assertThat(evaluated()).as("InfluxDB read all along").hasSize(1);
  }

  @Test
  void anInfluxOutageAndAServiceRestartEachLeaveAHoleAndANewSpan() throws Exception {
    Instant first = cycle("web1", "web2", "db");
    cycle("web1", "web2", "db");
    Instant beforeOutage = cycle("web1", "web2", "db");
    INFLUX.stop();
    try {
      for (int i = 0; i < 5; i++) {
        cycle(); // nothing can be written or read
      }
      assertThat(service.health().readFailure()).isNotNull();
    } finally {
      INFLUX.start();
    }
    Instant afterOutage = cycle("web1", "web2", "db");
    Instant beforeStop = cycle("web1", "web2", "db");
    assertThat(evaluated())
        .containsExactly(
            new Journal.Span(first, beforeOutage), new Journal.Span(afterOutage, beforeStop));

    store.close();
    clock.advance(Duration.ofMinutes(2)); // the service stopped for two minutes
    start();
    Instant afterStart = cycle("web1", "web2", "db");
    Instant last = cycle("web1", "web2", "db");
    assertThat(evaluated())
        .containsExactly(
            new Journal.Span(first, beforeOutage),
            new Journal.Span(afterOutage, beforeStop),
            new Journal.Span(afterStart, last));
    assertThat(stale("web1")).as("not one collector silent for it").isEmpty();
  }

  @Test
  void aTargetRemovedFromTheInventoryFileEndsItsLifeAtTheEvaluationThatSawItGo() throws Exception {
    Instant added = cycle("web1", "web2", "db");
    cycle("web1", "web2", "db");
    Files.writeString(
        inventoryFile, INVENTORY.replace("  - {id: web2, client: acme, kind: local}\n", ""));
    watcher.run();
    assertThat(watcher.current().target("web2")).isEmpty();
    Instant removed = cycle("web1", "db");
    cycle("web1", "db");

    List<Journal.Life> lives = store.journal().lives("acme", began, clock.instant().plusSeconds(1));
    assertThat(lives)
        .containsExactly(
            new Journal.Life("db", "acme", "local", added, null),
            new Journal.Life("web1", "acme", "local", added, null),
            new Journal.Life("web2", "acme", "local", added, removed));
  }
}
