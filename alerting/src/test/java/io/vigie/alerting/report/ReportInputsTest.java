package io.vigie.alerting.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigie.alerting.status.Cycle;
import io.vigie.alerting.status.EngineState;
import io.vigie.alerting.status.Silence;
import io.vigie.alerting.status.Status;
import io.vigie.alerting.status.TargetState;
import io.vigie.alerting.status.Transition;
import io.vigie.alerting.store.StateStore;
import io.vigie.model.contract.Contract;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.model.inventory.Language;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A report's input gathered from a store filled by hand: exactly the period's values, clipped. */
class ReportInputsTest {
  static final Instant T0 = Instant.parse("2026-11-02T08:00:00Z");
  static final Interval PERIOD = new Interval(T0, T0.plusSeconds(1000));
  static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  static final Contract CONTRACT = new Contract(99.9, List.of("web1", "db"), null, true);

  @TempDir Path dir;
  StateStore store;
  EngineState state = new EngineState();
  Inventory inventory;

  @BeforeEach
  void open() throws Exception {
    store = StateStore.open(dir, Duration.ofSeconds(150));
    inventory =
        InventoryLoader.withSystemSecrets()
            .parse(
                """
                version: 1
                clients:
                  - {id: acme, name: ACME Industries, language: fr, contacts: [it@acme.example]}
                  - {id: bigco, name: BigCo, language: en, contacts: [it@bigco.example]}
                targets:
                  - {id: web1, client: acme, kind: local}
                  - {id: db, client: acme, kind: local}
                  - {id: extra, client: acme, kind: local}
                  - {id: x, client: bigco, kind: local}
                """,
                "inventory.yml");
  }

  @AfterEach
  void close() {
    store.close();
  }

  static Instant at(int second) {
    return T0.plusSeconds(second);
  }

  void target(String id, String client, int firstSeen, boolean stale) {
    state
        .targets()
        .put(
            id,
            new TargetState(
                id,
                client,
                "local",
                Status.RUN,
                "",
                "",
                at(firstSeen),
                Map.of(),
                at(firstSeen),
                null,
                "c1",
                0,
                Status.RUN,
                false,
                List.of(),
                false,
                stale));
  }

  void evaluation(int second, Set<String> removed, Transition... transitions) {
    // Every target named as changed: the test sets their states by hand, as a full judgement does.
    store.commit(
        new Cycle(
            List.of(transitions),
            List.of(),
            Set.copyOf(state.targets().keySet()),
            removed,
            false,
            at(second)),
        state);
  }

  static Transition change(String target, int second, Status from, Status to, String cause) {
    return new Transition(
        target, "acme", "local", at(second), from, to, "poll", cause, false, false);
  }

  static Silence silence(String id, String target, String client, int from, int to) {
    return new Silence(
        id, target, client, at(from), at(to), "nora", "works", at(-5000), id.startsWith("m"));
  }

  @Test
  void theInputHoldsThePeriodsValuesClippedToIt() {
    target("web1", "acme", -100, false);
    target("db", "acme", -100, false);
    target("extra", "acme", -100, false);
    target("x", "bigco", -100, false);
    evaluation(-100, Set.of());
    evaluation(-50, Set.of(), change("web1", -50, Status.RUN, Status.ERROR, "disk full"));
    evaluation(0, Set.of());
    target("db", "acme", -100, true);
    evaluation(100, Set.of(), change("web1", 100, Status.ERROR, Status.RUN, "recovered"));
    target("db", "acme", -100, false);
    evaluation(200, Set.of());
    evaluation(250, Set.of(), change("db", 250, Status.RUN, Status.DEAD, "no data"));
    state.targets().remove("db");
    evaluation(300, Set.of("db"));
    evaluation(400, Set.of());
    target("db", "acme", 500, false);
    evaluation(500, Set.of());
    // no evaluation from 500 to 800: a hole
    evaluation(800, Set.of(), change("x", 800, Status.RUN, Status.DEAD, "other client"));
    evaluation(900, Set.of());
    evaluation(1000, Set.of(), change("web1", 1000, Status.RUN, Status.WARNING, "after"));
    evaluation(1100, Set.of());
    store.saveSilence(silence("s-client", null, "acme", -200, 50));
    store.saveSilence(silence("m-web1", "web1", "acme", 900, 1200));
    store.saveSilence(silence("s-before", null, "acme", -500, -100));
    store.saveSilence(silence("s-extra", "extra", "acme", 0, 100));
    store.saveSilence(silence("s-bigco", null, "bigco", 0, 100));

    ReportInput input =
        new ReportInputs(store, () -> inventory).load("acme", PARIS, CONTRACT, PERIOD);

    assertThat(input)
        .isEqualTo(
            new ReportInput(
                "acme",
                "ACME Industries",
                Language.FR,
                PARIS,
                CONTRACT,
                PERIOD,
                List.of(
                    new TargetHistory(
                        "db",
                        "local",
                        at(-100),
                        null,
                        Status.RUN,
                        List.of(
                            new TargetHistory.Change(at(250), Status.DEAD, "poll", "no data"),
                            new TargetHistory.Change(
                                at(500), Status.RUN, "", "waiting for the first poll")),
                        List.of(new Interval(at(100), at(200)), new Interval(at(300), at(500)))),
                    new TargetHistory(
                        "web1",
                        "local",
                        at(-100),
                        null,
                        Status.ERROR,
                        List.of(new TargetHistory.Change(at(100), Status.RUN, "poll", "recovered")),
                        List.of())),
                List.of(
                    silence("s-client", null, "acme", -200, 50),
                    silence("m-web1", "web1", "acme", 900, 1200)),
                List.of(new Interval(at(0), at(500)), new Interval(at(800), at(1000)))));
  }

  @Test
  void aTargetAddedInThePeriodStartsRunWhateverItsFormerLifeEndedIn() {
    target("web1", "acme", -100, false);
    evaluation(-100, Set.of());
    evaluation(-50, Set.of(), change("web1", -50, Status.RUN, Status.DEAD, "gone"));
    state.targets().remove("web1");
    evaluation(-20, Set.of("web1"));
    target("web1", "acme", 300, true);
    evaluation(300, Set.of());

    ReportInput input =
        new ReportInputs(store, () -> inventory).load("acme", PARIS, CONTRACT, PERIOD);

    assertThat(input.targets())
        .containsExactly(
            new TargetHistory(
                "web1",
                "local",
                at(300),
                null,
                Status.RUN,
                List.of(),
                List.of(new Interval(at(300), at(1000)))));
    assertThat(input.evaluated())
        .as("the evaluations before the period are outside it, and one alone is a span of no time")
        .isEmpty();
  }

  @Test
  void anUnknownClientIsAClearError() {
    assertThatThrownBy(
            () -> new ReportInputs(store, () -> inventory).load("nope", PARIS, CONTRACT, PERIOD))
        .hasMessage("clients: no client with id nope");
  }

  @Test
  void aMonthIsFromMidnightToMidnightInTheClientsZone() {
    assertThat(ReportInputs.month(YearMonth.of(2026, 10), PARIS))
        .isEqualTo(
            new Interval(
                Instant.parse("2026-09-30T22:00:00Z"), Instant.parse("2026-10-31T23:00:00Z")));
  }
}
