package io.vigie.alerting.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.model.cause.Cause;
import io.vigie.model.cause.CauseText;
import io.vigie.model.inventory.Client;
import io.vigie.model.inventory.Comparison;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.Language;
import io.vigie.model.inventory.Target;
import io.vigie.model.inventory.TargetKind;
import io.vigie.model.inventory.ThresholdRule;
import io.vigie.model.inventory.Thresholds;
import io.vigie.model.poll.FailureKind;
import io.vigie.model.probe.Probe;
import io.vigie.model.probe.ProbeSpec;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Service probes as checks of their target: a failed run is ERROR with its typed failure,
 * thresholds on a probe's fields, and a {@code service} target's liveness by its probes alone.
 */
class ProbeStatusTest {
  static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  static final Duration TEN = Duration.ofSeconds(10);

  static Probe https(String name) {
    return new Probe(
        name,
        TEN,
        Duration.ofSeconds(5),
        new ProbeSpec.Http(
            URI.create("https://shop.acme.example/"),
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

  static final Probe SIP =
      new Probe(
          "sip", TEN, Duration.ofSeconds(5), new ProbeSpec.Sip("10.0.0.5", 5060, false, "sip:x"));

  static Target target(String id, String client, TargetKind kind, List<Probe> probes) {
    return new Target(
        id, client, kind, id + ".example", TEN, null, Map.of(), Map.of(), null, null, probes);
  }

  Inventory inventory = inventory(Thresholds.none());

  static Inventory inventory(Thresholds thresholds) {
    return new Inventory(
        "test.yml",
        TEN,
        List.of(
            new Client("acme", "ACME", List.of("it@acme.example"), Language.EN, null),
            new Client("globex", "Globex", List.of("noc@globex.example"), Language.FR, null)),
        List.of(
            target("web", "acme", TargetKind.LOCAL, List.of(https("https"))),
            target("shop", "globex", TargetKind.SERVICE, List.of(https("site"), SIP)),
            target("plain", "acme", TargetKind.LOCAL, List.of())),
        thresholds);
  }

  final StatusEngine engine = new StatusEngine(EngineSettings.defaults());
  final EngineState state = new EngineState();
  final List<Decision> decisions = new ArrayList<>();
  Instant now = T0;

  /** What the collector wrote since the previous evaluation. */
  final class World {
    final Map<String, List<Observations.Poll>> polls = new HashMap<>();
    final Map<String, List<Observations.ProbeRun>> runs = new HashMap<>();
    final List<Observations.Metric> metrics = new ArrayList<>();

    World up(String target) {
      polls
          .computeIfAbsent(target, k -> new ArrayList<>())
          .add(0, new Observations.Poll(now, true, "", "c1", FailureKind.NONE));
      return this;
    }

    World run(String target, String probe, boolean up, FailureKind kind, Map<String, Object> f) {
      runs.computeIfAbsent(target, k -> new ArrayList<>())
          .add(
              0,
              new Observations.ProbeRun(
                  now,
                  probe,
                  probe.equals("sip") ? "sip" : "http",
                  up,
                  kind,
                  up ? "" : kind.code() + ": SocketTimeoutException",
                  "c1",
                  f));
      return this;
    }

    World ok(String target, String probe) {
      return run(target, probe, true, FailureKind.NONE, Map.of());
    }

    World days(String target, String probe, double days) {
      metrics.add(
          new Observations.Metric(
              target, "probe.tls_leaf_days", Map.of("probe", probe, "probe_type", "http"), days));
      return this;
    }

    Observations observations() {
      return new Observations(polls, metrics, List.of(), List.of(), List.of(), runs);
    }
  }

  /** One evaluation 10 s after the previous, of what was written just now. */
  void step(World world) {
    now = now.plus(TEN);
    Cycle cycle = engine.evaluate(inventory, world.observations(), null, now, state);
    decisions.addAll(cycle.decisions());
  }

  /** One evaluation of a world built at the time of the evaluation. */
  void step(java.util.function.Consumer<World> writes) {
    now = now.plus(TEN);
    World world = new World();
    writes.accept(world);
    Cycle cycle = engine.evaluate(inventory, world.observations(), null, now, state);
    decisions.addAll(cycle.decisions());
  }

  TargetState target(String id) {
    return state.targets().get(id);
  }

  static String fr(Cause cause) {
    return new CauseText(ZoneId.of("Europe/Paris")).render(cause, Language.FR);
  }

  static String en(Cause cause) {
    return new CauseText(ZoneId.of("Europe/Paris")).render(cause, Language.EN);
  }

  @Test
  void aFailedRunIsAnErrorOfItsCheckWithItsTypedFailureAndAnUpRunRecovers() {
    step(w -> w.up("web").up("plain").ok("web", "https"));
    assertThat(target("web").status()).isEqualTo(Status.RUN);
    assertThat(target("web").checks()).containsKey("probe:https");

    for (int i = 0; i < 7; i++) {
      step(
          w ->
              w.up("web")
                  .up("plain")
                  .run(
                      "web",
                      "https",
                      false,
                      FailureKind.HTTP_STATUS,
                      Map.of("http_status", 503.0)));
    }
    TargetState web = target("web");
    assertThat(web.status()).isEqualTo(Status.ERROR);
    assertThat(web.check()).isEqualTo("probe:https");
    assertThat(web.cause()).contains("probe https failed (http_status)");
    assertThat(web.typedCause())
        .isEqualTo(
            new Cause.ProbeFailed(
                "https",
                io.vigie.model.probe.ProbeType.HTTP,
                FailureKind.HTTP_STATUS,
                "https://shop.acme.example/",
                "503",
                null,
                7,
                Duration.ofSeconds(60)));
    assertThat(fr(web.typedCause()))
        .isEqualTo("Le site https://shop.acme.example/ répond 503 depuis 60\u00a0s");
    assertThat(en(web.typedCause()))
        .isEqualTo("Website https://shop.acme.example/ answers 503 for 60\u00a0s");
    assertThat(decisions)
        .anySatisfy(
            d -> {
              assertThat(d.kind()).isEqualTo(Decision.Kind.PROBLEM);
              assertThat(d.target()).isEqualTo("web");
              assertThat(d.check()).isEqualTo("probe:https");
            });

    step(w -> w.up("web").up("plain").ok("web", "https"));
    assertThat(target("web").status()).isEqualTo(Status.RUN);
    assertThat(target("web").checks().get("probe:https").status()).isEqualTo(Status.RUN);
    assertThat(target("plain").status()).isEqualTo(Status.RUN);
  }

  @Test
  void aRunReadTwiceByOverlappingReadsCountsOnce() {
    World first = new World();
    first.up("web").run("web", "https", false, FailureKind.TIMEOUT, Map.of());
    step(first);
    // The next read overlaps the previous one: the same run comes back, with nothing new.
    World again = new World();
    again.runs.putAll(first.runs);
    step(again);
    Cause cause = target("web").checks().get("probe:https").typedCause();
    assertThat(cause)
        .isInstanceOfSatisfying(Cause.ProbeFailed.class, f -> assertThat(f.runs()).isEqualTo(1));
  }

  @Test
  void aPolledTargetsProbeBetweenPollsKeepsItsCheckAndPollsDoNotClearIt() {
    step(w -> w.up("web").run("web", "https", false, FailureKind.REFUSED, Map.of()));
    // Polls go on; the probe has not run again (a longer interval): its check stays.
    for (int i = 0; i < 2; i++) {
      step(w -> w.up("web"));
    }
    assertThat(target("web").status()).isEqualTo(Status.ERROR);
    assertThat(fr(target("web").typedCause()))
        .isEqualTo(
            "Site https://shop.acme.example/ : connexion refusée (aucun service à l’écoute)");
    // An unreachable probe on a polled target is ERROR, never DEAD: the polls say it is up.
    for (int i = 0; i < 5; i++) {
      step(w -> w.up("web").run("web", "https", false, FailureKind.TIMEOUT, Map.of()));
    }
    assertThat(target("web").status()).isEqualTo(Status.ERROR);
  }

  @Test
  void aCertificateNearExpiryIsAWarningThenAnErrorByTheDefaultThresholds() {
    step(w -> w.up("web").ok("web", "https").days("web", "https", 40));
    assertThat(target("web").status()).isEqualTo(Status.RUN);
    step(w -> w.up("web").ok("web", "https").days("web", "https", 15));
    assertThat(target("web").status()).isEqualTo(Status.WARNING);
    step(w -> w.up("web").ok("web", "https").days("web", "https", 6));
    TargetState web = target("web");
    assertThat(web.status()).isEqualTo(Status.ERROR);
    assertThat(web.check()).isEqualTo("probe.tls_leaf_days{probe=https,probe_type=http}");
    assertThat(fr(web.typedCause()))
        .isEqualTo(
            "Le certificat de shop.acme.example expire dans 6\u00a0jours (erreur : moins de"
                + " 7\u00a0jours)");
    assertThat(en(web.typedCause()))
        .isEqualTo(
            "Certificate of shop.acme.example expires in 6\u00a0days (error: under 7\u00a0days)");
    assertThat(CauseText.checkName(web.check(), Language.FR)).isEqualTo("Le certificat de https");
    // Renewed: better is immediate.
    step(w -> w.up("web").ok("web", "https").days("web", "https", 89));
    assertThat(target("web").status()).isEqualTo(Status.RUN);
  }

  @Test
  void theInventorysThresholdsReplaceTheDefaultsWithTheirForDuration() {
    inventory =
        inventory(
            new Thresholds(
                List.of(),
                Map.of(),
                Map.of(
                    "web",
                    List.of(
                        new ThresholdRule(
                            "probe.tls_leaf_days",
                            Map.of("probe", "https"),
                            Comparison.BELOW,
                            30,
                            10,
                            Duration.ofSeconds(30),
                            0)))));
    step(w -> w.up("web").ok("web", "https").days("web", "https", 20));
    step(w -> w.up("web").ok("web", "https").days("web", "https", 20));
    step(w -> w.up("web").ok("web", "https").days("web", "https", 20));
    assertThat(target("web").status()).as("20 s of 30 s").isEqualTo(Status.RUN);
    step(w -> w.up("web").ok("web", "https").days("web", "https", 20));
    assertThat(target("web").status()).isEqualTo(Status.WARNING);
    assertThat(((Cause.Threshold) target("web").typedCause()).level()).isEqualTo(30);
  }

  @Test
  void aServiceTargetIsDeadWhenEveryProbeCannotReachItForThreeRunsNotForLackOfPolls() {
    for (int i = 0; i < 6; i++) {
      step(w -> w.ok("shop", "site").ok("shop", "sip"));
    }
    assertThat(target("shop").status()).as("no poll point ever: not DEAD").isEqualTo(Status.RUN);

    // One probe unreachable: ERROR, not DEAD.
    for (int i = 0; i < 4; i++) {
      step(w -> w.run("shop", "sip", false, FailureKind.TIMEOUT, Map.of()).ok("shop", "site"));
    }
    assertThat(target("shop").status()).isEqualTo(Status.ERROR);
    assertThat(fr(target("shop").typedCause())).isEqualTo("Serveur SIP 10.0.0.5 : pas de réponse");

    // Both unreachable: DEAD once the second has failed three times in a row.
    step(
        w ->
            w.run("shop", "sip", false, FailureKind.TIMEOUT, Map.of())
                .run("shop", "site", false, FailureKind.CONNECTION, Map.of()));
    step(
        w ->
            w.run("shop", "sip", false, FailureKind.TIMEOUT, Map.of())
                .run("shop", "site", false, FailureKind.NAME_RESOLUTION, Map.of()));
    assertThat(target("shop").status()).isEqualTo(Status.ERROR);
    step(
        w ->
            w.run("shop", "sip", false, FailureKind.TIMEOUT, Map.of())
                .run("shop", "site", false, FailureKind.TIMEOUT, Map.of()));
    TargetState shop = target("shop");
    assertThat(shop.status()).isEqualTo(Status.DEAD);
    assertThat(shop.check()).as("the first by name").isEqualTo("probe:sip");
    assertThat(shop.cause()).startsWith("unreachable for 7 runs: probe sip failed (timeout)");
    assertThat(en(shop.typedCause())).isEqualTo("SIP server 10.0.0.5: no answer for 60\u00a0s");
    assertThat(en(shop.checks().get("probe:site").typedCause()))
        .isEqualTo("Website https://shop.acme.example/: no answer");

    step(w -> w.ok("shop", "site").ok("shop", "sip"));
    assertThat(target("shop").status()).isEqualTo(Status.RUN);
  }

  @Test
  void aProbeFailingForAHumanKeepsAServiceTargetInErrorNotDead() {
    for (int i = 0; i < 5; i++) {
      step(
          w ->
              w.run("shop", "sip", false, FailureKind.TIMEOUT, Map.of())
                  .run(
                      "shop",
                      "site",
                      false,
                      FailureKind.TLS_EXPIRED,
                      Map.of("tls_leaf_days", -3.0)));
    }
    TargetState shop = target("shop");
    assertThat(shop.status()).isEqualTo(Status.ERROR);
    assertThat(fr(shop.checks().get("probe:site").typedCause()))
        .isEqualTo("Certificat de shop.acme.example : expiré depuis 3\u00a0jours");
    assertThat(en(shop.checks().get("probe:site").typedCause()))
        .isEqualTo("Certificate of shop.acme.example: expired 3\u00a0days ago");
  }

  @Test
  void aServiceTargetWithoutRunsIsNeverReportedThenOneWhoseRunsStopHasNoData() {
    for (int i = 0; i < 3; i++) {
      step(w -> w.up("web"));
    }
    assertThat(target("shop").status()).as("pending, like a new target").isEqualTo(Status.RUN);
    step(w -> w.up("web"));
    assertThat(target("shop").status()).isEqualTo(Status.DEAD);
    assertThat(target("shop").typedCause()).isInstanceOf(Cause.NeverReported.class);

    step(w -> w.up("web").ok("shop", "site").ok("shop", "sip"));
    assertThat(target("shop").status()).isEqualTo(Status.RUN);
    for (int i = 0; i < 4; i++) {
      step(w -> w.up("web"));
    }
    assertThat(target("shop").status()).isEqualTo(Status.DEAD);
    assertThat(target("shop").typedCause()).isInstanceOf(Cause.NoData.class);
  }

  @Test
  void aPolledTargetsProbeThatStopsRunningIsAWarningNoResult() {
    step(w -> w.up("web").ok("web", "https"));
    for (int i = 0; i < 3; i++) {
      step(w -> w.up("web"));
    }
    assertThat(target("web").status()).isEqualTo(Status.RUN);
    step(w -> w.up("web"));
    assertThat(target("web").status()).isEqualTo(Status.WARNING);
    assertThat(fr(target("web").typedCause()))
        .isEqualTo("Sonde https (https://shop.acme.example/) : aucun résultat depuis 40\u00a0s");
    step(w -> w.up("web").ok("web", "https"));
    assertThat(target("web").status()).isEqualTo(Status.RUN);
  }

  @Test
  void aServiceTargetsProbeThatStopsWhileAnotherRunsIsAWarningNotDead() {
    step(w -> w.up("web").ok("shop", "site").ok("shop", "sip"));
    for (int i = 0; i < 4; i++) {
      step(w -> w.up("web").ok("shop", "site"));
    }
    assertThat(target("shop").status()).isEqualTo(Status.WARNING);
    assertThat(target("shop").typedCause()).isInstanceOf(Cause.ProbeSilent.class);
    assertThat(en(target("shop").typedCause()))
        .isEqualTo("Probe sip (10.0.0.5): no result for 40\u00a0s");
  }

  @Test
  void aProbeNotYetRunIsPendingAndATargetWithoutProbesIsAsBefore() {
    for (int i = 0; i < 10; i++) {
      step(w -> w.up("web").up("plain"));
    }
    assertThat(target("web").status()).isEqualTo(Status.RUN);
    assertThat(target("web").checks()).doesNotContainKey("probe:https");
    assertThat(target("plain").checks()).isEmpty();
    assertThat(decisions).allSatisfy(d -> assertThat(d.target()).isEqualTo("shop"));
  }

  @Test
  void aProbeRemovedFromTheInventoryTakesItsChecksAlong() {
    step(w -> w.up("web").run("web", "https", false, FailureKind.TIMEOUT, Map.of()));
    step(w -> w.up("web").ok("web", "https").days("web", "https", 3)); // the days are a run's field
    assertThat(target("web").checks())
        .containsKeys("probe:https", "probe.tls_leaf_days{probe=https,probe_type=http}");
    inventory =
        new Inventory(
            "test.yml",
            TEN,
            inventory.clients(),
            List.of(
                target("web", "acme", TargetKind.LOCAL, List.of()),
                target("shop", "globex", TargetKind.SERVICE, List.of(https("site"), SIP)),
                target("plain", "acme", TargetKind.LOCAL, List.of())),
            Thresholds.none());
    step(w -> w.up("web"));
    assertThat(target("web").checks()).isEmpty();
    assertThat(target("web").status()).isEqualTo(Status.RUN);
  }

  @Test
  void aFailedRunWithoutAKindIsUnknown() {
    Observations.ProbeRun run =
        new Observations.ProbeRun(T0, "x", "tcp", false, FailureKind.NONE, "", "c1", Map.of());
    assertThat(run.failure()).isEqualTo(FailureKind.UNKNOWN);
  }
}
