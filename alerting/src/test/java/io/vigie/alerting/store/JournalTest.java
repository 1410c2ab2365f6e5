package io.vigie.alerting.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.alerting.status.Cycle;
import io.vigie.alerting.status.EngineState;
import io.vigie.alerting.status.Status;
import io.vigie.alerting.status.TargetState;
import io.vigie.alerting.status.Transition;
import io.vigie.testkit.TestClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's spans, lives and transition times, with a test clock and cycles built by hand on a
 * real (embedded) H2 store.
 */
class JournalTest {
  static final Instant T0 = Instant.parse("2026-11-02T08:00:00Z");
  static final Duration GAP = Duration.ofSeconds(40);
  static final Instant ALL_BEFORE = T0.minus(Duration.ofDays(1));
  static final Instant ALL_AFTER = T0.plus(Duration.ofDays(1));

  @TempDir Path dir;
  TestClock clock = new TestClock(T0);
  StateStore store;
  EngineState state = new EngineState();

  @BeforeEach
  void open() {
    store = StateStore.open(dir, GAP);
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** One successful evaluation now, then the clock moves on by {@code then}. */
  /** The targets changed since the last cycle: a cycle names them, as the engine's do. */
  final Set<String> touched = new java.util.HashSet<>();

  void evaluated(Duration then, String... removed) {
    store.commit(
        new Cycle(
            List.of(), List.of(), Set.copyOf(touched), Set.of(removed), false, clock.instant()),
        state);
    touched.clear();
    clock.advance(then);
  }

  void unread(Duration then) {
    store.commit(new Cycle(List.of(), List.of(), Set.of(), Set.of(), true), state);
    clock.advance(then);
  }

  void target(String id, boolean stale) {
    touched.add(id);
    TargetState known = state.targets().get(id);
    state
        .targets()
        .put(
            id,
            new TargetState(
                id,
                "acme",
                "local",
                Status.RUN,
                "",
                "",
                T0,
                Map.of(),
                known == null ? clock.instant() : known.firstSeen(),
                null,
                "c1",
                0,
                Status.RUN,
                false,
                List.of(),
                false,
                stale));
  }

  static Journal.Span span(int fromSecond, int toSecond) {
    return new Journal.Span(T0.plusSeconds(fromSecond), T0.plusSeconds(toSecond));
  }

  @Test
  void evaluationsWithinTheGapMakeOneSpanAndAnOutageOrAnUnreadDatabaseLeavesAHole() {
    for (int i = 0; i < 3; i++) {
      evaluated(Duration.ofSeconds(10)); // 0, 10, 20
    }
    evaluated(Duration.ofSeconds(40)); // 30: the next one 40 s later still follows it
    evaluated(Duration.ofSeconds(10)); // 70
    unread(Duration.ofSeconds(10)); // 80
    unread(Duration.ofSeconds(10)); // 90
    unread(Duration.ofSeconds(10)); // 100
    evaluated(Duration.ofSeconds(10)); // 110: 40 s after 70, one more second would break it
    clock.advance(Duration.ofMillis(40_001 - 10_000));
    evaluated(Duration.ofSeconds(10)); // 150.001: a new span
    assertThat(store.journal().evaluated(ALL_BEFORE, ALL_AFTER))
        .containsExactly(
            span(0, 110), new Journal.Span(T0.plusMillis(150_001), T0.plusMillis(150_001)));
    assertThat(store.journal().evaluated(T0.plusSeconds(111), T0.plusSeconds(150)))
        .as("nothing in the hole")
        .isEmpty();
    assertThat(store.journal().evaluated(T0.plusSeconds(110), T0.plusSeconds(111)))
        .as("a span that ends where the period starts still meets it")
        .containsExactly(span(0, 110));
  }

  @Test
  void theCurrentSpanGoesOnAfterAQuickRestartAndAHoleFollowsALongOne() {
    evaluated(Duration.ofSeconds(10));
    evaluated(Duration.ofSeconds(20));
    store.close();
    store = StateStore.open(dir, GAP);
    evaluated(Duration.ofSeconds(10)); // 30: the restart took less than the gap
    store.close();
    clock.advance(Duration.ofMinutes(5));
    store = StateStore.open(dir, GAP);
    evaluated(Duration.ofSeconds(10)); // 340
    assertThat(store.journal().evaluated(ALL_BEFORE, ALL_AFTER))
        .containsExactly(span(0, 30), span(340, 340));
  }

  @Test
  void aStaleTargetGetsASpanFromTheEvaluationThatFoundItToTheOneThatNoLongerDid() {
    target("web1", false);
    target("web2", false);
    evaluated(Duration.ofSeconds(10));
    target("web1", true);
    evaluated(Duration.ofSeconds(10)); // 10
    evaluated(Duration.ofSeconds(10)); // 20
    target("web1", false);
    evaluated(Duration.ofSeconds(10)); // 30
    target("web1", true);
    evaluated(Duration.ofSeconds(10)); // 40: still stale at the end
    unread(Duration.ofSeconds(10));
    assertThat(store.journal().stale("web1", ALL_BEFORE, ALL_AFTER))
        .containsExactly(span(10, 30), new Journal.Span(T0.plusSeconds(40), null));
    assertThat(store.journal().stale("web1", T0.plusSeconds(31), T0.plusSeconds(39))).isEmpty();
    assertThat(store.journal().stale("web2", ALL_BEFORE, ALL_AFTER)).isEmpty();
    store.close();
    store = StateStore.open(dir, GAP);
    target("web1", false);
    evaluated(Duration.ofSeconds(10)); // 60: the open span is closed after a restart too
    assertThat(store.journal().stale("web1", ALL_BEFORE, ALL_AFTER))
        .containsExactly(span(10, 30), span(40, 60));
  }

  @Test
  void aTargetLivesFromItsFirstEvaluationToItsRemovalAndAReturnIsANewLife() {
    target("web1", false);
    evaluated(Duration.ofSeconds(10));
    target("db", true);
    evaluated(Duration.ofSeconds(10)); // 10: db added, stale at once
    state.targets().remove("db");
    evaluated(Duration.ofSeconds(10), "db"); // 20: db removed
    evaluated(Duration.ofSeconds(10)); // 30
    target("db", false);
    evaluated(Duration.ofSeconds(10)); // 40: back
    store.close();
    store = StateStore.open(dir, GAP);
    evaluated(Duration.ofSeconds(10)); // 50: no second row for the lives open before
    assertThat(store.journal().lives("acme", ALL_BEFORE, ALL_AFTER))
        .containsExactly(
            new Journal.Life("db", "acme", "local", T0.plusSeconds(10), T0.plusSeconds(20)),
            new Journal.Life("db", "acme", "local", T0.plusSeconds(40), null),
            new Journal.Life("web1", "acme", "local", T0, null));
    assertThat(store.journal().lives("acme", T0.plusSeconds(21), T0.plusSeconds(40)))
        .extracting(Journal.Life::target)
        .containsExactly("web1");
    assertThat(store.journal().stale("db", ALL_BEFORE, ALL_AFTER))
        .as("a removed target's stale span ends with it")
        .containsExactly(span(10, 20));
    assertThat(store.journal().lives("other", ALL_BEFORE, ALL_AFTER)).isEmpty();
  }

  @Test
  void transitionsAreReadByTimeAroundAPeriodAndThoseStoredBeforeTheColumnGetTheirs()
      throws Exception {
    store.close();
    Path old = dir.resolve("old");
    // The table as an older version made it, with one transition in it.
    try (Connection db = H2Files.open(old, "alerting");
        Statement s = db.createStatement()) {
      s.execute(
          "CREATE TABLE transition(seq BIGINT AUTO_INCREMENT PRIMARY KEY,"
              + " target VARCHAR NOT NULL, body VARCHAR NOT NULL, written BOOLEAN NOT NULL)");
      try (PreparedStatement i =
          db.prepareStatement(
              "INSERT INTO transition(target, body, written) VALUES (?, ?, TRUE)")) {
        i.setString(1, "web1");
        i.setString(2, StateStore.JSON.writeValueAsString(change(-60, Status.RUN, Status.ERROR)));
        i.executeUpdate();
      }
      db.commit();
    }
    store = StateStore.open(old, GAP);
    store.commit(
        new Cycle(
            List.of(change(0, Status.ERROR, Status.RUN), change(30, Status.RUN, Status.DEAD)),
            List.of(),
            Set.of(),
            Set.of(),
            false,
            T0),
        state);
    store.commit(
        new Cycle(
            List.of(change(90, Status.DEAD, Status.RUN)),
            List.of(),
            Set.of(),
            Set.of(),
            false,
            T0.plusSeconds(90)),
        state);
    Journal.Transitions around = store.journal().transitions("web1", T0, T0.plusSeconds(90));
    assertThat(around.before()).isEqualTo(change(-60, Status.RUN, Status.ERROR));
    assertThat(around.within())
        .containsExactly(change(0, Status.ERROR, Status.RUN), change(30, Status.RUN, Status.DEAD));
    assertThat(store.journal().transitions("web1", T0.plusSeconds(1), ALL_AFTER).before())
        .isEqualTo(change(0, Status.ERROR, Status.RUN));
    assertThat(store.journal().transitions("web2", ALL_BEFORE, ALL_AFTER))
        .isEqualTo(new Journal.Transitions(null, List.of()));
  }

  static Transition change(int second, Status from, Status to) {
    return new Transition(
        "web1",
        "acme",
        "local",
        T0.plusSeconds(second),
        from,
        to,
        "poll",
        "cause " + second,
        false,
        false);
  }
}
