package io.vigie.alerting.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.alerting.influx.PollHistory;
import io.vigie.alerting.status.Acknowledgement;
import io.vigie.alerting.status.CheckState;
import io.vigie.alerting.status.Silence;
import io.vigie.alerting.status.Status;
import io.vigie.alerting.status.TargetState;
import io.vigie.alerting.status.Transition;
import io.vigie.alerting.users.Scope;
import io.vigie.model.cause.Cause;
import io.vigie.model.inventory.Comparison;
import io.vigie.model.inventory.Language;
import io.vigie.model.poll.FailureKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The targets list's and a target page's HTML, without a server. */
class TargetPagesTest {
  static final Instant NOW = ProblemsPageTest.NOW;
  static final String HOSTILE = "<script>alert(1)</script>";

  static TargetState state(String id, String client, Status status, int minutesAgo) {
    return ProblemsPageTest.state(id, client, "local", status, minutesAgo);
  }

  final TargetsList list =
      new TargetsList(
          List.of(
              state("b-run", "acme", Status.RUN, 90),
              state("a-run", "acme", Status.RUN, 90),
              state("z-err", "acme", Status.ERROR, 5),
              state(HOSTILE, "acme", Status.WARNING, 5),
              state("g-dead", "globex", Status.DEAD, 5)),
          List.of(
              new Silence(
                  "s1",
                  "a-run",
                  null,
                  NOW.minusSeconds(60),
                  NOW.plusSeconds(600),
                  "nora",
                  "disk",
                  NOW,
                  false)),
          Map.of("z-err", new Acknowledgement("z-err", Status.ERROR, "nora", "on it", NOW)),
          Map.of("acme", "ACME", "globex", "Globex"),
          Map.of("acme", Language.EN, "globex", Language.FR),
          NOW);

  @Test
  void everyTargetRunOnesTooByClientNameThenWorstFirstThenId() {
    assertThat(
            list.rows(Scope.ALL, ProblemFilter.NONE, Language.EN).stream()
                .map(r -> r.target().id()))
        .containsExactly("z-err", HOSTILE, "a-run", "b-run", "g-dead");
    String html = list.render(Scope.ALL, ProblemFilter.NONE, Language.EN);
    assertThat(html.indexOf(">ACME<")).isLessThan(html.indexOf(">Globex<"));
    assertThat(html)
        .contains("5 targets: 1 DEAD, 1 ERROR, 1 WARNING, 2 RUN.")
        .contains("<a class=\"target\" href=\"/console/targets/a-run\">a-run</a>")
        .contains("<span class=\"label\">RUN</span>")
        .contains("acknowledged by nora")
        .contains("silenced");
  }

  @Test
  void aHostileIdOrCauseIsEscapedInTextAndInLinks() {
    String html = list.render(Scope.ALL, ProblemFilter.NONE, Language.EN);
    assertThat(html).doesNotContain("<script>").doesNotContain("<b>");
    assertThat(html)
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("href=\"/console/targets/%3Cscript%3Ealert%281%29%3C%2Fscript%3E\"");
    assertThat(Html.targetPath("a b\"c")).isEqualTo("/console/targets/a%20b%22c");
  }

  @Test
  void aClientsUserSeesItsOwnInItsLanguageAndTheFilterNeverWidensIt() {
    Scope acme = Scope.of(Set.of("acme"));
    String html = list.render(acme, ProblemFilter.NONE, Language.FR);
    assertThat(html).contains("z-err").doesNotContain("g-dead").doesNotContain("Globex");
    assertThat(html).contains("4 cibles : 1 ERROR, 1 WARNING, 2 RUN.").contains("depuis le ");
    assertThat(html).contains("acquitté par nora").contains("en silence");
    assertThat(list.render(acme, ProblemFilter.of("globex", null, null, null), Language.FR))
        .contains("Aucune cible.");
    assertThat(list.form(acme, ProblemFilter.NONE, Language.FR))
        .contains("<label for=\"t-text\">Rechercher</label>")
        .doesNotContain("Globex");
    assertThat(
            list.rows(Scope.ALL, ProblemFilter.of(null, null, null, "Z-E"), Language.EN).stream()
                .map(r -> r.target().id()))
        .containsExactly("z-err");
  }

  @Test
  void tenThousandTargetsInOnePass() {
    List<TargetState> many = new java.util.ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      many.add(state("t" + i, "c" + (i % 50), i % 20 == 0 ? Status.ERROR : Status.RUN, i % 90));
    }
    TargetsList big = new TargetsList(many, List.of(), Map.of(), Map.of(), Map.of(), NOW);
    // One pass into one buffer: about 30 ms once warm on the test machine (not timed here).
    String html = big.render(Scope.ALL, ProblemFilter.NONE, Language.EN);
    assertThat(html.split("<li class=\"target ", -1)).hasSize(10_001);
    assertThat(html).contains("10000 targets: 500 ERROR, 9500 RUN.");
  }

  static Transition change(Status from, Status to, int minutesAgo, String cause) {
    return new Transition(
        "web1",
        "acme",
        "local",
        NOW.minus(Duration.ofMinutes(minutesAgo)),
        from,
        to,
        "cpu.usage_percent{cpu=total}",
        cause,
        false,
        false);
  }

  static TargetPage page(List<PollHistory.Poll> polls, String grafana) {
    CheckState cpu =
        new CheckState(
            "cpu.usage_percent{cpu=total}",
            Status.ERROR,
            "cpu " + HOSTILE,
            NOW.minusSeconds(600),
            null,
            null,
            false,
            97.5,
            90.0,
            new Cause.Threshold(
                "cpu.usage_percent",
                Map.of("cpu", "total"),
                97.5,
                90,
                Comparison.ABOVE,
                Cause.Level.ERROR));
    CheckState reach =
        new CheckState(
            "reachability", Status.RUN, "", NOW.minusSeconds(7200), null, null, false, null, null);
    TargetState t =
        new TargetState(
            "web1",
            "acme",
            "local",
            Status.ERROR,
            "cpu.usage_percent{cpu=total}",
            "raw engine text " + HOSTILE,
            NOW.minusSeconds(600),
            Map.of(cpu.name(), cpu, reach.name(), reach),
            NOW.minus(Duration.ofDays(3)),
            NOW.minusSeconds(5),
            "c1",
            0,
            Status.ERROR,
            false,
            List.of(),
            false,
            false,
            cpu.typedCause());
    return new TargetPage(
        t,
        "ACME",
        Map.of("acme", Language.FR),
        null,
        false,
        List.of(
            change(Status.RUN, Status.ERROR, 10, "cpu high " + HOSTILE),
            change(Status.ERROR, Status.RUN, 120, "back"),
            change(Status.RUN, Status.ERROR, 180, "cpu high")),
        polls,
        polls == null ? "Connection refused" : null,
        grafana,
        NOW);
  }

  @Test
  void aTargetPageShowsItsChecksWithValuesItsChangesNewestFirstItsPollsAndItsDashboard() {
    List<PollHistory.Poll> polls =
        List.of(
            new PollHistory.Poll(NOW.minusSeconds(5), true, FailureKind.NONE, "", 12.5, "c1"),
            new PollHistory.Poll(
                NOW.minusSeconds(10),
                false,
                FailureKind.TIMEOUT,
                "no answer " + HOSTILE,
                null,
                "c1"));
    String html =
        page(polls, "https://grafana.example").render(Scope.ALL, Language.EN, Duration.ofDays(1));
    assertThat(html).doesNotContain("<script>");
    assertThat(html)
        .contains("<span class=\"label\">ERROR</span>")
        .contains("CPU usage")
        .contains("97.5%")
        .contains("90%")
        .contains("<dd>c1</dd>");
    // The checks: the worst first.
    assertThat(html.indexOf("data-check=\"cpu.usage_percent{cpu=total}\""))
        .isLessThan(html.indexOf("data-check=\"reachability\""));
    // The changes: newest first.
    assertThat(html.indexOf("cpu high &lt;script&gt;")).isLessThan(html.indexOf(">back<"));
    assertThat(html)
        .contains("OK")
        .contains("12.5 ms")
        .contains("failed: timeout")
        .contains("no answer &lt;script&gt;");
    assertThat(html).contains("href=\"https://grafana.example/d/vigie-t-web1\"");
  }

  @Test
  void inFrenchForAClientsUserWithoutInfluxNorGrafana() {
    String html =
        page(null, null).render(Scope.of(Set.of("acme")), Language.FR, Duration.ofDays(1));
    assertThat(html)
        .contains("Contrôles en cours")
        .contains("Utilisation CPU")
        .contains("97,5")
        .contains("InfluxDB ne peut pas être lu")
        .doesNotContain("Connection refused")
        .doesNotContain("Collecteur")
        .doesNotContain("raw engine text")
        .doesNotContain("grafana");
    assertThat(page(null, null).render(Scope.ALL, Language.EN, Duration.ofDays(1)))
        .contains("set vigie.console.grafana-url (VIGIE_CONSOLE_GRAFANA_URL)")
        .contains("(Connection refused)");
  }

  @Test
  void theTimelineHoldsEachStatusFromChangeToChange() {
    List<Transition> history =
        List.of(
            change(Status.RUN, Status.ERROR, 10, ""),
            change(Status.ERROR, Status.RUN, 120, ""),
            change(Status.RUN, Status.ERROR, 180, ""),
            change(Status.WARNING, Status.RUN, 2000, ""));
    List<StatusTimeline.Segment> day =
        StatusTimeline.segments(
            history,
            Status.ERROR,
            NOW.minus(Duration.ofDays(5)),
            NOW.minus(Duration.ofDays(1)),
            NOW);
    assertThat(day.stream().map(StatusTimeline.Segment::status))
        .containsExactly(Status.RUN, Status.ERROR, Status.RUN, Status.ERROR);
    assertThat(day.get(0).from()).isEqualTo(NOW.minus(Duration.ofDays(1)));
    assertThat(day.get(1).from()).isEqualTo(NOW.minus(Duration.ofMinutes(180)));
    assertThat(day.get(3).to()).isEqualTo(NOW);
    // Seen for the first time an hour ago, with no change: one part, from then.
    assertThat(
            StatusTimeline.segments(
                List.of(), Status.RUN, NOW.minusSeconds(3600), NOW.minus(Duration.ofDays(1)), NOW))
        .containsExactly(new StatusTimeline.Segment(Status.RUN, NOW.minusSeconds(3600), NOW));
    String bar =
        StatusTimeline.bar(day, Duration.ofDays(1), "/console/targets/web1", NOW, Language.EN);
    assertThat(bar)
        .contains("<span class=\"seg\">ERROR</span>")
        .contains("ERROR from 2026-11-30 11:50 UTC to now")
        .contains("href=\"/console/targets/web1?span=7d\"");
  }
}
