package io.vigie.alerting.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.alerting.status.Silence;
import io.vigie.model.inventory.Language;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SilencesPageTest {
  static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  static Silence silence(
      String id, String target, String client, Duration from, Duration to, boolean maintenance) {
    return new Silence(
        id, target, client, NOW.plus(from), NOW.plus(to), "nora", "reason " + id, NOW, maintenance);
  }

  final SilencesPage page =
      new SilencesPage(
          List.of(
              silence("later", null, "acme", Duration.ofHours(2), Duration.ofHours(4), true),
              silence("now", "web1", null, Duration.ofHours(-1), Duration.ofHours(1), false),
              silence("ended", "web1", null, Duration.ofHours(-3), Duration.ofHours(-2), false),
              silence("old", "web1", null, Duration.ofDays(-9), Duration.ofDays(-8), false)),
          Map.of("acme", "ACME <Industries>"),
          NOW);

  @Test
  void inForceThenScheduledThenEndedAndAWeekOfEndedOnly() {
    String html =
        page.render(Language.EN, "<input name=\"_csrf\">", SilencesPage.Form.empty(null, null));
    assertThat(html.indexOf("data-silence=\"now\""))
        .isPositive()
        .isLessThan(html.indexOf("data-silence=\"later\""));
    assertThat(html.indexOf("data-silence=\"later\""))
        .isLessThan(html.indexOf("data-silence=\"ended\""));
    assertThat(html).doesNotContain("data-silence=\"old\"");
    assertThat(html)
        .contains(">IN FORCE<")
        .contains(">SCHEDULED<")
        .contains(">ENDED<")
        .contains("client ACME &lt;Industries&gt;")
        .contains(">maintenance<")
        .contains("End this silence: target web1")
        .contains("Cancel this maintenance: client ACME &lt;Industries&gt;");
    // An ended silence has nothing left to end.
    String ended = html.substring(html.indexOf("data-silence=\"ended\""));
    assertThat(ended).doesNotContain("<form");
  }

  @Test
  void aViewerSeesTheListButNoFormAndNoButton() {
    String html = page.render(Language.EN, null, SilencesPage.Form.empty(null, null));
    assertThat(html)
        .contains("data-silence=\"now\"")
        .doesNotContain("<form")
        .doesNotContain("<button");
  }

  @Test
  void theFormKeepsWhatWasTypedAndSaysTheProblemInFrenchEscaped() {
    SilencesPage.Form typed =
        new SilencesPage.Form(
            "<b>web1", "acme", "2026-12-01T08:00", 240, "\"works\"", true, "target: unknown <b>");
    String html = page.render(Language.FR, "", typed);
    assertThat(html)
        .contains("Nouvelle mise en silence ou maintenance")
        .contains("role=\"alert\" id=\"problem\">target: unknown &lt;b&gt;</p>")
        .contains("value=\"&lt;b&gt;web1\"")
        .contains("<option value=\"acme\" selected>")
        .contains("value=\"2026-12-01T08:00\"")
        .contains("<option value=\"240\" selected>4 h</option>")
        .contains("value=\"&quot;works&quot;\"")
        .contains("name=\"maintenance\" checked")
        .contains("Début (UTC ; vide : maintenant)")
        .contains("EN COURS")
        .doesNotContain("<b>");
  }

  @Test
  void noSilenceSaysSo() {
    String html =
        new SilencesPage(List.of(), Map.of(), NOW)
            .render(Language.FR, null, SilencesPage.Form.empty(null, null));
    assertThat(html).contains("Aucune mise en silence en cours ou prévue.");
  }
}
