package io.vigie.alerting.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.model.inventory.Inventory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A collector group on a fake clock: a member lost is the NOC's business, its targets are judged
 * from the member that took them over; a group silent as a whole keeps its targets' statuses.
 */
class CollectorGroupsTest {
  static final Instant T0 = Instant.parse("2026-12-01T06:00:00Z");

  static String inventoryYaml(String interval) {
    return """
        version: 1
        defaults:
          interval: %s
        clients:
          - {id: acme, name: ACME, language: en, contacts: [it@acme.example]}
          - {id: globex, name: Globex, language: fr, contacts: [noc@globex.example]}
        targets:
          - {id: sw1, client: acme, kind: snmp, address: 10.0.0.1, credentials: {community: {env: HOME}}}
          - {id: sw2, client: acme, kind: snmp, address: 10.0.0.2, credentials: {community: {env: HOME}}}
          - {id: sw3, client: acme, kind: snmp, address: 10.0.0.3, credentials: {community: {env: HOME}}}
          - {id: sw4, client: acme, kind: snmp, address: 10.0.0.4, credentials: {community: {env: HOME}}}
          - {id: gx1, client: globex, kind: snmp, address: 10.0.1.1, credentials: {community: {env: HOME}}}
        collector_groups:
          - id: paris
            members: [col-a, col-b, col-c]
            clients: [acme]
        """
        .formatted(interval);
  }

  static final List<String> GROUP_TARGETS = List.of("sw1", "sw2", "sw3", "sw4");

  Inventory inventory = StatusEngineTest.inventory(inventoryYaml("60s"));
  final StatusEngine engine = new StatusEngine(EngineSettings.defaults());
  final EngineState state = new EngineState();
  final List<Decision> decisions = new ArrayList<>();
  Instant now = T0;

  /** Who polls which target of the group now, as the leases say; gx1 is c9's (no group). */
  final Map<String, String> poller =
      new HashMap<>(Map.of("sw1", "col-a", "sw2", "col-a", "sw3", "col-b", "sw4", "col-c"));

  /** The members running (writing their self metrics, polling what they hold). */
  final Set<String> running = new HashSet<>(Set.of("col-a", "col-b", "col-c"));

  /** 10 s later: every running member's self metrics and polls, c9's poll of gx1. */
  void step() {
    now = now.plusSeconds(10);
    Map<String, List<Observations.Poll>> polls = new HashMap<>();
    poller.forEach(
        (target, collector) -> {
          if (running.contains(collector)) {
            polls.put(target, List.of(new Observations.Poll(now, true, "", collector)));
          }
        });
    polls.put("gx1", List.of(new Observations.Poll(now, true, "", "c9")));
    List<Observations.Rejected> self = new ArrayList<>();
    running.forEach(m -> self.add(new Observations.Rejected(m, now, 0)));
    Cycle cycle =
        engine.evaluate(
            inventory,
            new Observations(polls, List.of(), List.of(), List.of(), self),
            null,
            now,
            state);
    decisions.addAll(cycle.decisions());
  }

  void steps(int n) {
    for (int i = 0; i < n; i++) {
      step();
    }
  }

  TargetState target(String id) {
    return state.targets().get(id);
  }

  List<String> conditions() {
    return state.conditions().keySet().stream().sorted().toList();
  }

  /** Decisions about targets, which are what clients hear of. */
  List<Decision> targetDecisions() {
    return decisions.stream().filter(d -> d.target() != null || d.client() != null).toList();
  }

  @Test
  void aMemberLostIsOneNocConditionAndItsTargetsAreJudgedFromTheMemberThatTookThemOver() {
    steps(3);
    running.remove("col-a"); // kill -9
    steps(3); // 30 s: the others take its targets over
    poller.put("sw1", "col-b");
    poller.put("sw2", "col-c");
    steps(4); // 70 s after its last word: past the 60 s allowed
    assertThat(conditions()).containsExactly("group:paris:member:col-a");
    assertThat(state.conditions().get("group:paris:member:col-a").message())
        .isEqualTo(
            "collector group paris lost member col-a: nothing from it (self metrics, polls) since"
                + " 2026-12-01T06:00:30Z; 2 of 3 members alive, they take its targets over");
    steps(30); // 5 min: far past every target's no-data deadline
    assertThat(GROUP_TARGETS)
        .allSatisfy(
            t -> {
              assertThat(target(t).status()).isEqualTo(Status.RUN);
              assertThat(target(t).stale()).isFalse();
            });
    assertThat(target("sw1").collector()).isEqualTo("col-b");
    assertThat(decisions)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.kind()).isEqualTo(Decision.Kind.CONDITION_RAISED);
              assertThat(d.check()).isEqualTo("group:paris:member:col-a");
              assertThat(d.client()).as("the NOC's only").isNull();
            });
    assertThat(state.collectors()).as("a member holding no target is kept").containsKey("col-a");

    running.add("col-a"); // back, holding nothing for now
    step();
    assertThat(conditions()).isEmpty();
    assertThat(decisions)
        .last()
        .satisfies(
            d -> {
              assertThat(d.kind()).isEqualTo(Decision.Kind.CONDITION_CLEARED);
              assertThat(d.check()).isEqualTo("group:paris:member:col-a");
              assertThat(d.since()).isEqualTo(T0.plusSeconds(100));
            });
  }

  @Test
  void aTargetNoMemberTookOverIsDeadAsAnyOther() {
    steps(3);
    running.remove("col-a");
    steps(19); // 190 s after sw1's last poll: past its 180 s no-data deadline
    assertThat(target("sw1").status()).isEqualTo(Status.DEAD);
    assertThat(target("sw1").stale()).as("not held for its silent poller").isFalse();
    assertThat(target("sw1").cause()).startsWith("no data for");
    assertThat(target("sw3").status()).isEqualTo(Status.RUN);
    assertThat(conditions()).containsExactly("group:paris:member:col-a");
  }

  @Test
  void aGroupSilentAsAWholeIsOneConditionAndItsTargetsKeepTheirStatus() {
    steps(3);
    running.clear();
    steps(30);
    assertThat(conditions()).containsExactly("group:paris");
    assertThat(state.conditions().get("group:paris").message())
        .isEqualTo(
            "collector group paris silent: none of its 3 members heard from since"
                + " 2026-12-01T06:00:30Z; its 4 targets keep their last status, marked stale");
    assertThat(GROUP_TARGETS)
        .allSatisfy(
            t -> {
              assertThat(target(t).status()).isEqualTo(Status.RUN);
              assertThat(target(t).stale()).isTrue();
            });
    assertThat(target("gx1").stale()).as("another collector's target").isFalse();
    assertThat(targetDecisions()).as("no storm of per-target alerts").isEmpty();
    assertThat(decisions).hasSize(1);

    running.add("col-b"); // one comes back and takes everything
    GROUP_TARGETS.forEach(t -> poller.put(t, "col-b"));
    step();
    assertThat(conditions())
        .as("the group polls again; the two still silent are lost members")
        .containsExactly("group:paris:member:col-a", "group:paris:member:col-c");
    assertThat(state.conditions().get("group:paris:member:col-c").message())
        .contains("1 of 3 members alive");
    assertThat(GROUP_TARGETS).allSatisfy(t -> assertThat(target(t).stale()).isFalse());
    assertThat(decisions)
        .extracting(Decision::kind, Decision::check)
        .contains(
            org.assertj.core.groups.Tuple.tuple(Decision.Kind.CONDITION_CLEARED, "group:paris"));
    assertThat(targetDecisions()).isEmpty();
  }

  /**
   * Targets polled every 10 s are DEAD 30 s after their last poll: a group cut off as a whole must
   * be found silent before, even when its members' last self metrics came after their last polls.
   */
  @Test
  void aGroupOfShortIntervalsIsFoundSilentBeforeItsTargetsWouldBeDead() {
    inventory = StatusEngineTest.inventory(inventoryYaml("10s"));
    steps(3);
    // The last round: self metrics 9 s after the polls.
    now = now.plusSeconds(10);
    Map<String, List<Observations.Poll>> polls = new HashMap<>();
    poller.forEach(
        (t, c) -> polls.put(t, List.of(new Observations.Poll(now.minusSeconds(9), true, "", c))));
    List<Observations.Rejected> self = new ArrayList<>();
    running.forEach(m -> self.add(new Observations.Rejected(m, now, 0)));
    decisions.addAll(
        engine
            .evaluate(
                inventory,
                new Observations(polls, List.of(), List.of(), List.of(), self),
                null,
                now,
                state)
            .decisions());
    running.clear();
    for (int i = 0; i < 10; i++) {
      step();
      assertThat(GROUP_TARGETS)
          .as("after %d s", (i + 1) * 10)
          .allSatisfy(t -> assertThat(target(t).status()).isEqualTo(Status.RUN));
    }
    assertThat(conditions()).containsExactly("group:paris");
    assertThat(targetDecisions()).isEmpty();
  }

  @Test
  void aMemberNeverHeardFromIsLostAfterTheDeadline() {
    running.remove("col-c");
    poller.put("sw4", "col-b");
    steps(7);
    assertThat(conditions()).isEmpty();
    step(); // 70 s after the service first expected it (its first evaluation)
    assertThat(conditions()).containsExactly("group:paris:member:col-c");
    assertThat(state.conditions().get("group:paris:member:col-c").message())
        .contains("col-c: never heard from since the alerting service expects it")
        .contains("2 of 3 members alive");
  }

  @Test
  void theMemberDeadlineIsASetting() {
    EngineSettings quick =
        new EngineSettings(3, 3, Duration.ofMinutes(15), 6, 2, Duration.ofSeconds(20));
    assertThat(quick.memberSilentAfter()).isEqualTo(Duration.ofSeconds(20));
    assertThat(EngineSettings.defaults().memberSilentAfter()).isEqualTo(Duration.ofSeconds(60));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new EngineSettings(3, 3, Duration.ofMinutes(15), 6, 2, Duration.ZERO))
        .hasMessage("member-silent-after: must be > 0, found PT0S");
  }
}
