package io.vigie.alerting.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.alerting.notify.Outbox;
import io.vigie.alerting.notify.SentMail;
import io.vigie.alerting.status.Condition;
import io.vigie.model.inventory.Language;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelinePageTest {
  static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  static final String HOSTILE = "<script>alert('x')</script>";

  static Outbox.Letter letter(String key, String recipient, String subject, String error) {
    return new Outbox.Letter(
        key,
        Outbox.messageId(key),
        recipient,
        "acme",
        "ALERT",
        subject,
        3,
        NOW.minus(Duration.ofMinutes(10)),
        NOW.minus(Duration.ofMinutes(5)),
        error,
        null,
        null);
  }

  static PipelinePage page(
      List<Condition> conditions,
      List<PipelinePage.Collector> collectors,
      PipelinePage.Influx influx,
      PipelinePage.Mail mail) {
    return new PipelinePage(conditions, collectors, influx, mail, NOW);
  }

  final PipelinePage troubled =
      page(
          List.of(
              new Condition("collector:c2", "collector c2 silent: no poll " + HOSTILE, NOW),
              new Condition("mail", "mails stuck", NOW.minusSeconds(90))),
          List.of(
              new PipelinePage.Collector("c1", NOW.minusSeconds(3), 12, false, false),
              new PipelinePage.Collector("c2" + HOSTILE, NOW.minusSeconds(3600), 1, true, false)),
          new PipelinePage.Influx(
              "http://***@influx:8086", "vigie", NOW.minusSeconds(1), "timeout " + HOSTILE, null),
          new PipelinePage.Mail(
              "smtp.example:25",
              2,
              40,
              3,
              new Outbox.Stuck(NOW.minusSeconds(90), 2, "450 " + HOSTILE),
              List.of(
                  letter(
                      "k1", "ops@acme.test", "Subject " + HOSTILE, "550 no such user " + HOSTILE),
                  letter("k/2&x", "\"bad\"@acme.test" + HOSTILE, "two", "refused")),
              List.of(new SentMail("s1", "it@" + HOSTILE, "acme", "sent " + HOSTILE, NOW))));

  final PipelinePage quiet =
      page(
          List.of(),
          List.of(new PipelinePage.Collector("c1", NOW.minusSeconds(2), 1, false, false)),
          new PipelinePage.Influx("http://influx:8086", "vigie", NOW.minusSeconds(1), null, null),
          new PipelinePage.Mail(null, 0, 0, 0, null, List.of(), List.of()));

  @Test
  void everyOutsideTextIsEscaped() {
    String html =
        troubled.render(Language.EN, "<input type=\"hidden\" name=\"_csrf\" value=\"t\">");
    assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;alert(&#39;x&#39;)");
    assertThat(html)
        .as("a subject, an error, a recipient, a collector id: all escaped")
        .contains("Subject &lt;script&gt;")
        .contains("550 no such user &lt;script&gt;")
        .contains("&quot;bad&quot;@acme.test&lt;script&gt;")
        .contains("c2&lt;script&gt;")
        .contains("timeout &lt;script&gt;")
        .contains("450 &lt;script&gt;")
        .contains("sent &lt;script&gt;");
    assertThat(html)
        .as("a key is encoded in the form's path")
        .contains("action=\"/console/mails/k%2F2%26x/resend\"");
  }

  @Test
  void statesAreInWordsWithCountsAndAResendFormForOperatorsOnly() {
    String operator = troubled.render(Language.EN, "<input type=\"hidden\" name=\"_csrf\">");
    assertThat(operator)
        .contains("2 pipeline conditions raised.")
        .contains("Collector c2 is silent")
        .contains("Mails cannot be sent")
        .contains("<span class=\"label\">REPORTING</span> <strong>c1</strong>")
        .contains("12 targets")
        .contains(
            "last heard <time datetime=\"2026-11-30T11:59:57Z\">2026-11-30 11:59:57 UTC</time> (3 s ago)")
        .contains("<span class=\"label\">SILENT</span>")
        .contains("(60 min ago)")
        .contains("UNREADABLE")
        .contains("http://***@influx:8086")
        .contains("Through smtp.example:25.")
        .contains("waiting: 2")
        .contains("sent: 40")
        .contains("dead letters: 3")
        .contains("STUCK")
        .contains("2 mails wait after a failed attempt")
        .contains("Dead letters (the 2 newest of 3)")
        .contains("3 attempts; last error: ")
        .contains("Resend to ops@acme.test</button>");
    assertThat(operator.split("<form method=\"post\"", -1)).hasSize(3);
    String viewer = troubled.render(Language.EN, null);
    assertThat(viewer).doesNotContain("<form").doesNotContain("Resend").contains("ops@acme.test");
  }

  @Test
  void frenchLabels() {
    String html = troubled.render(Language.FR, null);
    assertThat(html)
        .contains("2 alertes de chaîne levées.")
        .contains("Le collecteur c2 est muet")
        .contains("Les mails ne partent pas")
        .contains("<span class=\"label\">ACTIF</span>")
        .contains("<span class=\"label\">MUET</span>")
        .contains("12 cibles")
        .contains("dernières nouvelles le ")
        .contains("(il y a 3 s)")
        .contains("ILLISIBLE")
        .contains("en attente : 2")
        .contains("abandonnés : 3")
        .contains("BLOQUÉ")
        .contains("Mails abandonnés (les 2 plus récents sur 3)")
        .contains("Derniers mails envoyés")
        .doesNotContain("Dead letters")
        .doesNotContain("last heard");
    assertThat(troubled.render(Language.FR, "<i>")).contains("Renvoyer à ops@acme.test</button>");
  }

  @Test
  void aQuietPipelineSaysSo() {
    String html = quiet.render(Language.EN, "<i>");
    assertThat(html)
        .contains("The pipeline is working: no condition raised.")
        .contains("<span class=\"label\">READABLE</span>")
        .contains("Status points: written.")
        .contains("No SMTP server is set (VIGIE_SMTP_HOST): no mail is sent.")
        .contains("FLOWING")
        .contains("None: every mail was sent or is waiting.")
        .contains("1 target<")
        .doesNotContain("<form");
    assertThat(
            page(
                    List.of(),
                    List.of(),
                    new PipelinePage.Influx("http://influx:8086", "vigie", null, null, null),
                    new PipelinePage.Mail(null, 0, 0, 0, null, List.of(), List.of()))
                .render(Language.EN, null))
        .contains("NOT READ YET")
        .contains("No evaluation yet.")
        .contains("No collector has written a point yet.");
  }

  @Test
  void conditionKeysInWordsAndAgesToTheSecond() {
    assertThat(PipelinePage.conditionTitle("influxdb", Language.EN))
        .isEqualTo("InfluxDB cannot be read");
    assertThat(PipelinePage.conditionTitle("collector:c9:rejected", Language.FR))
        .isEqualTo("InfluxDB refuse des points du collecteur c9");
    assertThat(PipelinePage.conditionTitle("other", Language.EN)).isEqualTo("other");
    assertThat(PipelinePage.conditionTitle("group:paris:member:col-a", Language.EN))
        .isEqualTo("Collector group paris lost member col-a");
    assertThat(PipelinePage.conditionTitle("group:paris", Language.EN))
        .isEqualTo("Collector group paris: every member is silent");
    assertThat(PipelinePage.conditionTitle("group:paris:member:col-a", Language.FR))
        .isEqualTo("Le groupe de collecteurs paris a perdu son membre col-a");
    assertThat(PipelinePage.ago(Duration.ofSeconds(119), Language.EN)).isEqualTo("119 s ago");
    assertThat(PipelinePage.ago(Duration.ofMinutes(5), Language.FR)).isEqualTo("il y a 5 min");
    assertThat(PipelinePage.ago(Duration.ofHours(3), Language.EN)).isEqualTo("3 h ago");
  }
}
