package io.vigie.alerting.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.vigie.model.contract.Contract;
import io.vigie.model.inventory.Language;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

class ReportHtmlTest {
  static final String NBSP = "\u00a0";

  static String fr() {
    return ReportHtml.render(ReportSamples.november(Language.FR), null);
  }

  static String en() {
    return ReportHtml.render(ReportSamples.november(Language.EN), null);
  }

  @Test
  void frenchReportSaysEverySectionInFrenchWithFrenchNumbers() {
    String html = fr();
    assertThat(html)
        .contains("<html lang=\"fr\">")
        .contains("<p class=\"client\">ACME Industries</p>")
        .contains("Rapport de niveau de service")
        .contains("novembre 2026 (Europe/Paris)")
        .contains("Objectif tenu</strong>" + NBSP + ": disponibilité de 99,954" + NBSP + "%")
        .contains("pour un objectif de 99,900" + NBSP + "%")
        // Budget: 5,175 s allowed, 2,385 s used (46.087 % of it), 2,790 s left.
        .contains("1" + NBSP + "h 26" + NBSP + "min")
        .contains(
            "39"
                + NBSP
                + "min 45"
                + NBSP
                + "s</span><span class=\"remark\">46,087"
                + NBSP
                + "% du budget</span>")
        .contains("46" + NBSP + "min 30" + NBSP + "s")
        .contains("Disponibilité jour par jour")
        .contains("Disponibilité par cible")
        .contains("Incidents les plus longs")
        .contains("Fenêtres de maintenance")
        .contains("Méthode de calcul")
        .contains("Rapport de la période close le 2026-12-01 00:00 (Europe/Paris)");
    // The per-target figures: web1 = 1 − 1,385 / (720 h − 2 h − 0) = 99.946 %; db1 = 1 − 1,000 /
    // (720 h − 30 min) = 99.961 %.
    assertThat(html).contains("99,946" + NBSP + "%").contains("99,961" + NBSP + "%");
    // Incidents in the client's zone (UTC+1 in November), longest first, status in words.
    assertThat(html)
        .contains("2026-11-03 14:05")
        .contains("2026-11-17 09:00")
        .contains("Erreur")
        .contains("Hors service")
        .containsSubsequence("web1", "2026-11-03 14:05", "db1", "2026-11-17 09:00");
    // The maintenance window, 07:00 to 09:00 in Paris.
    assertThat(html).contains("2026-11-20 07:00").contains("2026-11-20 09:00");
    // The days below the objective, in words and not only in red.
    assertThat(html)
        .contains("Jours sous l'objectif" + NBSP + ": 3 novembre 2026 (99,198" + NBSP + "%)")
        .contains("17 novembre 2026 (99,421" + NBSP + "%)");
    for (String english :
        List.of("Availability", "Objective", "Target", "Maintenance windows", "Longest", "Down")) {
      assertThat(html).as("an English word in the French report").doesNotContain(english);
    }
  }

  @Test
  void englishReportSaysEverySectionInEnglish() {
    String html = en();
    assertThat(html)
        .contains("<html lang=\"en\">")
        .contains("Service level report")
        .contains("November 2026 (Europe/Paris)")
        .contains("Objective met</strong>: availability 99.954" + NBSP + "%")
        .contains("for an objective of 99.900" + NBSP + "%")
        .contains("46.087" + NBSP + "% of the budget")
        .contains("Availability day by day")
        .contains("Availability per target")
        .contains("Longest incidents")
        .contains("Maintenance windows")
        .contains("How it is computed")
        .contains("Days below the objective: November 3, 2026 (99.198" + NBSP + "%)")
        .contains("99.946" + NBSP + "%");
    for (String french :
        List.of("Disponibilité", "Objectif", "Cible", "Fenêtres", "Incidents les", "é")) {
      assertThat(html).as("a French word in the English report").doesNotContain(french);
    }
  }

  @Test
  void aMissedObjectiveIsSaidInWords() {
    ClientReport kept = ReportSamples.november(Language.FR);
    ReportInput in = kept.input();
    ReportInput stricter =
        new ReportInput(
            in.client(),
            in.clientName(),
            in.language(),
            in.zone(),
            new Contract(99.99, List.of(), null, true),
            in.period(),
            in.targets(),
            in.silences(),
            in.evaluated());
    ClientReport missed =
        new ClientReport(
            stricter,
            kept.total(),
            false,
            Duration.ofSeconds(517),
            kept.budgetUsed(),
            kept.targets(),
            kept.days(),
            kept.incidents(),
            kept.maintenance());
    String html = ReportHtml.render(missed, null);
    assertThat(html)
        .contains("Objectif non tenu</strong>" + NBSP + ": disponibilité de 99,954" + NBSP + "%")
        .contains("sous l'objectif de 99,990" + NBSP + "%")
        .contains(
            "<span class=\"value\">0</span><span class=\"remark\">dépassé de 31"
                + NBSP
                + "min 08"
                + NBSP
                + "s</span>")
        .contains("(sous l'objectif)");
  }

  @Test
  void nothingJudgedIsSaidAndNoNumberIsMadeUp() {
    String html = ReportHtml.render(ReportSamples.nothingJudged(Language.EN), null);
    assertThat(html)
        .contains("Nothing to judge")
        .contains("<span class=\"value\">—</span>")
        .contains("Days without judged time (maintenance or unknown status): November 1, 2026")
        .contains("No incident in this period.")
        .contains("No maintenance in this period.")
        .contains("time in warning counts as down")
        .doesNotContain("NaN");
  }

  @Test
  void hostileIdsAndCausesAreEscaped() {
    String web = "<script>alert('x')</script>\"&";
    String cause = "<img src=x onerror=alert(1)> & \u0007bell";
    String html =
        ReportHtml.render(
            ReportSamples.november(Language.EN, "</title><b>Evil & Co</b>", web, cause), null);
    assertThat(html)
        .doesNotContain("<script")
        .doesNotContain("<img src=x")
        .doesNotContain("<b>Evil")
        .doesNotContain("\u0007")
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;")
        .contains("&lt;img src=x onerror=alert(1)&gt; &amp;  bell")
        .contains("&lt;/title&gt;&lt;b&gt;Evil &amp; Co&lt;/b&gt;");
    assertThatCode(() -> parse(html)).doesNotThrowAnyException();
  }

  @Test
  void selfContainedWellFormedAndTheSameEveryTime() throws Exception {
    String html = fr();
    assertThat(html).isEqualTo(fr());
    assertThat(html)
        .doesNotContain("<script")
        .doesNotContain("http://")
        .doesNotContain("https://")
        .doesNotContain("<link")
        .doesNotContain("&nbsp;");
    // Well-formed XML: what the PDF renderer reads.
    parse(html);
    parse(en());
  }

  @Test
  void aLogoIsShownOnlyWhenEmbedded() {
    String png =
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
    ClientReport r = ReportSamples.november(Language.EN);
    assertThat(ReportHtml.render(r, png))
        .contains("<img src=\"" + png + "\" alt=\"ACME Industries\" />");
    assertThat(ReportHtml.render(r, "https://acme.example/logo.png")).doesNotContain("<img");
    assertThat(ReportHtml.render(r, "data:text/html;base64,PHNjcmlwdD4=")).doesNotContain("<img");
  }

  @Test
  void theStampIsTheInstantGivenNotTheClock() {
    ClientReport r = ReportSamples.november(Language.EN);
    assertThat(ReportHtml.render(r, null, Instant.parse("2026-12-01T05:00:00Z")))
        .contains("Report for the period closed on 2026-12-01 06:00 (Europe/Paris)");
  }

  static void parse(String html) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
    factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
  }
}
