package io.vigie.alerting.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.alerting.status.Condition;
import io.vigie.alerting.status.Status;
import io.vigie.alerting.status.TargetState;
import io.vigie.alerting.users.Scope;
import io.vigie.model.inventory.Language;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProblemsPageTest {
  static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  static TargetState state(String id, String client, String kind, Status status, int minutesAgo) {
    Instant since = NOW.minus(Duration.ofMinutes(minutesAgo));
    return new TargetState(
        id,
        client,
        kind,
        status,
        "reachability",
        "cause of " + id + " <b>",
        since,
        Map.of(),
        since,
        since,
        "c1",
        0,
        status,
        false,
        List.of(),
        false,
        false);
  }

  final ProblemsPage page =
      new ProblemsPage(
          List.of(
              state("ok", "acme", "local", Status.RUN, 90),
              state("w-old", "acme", "local", Status.WARNING, 60),
              state("e-new", "acme", "snmp", Status.ERROR, 1),
              state("e-old", "acme", "local", Status.ERROR, 30),
              state("g-dead", "globex", "snmp", Status.DEAD, 5)),
          List.of(new Condition("collector:c2", "collector c2 silent", NOW)),
          List.of(),
          Map.of(),
          Map.of("acme", "ACME", "globex", "Globex"),
          Map.of("acme", Language.EN, "globex", Language.FR),
          NOW);

  static List<String> ids(List<TargetState> states) {
    return states.stream().map(TargetState::id).toList();
  }

  @Test
  void anOperatorsActionsAreFoldedInEachCardAndAViewerHasNone() {
    String html = page.render(Scope.ALL, ProblemFilter.NONE, Language.EN, "<input name=\"_csrf\">");
    String error = html.substring(html.indexOf("data-target=\"e-old\""));
    error = error.substring(0, error.indexOf("</li>"));
    assertThat(error)
        .contains("<details class=\"act\"><summary>Acknowledge or silence</summary>")
        .contains("action=\"/console/targets/e-old/ack\">")
        .contains("<input name=\"_csrf\"><button type=\"submit\">Acknowledge e-old</button>")
        .contains("href=\"/console/targets/e-old#act\">Acknowledge with a comment…</a>")
        .doesNotContain("name=\"comment\"")
        .contains("href=\"/console/silences?target=e-old#new\">Silence e-old…</a>");
    String warning = html.substring(html.indexOf("data-target=\"w-old\""));
    warning = warning.substring(0, warning.indexOf("</li>"));
    assertThat(warning).contains("<summary>Silence</summary>").doesNotContain("<form");
    assertThat(html).contains("href=\"/console/silences?client=acme#new\">Silence ACME…</a>");
    assertThat(page.render(Scope.ALL, ProblemFilter.NONE, Language.EN))
        .doesNotContain("<details")
        .doesNotContain("<form")
        .doesNotContain("/console/silences");
  }

  @Test
  void worstFirstThenOldestAndNeverRun() {
    assertThat(ids(page.problems(Scope.ALL, ProblemFilter.NONE, Language.EN)))
        .containsExactly("g-dead", "e-old", "e-new", "w-old");
  }

  @Test
  void groupedByClientTheWorstGroupFirstWithStatusInWordsAndTextEscaped() {
    String html = page.render(Scope.ALL, ProblemFilter.NONE, Language.EN);
    assertThat(html.indexOf("collector c2 silent")).isLessThan(html.indexOf(">Globex<"));
    assertThat(html.indexOf(">Globex<")).isLessThan(html.indexOf(">ACME<"));
    assertThat(html).contains("<span class=\"label\">DEAD</span>").contains("5 problems");
    assertThat(html).contains("cause of e-old &lt;b&gt;").doesNotContain("<b>");
  }

  @Test
  void aClientsUserSeesOnlyItsOwnAndNoPipelineCondition() {
    String html = page.render(Scope.of(Set.of("acme")), ProblemFilter.NONE, Language.FR);
    assertThat(html).contains("e-old").doesNotContain("g-dead").doesNotContain("Globex");
    assertThat(html).doesNotContain("collector c2").contains("3 problèmes");
  }

  @Test
  void theFilterNarrowsByClientStatusKindAndText() {
    assertThat(
            ids(
                page.problems(
                    Scope.ALL, ProblemFilter.of("acme", "error", null, null), Language.EN)))
        .containsExactly("e-old", "e-new");
    assertThat(
            ids(page.problems(Scope.ALL, ProblemFilter.of(null, null, "snmp", null), Language.EN)))
        .containsExactly("g-dead", "e-new");
    assertThat(
            ids(
                page.problems(
                    Scope.ALL, ProblemFilter.of("", "nonsense", "", "W-OLD"), Language.EN)))
        .containsExactly("w-old");
    assertThat(
            ids(
                page.problems(
                    Scope.of(Set.of("acme")),
                    ProblemFilter.of("globex", null, null, null),
                    Language.EN)))
        .as("another client's id narrows to nothing, never widens the scope")
        .isEmpty();
    assertThat(page.render(Scope.ALL, ProblemFilter.of("acme", null, null, null), Language.EN))
        .doesNotContain("collector c2");
  }
}
