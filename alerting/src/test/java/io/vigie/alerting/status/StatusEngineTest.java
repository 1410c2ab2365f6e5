package io.vigie.alerting.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.model.cause.Cause;
import io.vigie.model.inventory.Comparison;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.model.poll.FailureKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine's judgement, evaluation after evaluation, on a fake clock. */
class StatusEngineTest {
  static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  static final String INVENTORY =
      """
      version: 1
      defaults:
        interval: 10s
      clients:
        - {id: acme, name: ACME, language: en, contacts: [it@acme.example]}
        - {id: globex, name: Globex, language: fr, contacts: [noc@globex.example]}
      targets:
        - {id: switch, client: acme, kind: local}
        - {id: web1, client: acme, kind: local, parent: switch}
        - {id: web2, client: acme, kind: local, parent: switch}
        - {id: db, client: globex, kind: local}
      thresholds:
        defaults:
          - {metric: cpu.usage_percent, where: {cpu: total}, warning: 85, error: 95}
      """;

  final Inventory inventory = inventory(INVENTORY);
  final StatusEngine engine = new StatusEngine(EngineSettings.defaults());
  final EngineState state = new EngineState();
  final List<Decision> decisions = new ArrayList<>();
  final List<Transition> transitions = new ArrayList<>();
  Instant now = T0;

  static Inventory inventory(String yaml) {
    try {
      return InventoryLoader.withSystemSecrets().parse(yaml, "test.yml");
    } catch (io.vigie.model.inventory.InventoryException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  /** What the collector wrote for one evaluation. */
  final class World {
    final Map<String, List<Observations.Poll>> polls = new HashMap<>();
    final List<Observations.Metric> metrics = new ArrayList<>();
    final List<Observations.Rejected> rejected = new ArrayList<>();

    /** Collector c1's self-metrics: its refused-points counter, now. */
    World rejected(double count) {
      rejected.add(new Observations.Rejected("c1", now, count));
      return this;
    }

    World up(String target) {
      return poll(target, true, "");
    }

    /** A poll point in the shape written before the failure field: judged by its words. */
    World poll(String target, boolean up, String reason) {
      polls
          .computeIfAbsent(target, k -> new ArrayList<>())
          .add(0, new Observations.Poll(now, up, reason, "c1"));
      return this;
    }

    /** A failed poll point as the collector writes it now: with its kind. */
    World failed(String target, FailureKind kind, String reason) {
      polls
          .computeIfAbsent(target, k -> new ArrayList<>())
          .add(0, new Observations.Poll(now, false, reason, "c1", kind));
      return this;
    }

    World cpu(String target, double value) {
      metrics.add(
          new Observations.Metric(target, "cpu.usage_percent", Map.of("cpu", "total"), value));
      return this;
    }

    Observations observations() {
      return new Observations(polls, metrics, List.of(), List.of(), rejected);
    }
  }

  /**
   * Evaluates, 10 s after the previous evaluation, with the polls kept like InfluxDB keeps them.
   */
  Cycle step(World world) {
    now = now.plusSeconds(10);
    return step(world == null ? null : world.observations());
  }

  Cycle step(Observations observations) {
    // A read gives points or a failure: a failure beside points is the stream's, while reads fail.
    Cycle cycle =
        engine.evaluate(
            inventory,
            observations,
            observations == null ? "connection refused" : null,
            now,
            state);
    decisions.addAll(cycle.decisions());
    transitions.addAll(cycle.transitions());
    return cycle;
  }

  Status status(String target) {
    return state.targets().get(target).status();
  }

  /** Every target polled and fine at each of {@code n} evaluations. */
  World allUp(World world) {
    for (String id : List.of("switch", "web1", "web2", "db")) {
      world.up(id);
    }
    return world;
  }

  @Test
  void aTargetThatNeverReportedBecomesDeadAfterThreeIntervals() {
    World world = new World();
    for (int i = 0; i < 3; i++) {
      world.up("switch").up("web1").up("web2");
      step(world);
    }
    assertThat(status("db")).as("first seen 20 s ago, 30 s allowed").isEqualTo(Status.RUN);
    assertThat(decisions).isEmpty();
    world.up("switch").up("web1").up("web2");
    step(world);
    assertThat(status("db")).isEqualTo(Status.DEAD);
    assertThat(state.targets().get("db").cause()).startsWith("never reported since it was added");
    assertThat(decisions)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.target()).isEqualTo("db");
              assertThat(d.client()).isEqualTo("globex");
              assertThat(d.kind()).isEqualTo(Decision.Kind.PROBLEM);
            });
  }

  @Test
  void anUnreachableTargetBecomesDeadAfterThreeFailedPollsNotBefore() {
    World world = allUp(new World());
    step(world);
    world = allUp(new World());
    step(world);
    for (int i = 1; i <= 3; i++) {
      world.up("switch").up("web1").up("web2").poll("db", false, "SnmpFailure: timeout: no answer");
      step(world);
      assertThat(status("db"))
          .as("after %d failed polls", i)
          .isEqualTo(i < 3 ? Status.RUN : Status.DEAD);
    }
    assertThat(state.targets().get("db").cause())
        .isEqualTo("unreachable for 3 polls: SnmpFailure: timeout: no answer");
    assertThat(decisions).extracting(Decision::target).containsExactly("db");
  }

  @Test
  void aRefusedLoginIsAnErrorAtOnceNotAnOutage() {
    World world = allUp(new World());
    step(world);
    world
        .up("switch")
        .up("web1")
        .up("web2")
        .poll("db", false, "SshFailure: authentication failed: x");
    step(world);
    assertThat(status("db")).isEqualTo(Status.ERROR);
    assertThat(state.targets().get("db").check()).isEqualTo("reachability");
  }

  /** Every target but db polled and fine. */
  World othersUp() {
    return new World().up("switch").up("web1").up("web2");
  }

  @Test
  void theKindDecidesNotTheWordsOfTheReason() {
    step(allUp(new World()));
    // Words that the old rule took for a credential problem, on a plain timeout: an outage.
    for (int i = 1; i <= 3; i++) {
      step(
          othersUp()
              .failed("db", FailureKind.TIMEOUT, "timeout: waiting for authentication failed"));
      assertThat(status("db"))
          .as("after %d timeouts", i)
          .isEqualTo(i < 3 ? Status.RUN : Status.DEAD);
    }
    assertThat(state.targets().get("db").cause())
        .isEqualTo("unreachable for 3 polls: timeout: waiting for authentication failed");
    assertThat(state.targets().get("db").typedCause())
        .as("typed for people: the kind, not the reason's words")
        .isEqualTo(new Cause.Unreachable(FailureKind.TIMEOUT, 3, "local"));
    // No telling words, but a host key problem: ERROR at once.
    step(othersUp().failed("db", FailureKind.HOST_KEY_MISMATCH, "the key changed"));
    assertThat(status("db")).isEqualTo(Status.ERROR);
    assertThat(state.targets().get("db").typedCause())
        .isEqualTo(new Cause.AccessRefused(FailureKind.HOST_KEY_MISMATCH, "local"));
    assertThat(state.targets().get("db").check()).isEqualTo("reachability");
    assertThat(state.targets().get("db").cause()).isEqualTo("the key changed");
  }

  @Test
  void everyKindThatNeedsAHumanIsAnErrorAtOnceAndTheOthersCountTowardDead() {
    for (FailureKind kind : FailureKind.values()) {
      if (kind == FailureKind.NONE) {
        continue;
      }
      StatusEngineTest t = new StatusEngineTest();
      t.step(t.allUp(t.new World()));
      t.step(t.othersUp().failed("db", kind, "x"));
      assertThat(t.status("db"))
          .as("%s after one failed poll", kind)
          .isEqualTo(kind.needsHuman() ? Status.ERROR : Status.RUN);
      t.step(t.othersUp().failed("db", kind, "x"));
      t.step(t.othersUp().failed("db", kind, "x"));
      assertThat(t.status("db"))
          .as("%s after three failed polls", kind)
          .isEqualTo(kind.needsHuman() ? Status.ERROR : Status.DEAD);
    }
  }

  /** Points written before the failure field: the old rule, on the reason's words, still holds. */
  @Test
  void pollsWithoutAKindAreJudgedByTheirReasonAsBefore() {
    for (String reason :
        List.of(
            "SshFailure: authentication failed: x",
            "authentication failure: wrong authentication passphrase or protocol",
            "unknown user: the agent does not know this user",
            "SshFailure: host key mismatch: expected SHA256:a, offered SHA256:b",
            "SshFailure: host key not trusted: offered SHA256:b",
            "SshFailure: the private_key cannot be read: bad")) {
      StatusEngineTest t = new StatusEngineTest();
      t.step(t.allUp(t.new World()));
      t.step(t.othersUp().poll("db", false, reason));
      assertThat(t.status("db")).as(reason).isEqualTo(Status.ERROR);
      assertThat(t.state.targets().get("db").cause()).isEqualTo(reason);
    }
    StatusEngineTest t = new StatusEngineTest();
    t.step(t.allUp(t.new World()));
    for (int i = 0; i < 3; i++) {
      t.step(t.othersUp().poll("db", false, "skipped: the previous poll has been"));
    }
    assertThat(t.status("db")).isEqualTo(Status.DEAD);
    assertThat(new Observations.Poll(T0, false, "SnmpFailure: timeout", "c1").failure())
        .isEqualTo(FailureKind.UNKNOWN);
    assertThat(new Observations.Poll(T0, true, "", "c1").failure()).isEqualTo(FailureKind.NONE);
    assertThat(new Observations.Poll(T0, false, "", "c1", FailureKind.NONE).failure())
        .as("a failed poll said to be complete")
        .isEqualTo(FailureKind.UNKNOWN);
  }

  @Test
  void thresholdsGiveWarningAndErrorAndTheValueReachesTheDecision() {
    step(allUp(new World()).cpu("db", 90));
    assertThat(status("db")).isEqualTo(Status.WARNING);
    assertThat(decisions).as("told once it has lasted one poll interval").isEmpty();
    step(allUp(new World()).cpu("db", 90));
    assertThat(decisions).hasSize(1);
    step(allUp(new World()).cpu("db", 97));
    assertThat(status("db")).isEqualTo(Status.ERROR);
    step(allUp(new World()).cpu("db", 97));
    assertThat(decisions).hasSize(2);
    Decision error = decisions.get(1);
    assertThat(error.check()).isEqualTo("cpu.usage_percent{cpu=total}");
    assertThat(error.value()).isEqualTo(97.0);
    assertThat(error.threshold()).isEqualTo(95.0);
    assertThat(error.previous()).isEqualTo(Status.WARNING);
    assertThat(error.cause()).isEqualTo("cpu.usage_percent = 97, above error level 95");
    assertThat(error.typedCause())
        .isEqualTo(
            new Cause.Threshold(
                "cpu.usage_percent",
                Map.of("cpu", "total"),
                97,
                95,
                Comparison.ABOVE,
                Cause.Level.ERROR));
    step(allUp(new World()).cpu("db", 12));
    step(allUp(new World()).cpu("db", 12));
    assertThat(decisions.get(2).kind()).isEqualTo(Decision.Kind.RECOVERY);
  }

  @Test
  void aCollectorWhosePointsAreRefusedIsOneConditionClearedWhenItStops() {
    step(allUp(new World()).rejected(0)); // a baseline, not an increase
    step(allUp(new World()).rejected(0));
    assertThat(decisions).isEmpty();

    step(allUp(new World()).rejected(4));
    assertThat(decisions)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.kind()).isEqualTo(Decision.Kind.CONDITION_RAISED);
              assertThat(d.check()).isEqualTo("collector:c1:rejected");
              assertThat(d.client()).as("a pipeline condition, not a client's").isNull();
              assertThat(d.cause()).contains("from 0 to 4");
            });
    assertThat(state.targets().values())
        .allSatisfy(t -> assertThat(t.status()).isEqualTo(Status.RUN));

    // Still refusing: one condition, not one per increase; a restart (9 -> 1) is an increase.
    step(allUp(new World()).rejected(9));
    step(allUp(new World()).rejected(1));
    Instant lastIncrease = now.minusSeconds(10); // step() evaluates 10 s after the sample
    assertThat(decisions).hasSize(1);

    // Stable for less than 15 minutes: still raised; then cleared.
    while (now.plusSeconds(10).isBefore(lastIncrease.plus(StatusEngine.REJECTED_QUIET))) {
      step(allUp(new World()).rejected(1));
    }
    assertThat(state.conditions()).containsKey("collector:c1:rejected");
    assertThat(decisions).hasSize(1);
    step(allUp(new World()).rejected(1));
    assertThat(state.conditions()).doesNotContainKey("collector:c1:rejected");
    assertThat(decisions)
        .last()
        .satisfies(
            d -> {
              assertThat(d.kind()).isEqualTo(Decision.Kind.CONDITION_CLEARED);
              assertThat(d.check()).isEqualTo("collector:c1:rejected");
            });
  }

  @Test
  void aSilentCollectorIsOneConditionNotADeadTargetEach() {
    World world = allUp(new World());
    step(world);
    for (int i = 0; i < 5; i++) {
      step(new World()); // nothing from collector c1 any more
    }
    assertThat(state.targets().values())
        .allSatisfy(t -> assertThat(t.status()).isEqualTo(Status.RUN));
    assertThat(state.targets().values()).allSatisfy(t -> assertThat(t.stale()).isTrue());
    assertThat(decisions)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.kind()).isEqualTo(Decision.Kind.CONDITION_RAISED);
              assertThat(d.check()).isEqualTo("collector:c1");
              assertThat(d.client()).isNull();
            });
    step(allUp(new World()));
    assertThat(decisions)
        .last()
        .extracting(Decision::kind)
        .isEqualTo(Decision.Kind.CONDITION_CLEARED);
    assertThat(state.targets().values()).allSatisfy(t -> assertThat(t.stale()).isFalse());
  }

  @Test
  void pointsJudgedWhileTheReadsFailLeaveTheConditionRaised() {
    step(allUp(new World()).cpu("db", 50));
    step((World) null);
    decisions.clear();
    now = now.plusSeconds(10);
    // The stream's points, while the reads still fail: judged, and InfluxDB is still unreadable.
    Cycle cycle =
        engine.evaluate(
            inventory,
            allUp(new World()).cpu("db", 97).observations(),
            "connection refused",
            now,
            state);
    decisions.addAll(cycle.decisions());
    step((World) null);
    assertThat(state.conditions).containsOnlyKeys("influxdb");
    assertThat(decisions).extracting(Decision::check).doesNotContain("influxdb");
    assertThat(status("db")).isEqualTo(Status.ERROR);
  }

  @Test
  void influxDbUnreachableKeepsTheStatusesAndRaisesOneCondition() {
    step(allUp(new World()).cpu("db", 97));
    decisions.clear();
    for (int i = 0; i < 10; i++) {
      step((World) null);
    }
    assertThat(status("db")).isEqualTo(Status.ERROR);
    assertThat(status("web1")).isEqualTo(Status.RUN);
    assertThat(decisions).singleElement().extracting(Decision::check).isEqualTo("influxdb");
  }

  @Test
  void aDeadParentMakesItsChildrenDeadAndSuppressed() {
    World world = allUp(new World());
    step(world);
    for (int i = 0; i < 3; i++) {
      world
          .up("db")
          .poll("switch", false, "timeout")
          .poll("web1", false, "timeout")
          .poll("web2", false, "timeout");
      step(world);
    }
    assertThat(status("switch")).isEqualTo(Status.DEAD);
    assertThat(state.targets().get("web1"))
        .satisfies(
            t -> {
              assertThat(t.status()).isEqualTo(Status.DEAD);
              assertThat(t.cause()).isEqualTo("parent switch down");
              assertThat(t.typedCause()).isEqualTo(new Cause.ParentDown("switch"));
              assertThat(t.suppressed()).isTrue();
            });
    assertThat(decisions).extracting(Decision::target).containsExactly("switch");
    assertThat(transitions)
        .filteredOn(t -> t.target().equals("web2"))
        .singleElement()
        .satisfies(t -> assertThat(t.suppressed()).isTrue());
  }

  @Test
  void aFlappingTargetIsToldOnceWhenItStartsAndOnceWhenItIsStableWithWhereItEnded() {
    for (int i = 0; i < 12; i++) {
      step(allUp(new World()).cpu("db", i % 2 == 0 ? 97 : 10));
    }
    long changes =
        transitions.stream().filter(t -> t.target().equals("db") && t.from() != t.to()).count();
    assertThat(changes).as("every change recorded").isEqualTo(12);
    assertThat(state.targets().get("db").flapping()).isTrue();
    assertThat(decisions)
        .as("no change lasted a poll interval: the only notice says it flaps")
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.kind()).isEqualTo(Decision.Kind.FLAPPING_STARTED);
              assertThat(d.time()).isEqualTo(T0.plusSeconds(60)); // the 6th change
              assertThat(d.cause()).startsWith("6 status changes in 15 min");
              assertThat(d.typedCause())
                  .isInstanceOfSatisfying(
                      Cause.Flapping.class,
                      f -> {
                        assertThat(f.changes()).isEqualTo(6);
                        assertThat(f.window()).isEqualTo(Duration.ofMinutes(15));
                      });
              assertThat(d.client()).isEqualTo("globex");
            });
    decisions.clear();
    for (int i = 0; i < 100 && state.targets().get("db").flapping(); i++) {
      step(allUp(new World()).cpu("db", 97));
    }
    assertThat(state.targets().get("db").flapping()).isFalse();
    assertThat(decisions)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.kind()).isEqualTo(Decision.Kind.FLAPPING_ENDED);
              assertThat(d.status()).as("where it ended").isEqualTo(Status.ERROR);
              assertThat(d.why()).isEqualTo("flapping ended");
            });
    assertThat(state.targets().get("db").notified()).isEqualTo(Status.ERROR);
    for (int i = 0; i < 10; i++) {
      step(allUp(new World()).cpu("db", 97));
    }
    assertThat(decisions).as("nothing more while it stays").hasSize(1);
  }

  @Test
  void childrenFailingOnePollBeforeTheirParentAreHeldThenSuppressedAndListedInItsNotice() {
    step(allUp(new World()));
    World world = new World();
    world.up("db").up("switch").poll("web1", false, "timeout").poll("web2", false, "timeout");
    step(world);
    for (int i = 0; i < 4; i++) {
      world
          .up("db")
          .poll("switch", false, "timeout")
          .poll("web1", false, "timeout")
          .poll("web2", false, "timeout");
      step(world);
    }
    assertThat(status("web1")).isEqualTo(Status.DEAD);
    assertThat(state.targets().get("web1").suppressed()).isTrue();
    assertThat(decisions)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.target()).isEqualTo("switch");
              assertThat(d.status()).isEqualTo(Status.DEAD);
              assertThat(d.affected()).containsExactly("web1", "web2");
            });
  }

  @Test
  void aChildFailingWhileItsParentStaysUpIsToldWithinOneParentInterval() {
    step(allUp(new World()));
    World world = new World();
    Instant dead = null;
    for (int i = 0; i < 6 && decisions.isEmpty(); i++) {
      world.up("db").up("switch").up("web2").poll("web1", false, "timeout");
      step(world);
      if (dead == null && status("web1") == Status.DEAD) {
        dead = now;
      }
    }
    assertThat(dead).isNotNull();
    assertThat(decisions)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.target()).isEqualTo("web1");
              assertThat(d.status()).isEqualTo(Status.DEAD);
              assertThat(d.affected()).isEmpty();
            });
    assertThat(Duration.between(dead, decisions.get(0).time()))
        .as("held at most one interval of the switch (10 s)")
        .isPositive()
        .isLessThanOrEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aSilenceMutesTheNotificationButNotTheStatusAndItsEndTellsTheClient() {
    step(allUp(new World()));
    state
        .silences()
        .put(
            "s1",
            new Silence(
                "s1", null, "globex", T0, now.plusSeconds(30), "alice", "upgrade", T0, false));
    step(allUp(new World()).cpu("db", 97));
    assertThat(status("db")).isEqualTo(Status.ERROR);
    assertThat(transitions).anySatisfy(t -> assertThat(t.to()).isEqualTo(Status.ERROR));
    assertThat(decisions).isEmpty();
    step(allUp(new World()).cpu("db", 97));
    step(allUp(new World()).cpu("db", 97));
    assertThat(decisions)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.status()).isEqualTo(Status.ERROR);
              assertThat(d.why()).isEqualTo("silence ended");
            });
  }

  @Test
  void anAcknowledgedProblemIsNotNotifiedAgainButItsRecoveryIs() {
    step(allUp(new World()).cpu("db", 97));
    step(allUp(new World()).cpu("db", 97));
    assertThat(decisions).hasSize(1);
    state.acks().put("db", new Acknowledgement("db", Status.ERROR, "alice", "on it", now));
    World world = allUp(new World());
    for (int i = 0; i < 3; i++) {
      world.up("switch").up("web1").up("web2").poll("db", false, "timeout");
      step(world);
    }
    assertThat(status("db")).isEqualTo(Status.DEAD);
    assertThat(decisions).hasSize(1);
    step(allUp(new World()).cpu("db", 10));
    step(allUp(new World()).cpu("db", 10));
    assertThat(decisions).hasSize(2);
    assertThat(decisions.get(1).kind()).isEqualTo(Decision.Kind.RECOVERY);
    assertThat(state.acks()).isEmpty();
  }

  @Test
  void aTargetRemovedFromTheInventoryIsForgotten() {
    step(allUp(new World()));
    Inventory smaller =
        inventory(INVENTORY.replace("  - {id: db, client: globex, kind: local}\n", ""));
    Cycle cycle =
        engine.evaluate(
            smaller, allUp(new World()).observations(), null, now.plusSeconds(10), state);
    assertThat(cycle.removed()).containsExactly("db");
    assertThat(state.targets()).doesNotContainKey("db");
    assertThat(Duration.ofSeconds(1)).isPositive();
  }
}
