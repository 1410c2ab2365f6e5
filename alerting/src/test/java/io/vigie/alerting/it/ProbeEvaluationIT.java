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
import io.vigie.model.cause.CauseText;
import io.vigie.model.inventory.Client;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.Language;
import io.vigie.model.inventory.Target;
import io.vigie.model.inventory.TargetKind;
import io.vigie.model.inventory.Thresholds;
import io.vigie.model.probe.Probe;
import io.vigie.model.probe.ProbeSpec;
import io.vigie.model.schema.ProbeSchema;
import io.vigie.testkit.InfluxServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Service probes through the whole evaluation path against a real InfluxDB: {@code probe} points
 * written as the collector writes them (tags target, client, kind, collector, probe, type; the
 * failure's code), read in the same request as the polls, judged as checks of their target, and the
 * cause said in the client's language.
 */
class ProbeEvaluationIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();
  static final Duration TEN = Duration.ofSeconds(10);

  @TempDir Path dir;
  String database;
  InfluxDB influx;
  io.vigie.testkit.TestClock clock;
  StateStore store;
  AlertingService service;
  final List<Decision> decisions = new ArrayList<>();
  Inventory inventory;

  static Probe http(String name, String url) {
    return new Probe(
        name,
        TEN,
        Duration.ofSeconds(5),
        new ProbeSpec.Http(
            URI.create(url),
            "GET",
            List.of(),
            null,
            null,
            true,
            Map.of(),
            null,
            ProbeSpec.TlsExpectation.DEFAULT,
            null,
            null));
  }

  static Target target(String id, String client, TargetKind kind, Probe probe) {
    return new Target(
        id,
        client,
        kind,
        id + ".example",
        TEN,
        null,
        Map.of(),
        Map.of(),
        null,
        null,
        List.of(probe));
  }

  @BeforeEach
  void setUp() {
    database = "t" + System.nanoTime();
    INFLUX.createDatabase(database);
    influx = InfluxClients.connect(INFLUX.url(), null, null, Duration.ofSeconds(30));
    clock =
        new io.vigie.testkit.TestClock(
            Instant.now()
                .minus(Duration.ofHours(1))
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    // Built in code: the inventory's probes: section is parsed elsewhere (issue 16).
    inventory =
        new Inventory(
            "inventory.yml",
            TEN,
            List.of(
                new Client("acme", "ACME", List.of("it@acme.example"), Language.EN, null),
                new Client("globex", "Globex", List.of("noc@globex.example"), Language.FR, null)),
            List.of(
                target(
                    "web1", "acme", TargetKind.LOCAL, http("https", "https://web1.acme.example/")),
                target(
                    "shop",
                    "globex",
                    TargetKind.SERVICE,
                    http("home", "https://shop.acme.example/")),
                target(
                    "cam",
                    "globex",
                    TargetKind.SERVICE,
                    new Probe(
                        "stream",
                        TEN,
                        Duration.ofSeconds(5),
                        new ProbeSpec.Rtsp(
                            URI.create("rtsp://cam.acme.example/live"), true, null)))),
            Thresholds.none());
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

  /** A probe point as ProbeEmission writes it: the target's tags, then the probe's. */
  void probe(String target, String client, String kind, String probe, String type, String fields) {
    write(
        "probe,client="
            + client
            + ",collector=c1,kind="
            + kind
            + ",probe="
            + probe
            + ",target="
            + target
            + ",probe_type="
            + type
            + " "
            + fields);
  }

  void cycle(int tlsDays) {
    write(
        "poll,client=acme,collector=c1,kind=local,target=web1 up=1i,failure=\"none\",reason=\"\"");
    probe(
        "web1",
        "acme",
        "local",
        "https",
        "http",
        "up=1i,failure=\"none\",reason=\"\",duration_ms=41.5,http_status=200i,"
            + ProbeSchema.TLS_LEAF_DAYS
            + "="
            + tlsDays
            + ",tls_chain_days=400");
    probe(
        "shop",
        "globex",
        "service",
        "home",
        "http",
        "up=0i,failure=\"http_status\",reason=\"HTTP 503 Service Unavailable\","
            + "duration_ms=80,http_status=503i");
    // A code this version does not know: judged as unknown, which counts toward DEAD.
    probe(
        "cam",
        "globex",
        "service",
        "stream",
        "rtsp",
        "up=0i,failure=\"quantum_glitch\",reason=\"?\",duration_ms=5000");
    clock.advance(TEN);
    service.evaluate();
  }

  @Test
  void probePointsAreReadInTheSameRequestAndJudgedAsChecksOfTheirTarget() {
    assertThat(new InfluxReader(influx, database, 3).statements(inventory, clock.instant(), null))
        .as(
            "polls, the probe fields the default thresholds name, checks, interfaces, refused, runs")
        .hasSize(6)
        .anySatisfy(
            s -> assertThat(s).startsWith("SELECT \"up\", \"failure\"").contains("FROM \"probe\""));
    cycle(15);
    assertThat(service.target("web1").status()).isEqualTo(Status.WARNING);
    assertThat(service.target("web1").check())
        .isEqualTo("probe.tls_leaf_days{probe=https,probe_type=http}");
    assertThat(service.target("shop").status()).isEqualTo(Status.ERROR);
    assertThat(service.target("shop").check()).isEqualTo("probe:home");
    assertThat(service.target("cam").status()).as("one run is not enough").isEqualTo(Status.ERROR);

    cycle(6);
    cycle(6);
    assertThat(service.target("web1").status()).isEqualTo(Status.ERROR);
    assertThat(service.target("shop").status()).as("503 is not DEAD").isEqualTo(Status.ERROR);
    assertThat(service.target("cam").status()).isEqualTo(Status.DEAD);

    CauseText text = new CauseText(ZoneId.of("Europe/Paris"));
    Cause shop = service.target("shop").typedCause();
    assertThat(shop).isNotNull();
    assertThat(text.render(shop, Language.FR))
        .isEqualTo("Le site https://shop.acme.example/ répond 503");
    Cause web1 = service.target("web1").typedCause();
    assertThat(web1).isNotNull();
    assertThat(text.render(web1, Language.EN))
        .isEqualTo(
            "Certificate of web1.acme.example expires in 6\u00a0days (error: under 7\u00a0days)");
    assertThat(text.render(service.target("cam").typedCause(), Language.FR))
        .isEqualTo("Caméra rtsp://cam.acme.example/live : cause inconnue");

    // What the clients are told: each its own, with the typed cause the mail says.
    cycle(6);
    assertThat(decisions)
        .filteredOn(d -> d.target() != null && d.target().equals("shop"))
        .first()
        .satisfies(
            d -> {
              assertThat(d.kind()).isEqualTo(Decision.Kind.PROBLEM);
              assertThat(d.client()).isEqualTo("globex");
              assertThat(d.typedCause()).isInstanceOf(Cause.ProbeFailed.class);
              assertThat(text.render(d.typedCause(), Language.FR))
                  .startsWith("Le site https://shop.acme.example/ répond 503");
            });
    assertThat(decisions)
        .filteredOn(d -> "cam".equals(d.target()))
        .extracting(Decision::status)
        .contains(Status.DEAD);
  }
}
