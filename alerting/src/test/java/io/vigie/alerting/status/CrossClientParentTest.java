package io.vigie.alerting.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.model.inventory.Inventory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A parent that belongs to another client (the NOC's own switch in front of a client's servers):
 * each client's notices and causes name only that client's targets.
 */
class CrossClientParentTest {
  static final String INVENTORY =
      """
      version: 1
      defaults:
        interval: 10s
      clients:
        - {id: noc, name: NOC, language: en, contacts: [noc@msp.example]}
        - {id: acme, name: ACME, language: en, contacts: [it@acme.example]}
      targets:
        - {id: core-switch, client: noc, kind: local}
        - {id: noc-probe, client: noc, kind: local, parent: core-switch}
        - {id: acme-web, client: acme, kind: local, parent: core-switch}
      """;

  final Inventory inventory = StatusEngineTest.inventory(INVENTORY);
  final StatusEngine engine = new StatusEngine(EngineSettings.defaults());
  final EngineState state = new EngineState();
  final List<Decision> decisions = new ArrayList<>();
  Instant now = StatusEngineTest.T0;

  private void step(boolean switchUp) {
    now = now.plusSeconds(10);
    Map<String, List<Observations.Poll>> polls = new HashMap<>();
    for (String id : List.of("core-switch", "noc-probe", "acme-web")) {
      boolean up = switchUp;
      polls.put(id, List.of(new Observations.Poll(now, up, up ? "" : "timeout", "c1")));
    }
    Observations observations = new Observations(polls, List.of(), List.of(), List.of(), List.of());
    decisions.addAll(engine.evaluate(inventory, observations, null, now, state).decisions());
  }

  @Test
  void anotherClientsParentIsNeitherNamedInTheCauseNorListedWithTheOtherClientsTargets() {
    step(true);
    for (int i = 0; i < 6; i++) {
      step(false);
    }
    TargetState web = state.targets().get("acme-web");
    assertThat(web.status()).isEqualTo(Status.DEAD);
    assertThat(web.cause()).doesNotContain("core-switch").startsWith("parent down");
    assertThat(web.suppressed())
        .as("the parent's notice goes to another client: acme is told itself")
        .isFalse();
    assertThat(decisions)
        .filteredOn(d -> "acme-web".equals(d.target()))
        .singleElement()
        .satisfies(d -> assertThat(d.status()).isEqualTo(Status.DEAD));
    assertThat(state.targets().get("noc-probe").cause()).contains("core-switch");
    assertThat(state.targets().get("noc-probe").suppressed()).isTrue();
    assertThat(decisions)
        .filteredOn(d -> "core-switch".equals(d.target()))
        .singleElement()
        .satisfies(d -> assertThat(d.affected()).containsExactly("noc-probe"));
    assertThat(decisions).noneMatch(d -> "noc-probe".equals(d.target()));
  }
}
