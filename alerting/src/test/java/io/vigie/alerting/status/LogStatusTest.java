package io.vigie.alerting.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.model.cause.Cause;
import io.vigie.model.cause.CauseText;
import io.vigie.model.inventory.Client;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.Language;
import io.vigie.model.inventory.Target;
import io.vigie.model.inventory.TargetKind;
import io.vigie.model.inventory.Thresholds;
import io.vigie.model.logs.LogRule;
import io.vigie.model.logs.TargetLogs;
import io.vigie.model.poll.FailureKind;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Log rules as checks {@code log:NAME}: raised at the rule's level when {@code count} lines matched
 * within its window, kept until no line matched for {@code clear_after}, dropped with the rule;
 * what the windows hold is what InfluxDB's sums said at each evaluation.
 */
class LogStatusTest {
  static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
  static final Duration TEN = Duration.ofSeconds(10);
  static final LogRule AUTH =
      new LogRule(
          "auth",
          Pattern.compile("Failed password"),
          null,
          LogRule.Level.ERROR,
          3,
          Duration.ofMinutes(5),
          Duration.ofMinutes(15));

  final StatusEngine engine = new StatusEngine(EngineSettings.defaults());
  final EngineState state = new EngineState();
  final List<Decision> decisions = new ArrayList<>();
  Instant now = T0;

  static Inventory inventory(List<LogRule> rules) {
    Target web =
        new Target(
                "web",
                "acme",
                TargetKind.LOCAL,
                "web.example",
                TEN,
                null,
                Map.of(),
                Map.of(),
                null,
                null,
                List.of())
            .withLogs(new TargetLogs(List.of(), null, List.of(), rules));
    return new Inventory(
        "test.yml",
        TEN,
        List.of(new Client("acme", "ACME", List.of("it@acme.example"), Language.FR, null)),
        List.of(web),
        Thresholds.none());
  }

  /** One evaluation, 10 s later: the target polled fine, the log windows as given. */
  void step(Inventory inventory, long inWithin, long inClear) {
    now = now.plus(TEN);
    Map<Duration, Map<LogWindows.Key, LogWindows.Matched>> windows = new HashMap<>();
    LogWindows.Key key = new LogWindows.Key("web", "auth");
    List<String> lines = List.of("Failed password for root from 203.0.113.9");
    if (inWithin > 0) {
      windows.put(AUTH.within(), Map.of(key, new LogWindows.Matched(inWithin, lines)));
    }
    if (inClear > 0) {
      windows.put(AUTH.clearAfter(), Map.of(key, new LogWindows.Matched(inClear, lines)));
    }
    Observations o =
        new Observations(
            Map.of("web", List.of(new Observations.Poll(now, true, "", "c1", FailureKind.NONE))),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            Map.of(),
            new LogWindows(windows));
    decisions.addAll(engine.evaluate(inventory, o, null, now, state).decisions());
  }

  TargetState web() {
    return state.targets().get("web");
  }

  @Test
  void raisedAtCountWithinTheWindowKeptUntilQuietForClearAfterThenRun() {
    Inventory inventory = inventory(List.of(AUTH));
    step(inventory, 0, 0);
    assertThat(web().status()).isEqualTo(Status.RUN);

    step(inventory, 2, 2);
    assertThat(web().status()).as("2 lines, the rule wants 3").isEqualTo(Status.RUN);

    step(inventory, 3, 3);
    assertThat(web().status()).isEqualTo(Status.ERROR);
    assertThat(web().check()).isEqualTo("log:auth");
    Cause.LogMatched cause = (Cause.LogMatched) web().typedCause();
    assertThat(cause.matches()).isEqualTo(3);
    assertThat(cause.lines()).containsExactly("Failed password for root from 203.0.113.9");
    assertThat(new CauseText(ZoneId.of("Europe/Paris")).render(cause, Language.FR))
        .isEqualTo(
            "3 lignes de journal correspondent à la règle auth en 5\u00a0min (alerte à partir de"
                + " 3)");

    step(inventory, 1, 3);
    assertThat(web().status())
        .as("fewer than 3 in 5 min, but lines within clear_after: still raised")
        .isEqualTo(Status.ERROR);

    step(inventory, 0, 0);
    assertThat(web().status()).as("quiet for clear_after").isEqualTo(Status.RUN);
    step(inventory, 0, 0); // a notice is held one interval (decision 0008)
    step(inventory, 0, 0);
    assertThat(decisions)
        .extracting(Decision::status)
        .as("one problem, one recovery")
        .containsSubsequence(Status.ERROR, Status.RUN);
  }

  @Test
  void aRuleRemovedFromTheInventoryTakesItsCheckAway() {
    step(inventory(List.of(AUTH)), 5, 5);
    assertThat(web().status()).isEqualTo(Status.ERROR);
    step(inventory(List.of()), 5, 5);
    assertThat(web().status()).isEqualTo(Status.RUN);
    assertThat(web().checks()).doesNotContainKey("log:auth");
  }

  @Test
  void aWarningRuleRaisesAWarning() {
    LogRule warn =
        new LogRule(
            "auth",
            null,
            io.vigie.model.logs.Severity.ERR,
            LogRule.Level.WARNING,
            1,
            Duration.ofMinutes(5),
            Duration.ofMinutes(15));
    step(inventory(List.of(warn)), 1, 1);
    assertThat(web().status()).isEqualTo(Status.WARNING);
  }
}
