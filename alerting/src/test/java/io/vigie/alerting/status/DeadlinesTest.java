package io.vigie.alerting.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.model.inventory.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each timer's deadline is the first instant at which its rule fires: judging the target then
 * changes what judging it a millisecond before does not.
 */
class DeadlinesTest {
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  final EngineSettings settings = EngineSettings.defaults();
  final Deadlines deadlines = new Deadlines(settings);
  final Inventory inventory = inventory();
  final Target web1 = inventory.targetsById().get("web1");
  final StatusEngine engine = new StatusEngine(settings);

  static Inventory inventory() {
    try {
      return InventoryLoader.withSystemSecrets()
          .parse(
              """
              version: 1
              defaults:
                interval: 10s
              clients:
                - {id: acme, name: ACME, language: en, contacts: [it@acme.example]}
              targets:
                - {id: web1, client: acme, kind: local}
                - {id: web2, client: acme, kind: local}
              """,
              "inventory.yml");
    } catch (io.vigie.model.inventory.InventoryException e) {
      throw new IllegalStateException(e);
    }
  }

  EngineState state = new EngineState();

  void judge(Instant now, Observations observations) {
    engine.evaluate(inventory, observations, null, now, state);
  }

  static Observations poll(Instant at, boolean up) {
    return new Observations(
        Map.of("web1", List.of(new Observations.Poll(at, up, up ? "" : "timed out", "c1"))),
        List.of(),
        List.of(),
        List.of());
  }

  static Observations web2(Instant at) {
    return new Observations(
        Map.of("web2", List.of(new Observations.Poll(at, true, "", "c1"))),
        List.of(),
        List.of(),
        List.of());
  }

  @Test
  void noDataFiresJustAfterThreeIntervalsAndNotBefore() {
    judge(T0, poll(T0, true));
    Deadlines.Due due = deadlines.next(web1, state.targets().get("web1"), null, null, T0);
    assertThat(due).isEqualTo(new Deadlines.Due(T0.plusSeconds(30).plusMillis(1), true));
    // web2 on the same collector reports: the collector is not silent, web1 is.
    judge(due.at().minusMillis(1), web2(due.at().minusMillis(1)));
    assertThat(state.targets().get("web1").status()).isEqualTo(Status.RUN);
    judge(due.at(), web2(due.at()));
    assertThat(state.targets().get("web1").status()).isEqualTo(Status.DEAD);
  }

  @Test
  void theHoldBeforeANoticeIsADeadlineAndSoIsTheFlapWindow() {
    judge(T0, poll(T0, true));
    Instant t1 = T0.plusSeconds(10);
    judge(
        t1,
        new Observations(
            Map.of("web1", List.of(new Observations.Poll(t1, true, "", "c1"))),
            List.of(),
            List.of(new Observations.Plugin("web1", "ntp", 2, "drift")),
            List.of()));
    TargetState s = state.targets().get("web1");
    assertThat(s.status()).isEqualTo(Status.ERROR);
    // Told after one interval (decision 0008): the hold is the nearest deadline.
    assertThat(deadlines.next(web1, s, null, null, t1))
        .isEqualTo(new Deadlines.Due(t1.plusSeconds(10), false));
    List<Decision> told = new java.util.ArrayList<>();
    Cycle before =
        engine.evaluate(inventory, Observations.none(), null, t1.plusMillis(9_999), state);
    assertThat(before.decisions()).isEmpty();
    Cycle at = engine.evaluate(inventory, Observations.none(), null, t1.plusSeconds(10), state);
    told.addAll(at.decisions());
    assertThat(told).singleElement().extracting(Decision::status).isEqualTo(Status.ERROR);
    // Then the change leaves the flap window 15 min after it, unless no data comes first.
    s = state.targets().get("web1");
    Deadlines.Due next = deadlines.next(web1, s, null, null, t1.plusSeconds(10));
    assertThat(next).isEqualTo(new Deadlines.Due(t1.plusSeconds(30).plusMillis(1), true));
    assertThat(s.changes()).containsExactly(t1);
  }

  @Test
  void aPassedDeadlineIsNotOne() {
    judge(T0, poll(T0, true));
    TargetState s = state.targets().get("web1");
    assertThat(deadlines.next(web1, s, null, null, T0.plus(Duration.ofHours(1)))).isNull();
  }
}
