package io.vigie.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.alerting.status.Decision;
import io.vigie.alerting.status.Status;
import io.vigie.model.cause.Cause;
import io.vigie.model.inventory.Comparison;
import io.vigie.model.inventory.Language;
import io.vigie.model.poll.FailureKind;
import io.vigie.model.probe.ProbeType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every template in every language, rendered from fixed decisions and compared with its golden file
 * exactly. Regenerate on purpose with {@code -Dvigie.regenerate=true}.
 */
class TemplatesTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden/mail");
  static final Instant SINCE = Instant.parse("2026-11-22T21:04:00Z");
  static final Cause DISK_FULL =
      new Cause.Threshold(
          "disk.used_percent",
          Map.of("mount", "/var"),
          93.5,
          90,
          Comparison.ABOVE,
          Cause.Level.ERROR);
  static final Cause SWITCH_DOWN = new Cause.Unreachable(FailureKind.TIMEOUT, 3, "snmp");
  static final Cause SITE_503 =
      new Cause.ProbeFailed(
          "home",
          ProbeType.HTTP,
          FailureKind.HTTP_STATUS,
          "https://shop.acme.example/",
          "503",
          null,
          5,
          Duration.ofMinutes(4));
  static final Cause CERTIFICATE =
      new Cause.Threshold(
          "probe.tls_leaf_days",
          Map.of("probe", "home", "probe_type", "http", "service", "https://shop.acme.example/"),
          12,
          21,
          Comparison.BELOW,
          Cause.Level.WARNING);

  /** Lines with what a mail must escape: markup, and a secret-looking token the log itself had. */
  static final Cause AUTH_FAILURES =
      new Cause.LogMatched(
          "auth",
          5,
          3,
          Duration.ofMinutes(5),
          List.of(
              "Failed password for root from 203.0.113.9 port 50022 ssh2",
              "Failed password for <script>alert(1)</script> from 203.0.113.9",
              "Failed password for admin from 203.0.113.9 port 50031 ssh2"));

  final Templates templates = new Templates(null);
  final MailContent content =
      new MailContent("https://grafana.example.net/d/{uid}", ZoneId.of("Europe/Paris"));

  static Decision decision(
      long seq, Decision.Kind kind, String target, Status status, Status previous) {
    return new Decision(
        seq,
        SINCE,
        kind,
        "acme",
        target,
        status,
        previous,
        status == Status.DEAD ? "reachability" : "disk.used_percent{mount=/var}",
        status == Status.DEAD
            ? "unreachable for 3 polls: SnmpFailure: timeout: no answer from 10.0.0.9"
            : status == Status.RUN ? "" : "disk.used_percent = 93.5, above error level 90",
        status == Status.DEAD || status == Status.RUN ? null : 93.5,
        status == Status.DEAD || status == Status.RUN ? null : 90.0,
        SINCE,
        "status changed",
        List.of(),
        status == Status.DEAD ? SWITCH_DOWN : status == Status.RUN ? null : DISK_FULL);
  }

  static List<Decision> decisions(String kind) {
    return switch (kind) {
      case "flapping" ->
          List.of(
              new Decision(
                  6,
                  SINCE,
                  Decision.Kind.FLAPPING_STARTED,
                  "acme",
                  "web-1",
                  Status.ERROR,
                  Status.RUN,
                  "disk.used_percent{mount=/var}",
                  "6 status changes in 15 min; now disk.used_percent = 93.5, above error level 90",
                  93.5,
                  90.0,
                  SINCE,
                  "flapping started",
                  List.of(),
                  new Cause.Flapping(6, Duration.ofMinutes(15), DISK_FULL)));
      case "stable" ->
          List.of(
              new Decision(
                  7,
                  SINCE,
                  Decision.Kind.FLAPPING_ENDED,
                  "acme",
                  "web-1",
                  Status.RUN,
                  Status.RUN,
                  "",
                  "",
                  null,
                  null,
                  SINCE,
                  "flapping ended"));
      case "parent" ->
          List.of(
              decision(8, Decision.Kind.PROBLEM, "switch-2", Status.DEAD, Status.RUN)
                  .withAffected(List.of("db-1", "web-1", "web-2")));
      case "digest-notices" ->
          List.of(
              decisions("flapping").get(0), decisions("stable").get(0), decisions("parent").get(0));
      case "probe" ->
          List.of(
              new Decision(
                  10,
                  SINCE,
                  Decision.Kind.PROBLEM,
                  "acme",
                  "shop",
                  Status.ERROR,
                  Status.RUN,
                  "probe:home",
                  "probe home failed (http_status): HTTP 503 Service Unavailable",
                  null,
                  null,
                  SINCE,
                  "status changed",
                  List.of(),
                  SITE_503));
      case "certificate" ->
          List.of(
              new Decision(
                  11,
                  SINCE,
                  Decision.Kind.PROBLEM,
                  "acme",
                  "shop",
                  Status.WARNING,
                  Status.RUN,
                  "probe.tls_leaf_days{probe=home,probe_type=http}",
                  "probe.tls_leaf_days = 12, below warning level 21",
                  12.0,
                  21.0,
                  SINCE,
                  "status changed",
                  List.of(),
                  CERTIFICATE));
      case "log" ->
          List.of(
              new Decision(
                  12,
                  SINCE,
                  Decision.Kind.PROBLEM,
                  "acme",
                  "web-1",
                  Status.ERROR,
                  Status.RUN,
                  "log:auth",
                  "5 log lines matched rule auth within 5 min",
                  5.0,
                  3.0,
                  SINCE,
                  "status changed",
                  List.of(),
                  AUTH_FAILURES));
      case "problem", "reminder" ->
          List.of(decision(1, Decision.Kind.PROBLEM, "web-1", Status.ERROR, Status.RUN));
      case "recovery" ->
          List.of(decision(2, Decision.Kind.RECOVERY, "web-1", Status.RUN, Status.ERROR));
      default ->
          List.of(
              decision(3, Decision.Kind.PROBLEM, "web-1", Status.ERROR, Status.RUN),
              decision(4, Decision.Kind.PROBLEM, "switch-2", Status.DEAD, Status.RUN),
              decision(5, Decision.Kind.RECOVERY, "db-1", Status.RUN, Status.WARNING));
    };
  }

  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource({
    "problem,EN", "problem,FR", "recovery,EN", "recovery,FR",
    "reminder,EN", "reminder,FR", "digest,EN", "digest,FR",
    "flapping,EN", "flapping,FR", "stable,EN", "stable,FR",
    "parent,EN", "parent,FR", "digest-notices,EN", "digest-notices,FR",
    "probe,EN", "probe,FR", "certificate,EN", "certificate,FR",
    "log,EN", "log,FR"
  })
  void everyTemplateMatchesItsGoldenFile(String name0, Language language) throws Exception {
    List<Decision> decisions = decisions(name0);
    Map<String, Object> model =
        content.model("ACME Industries", "https://acme.example/logo.png", language, decisions);
    // A case is named by its golden file; the template is the one the notifier would choose.
    String kind = name0.equals("reminder") ? "reminder" : MailContent.kind(decisions);
    Templates.Rendered mail = templates.render(kind, language, model);
    String name = name0 + "." + language.code();
    String text = "Subject: " + mail.subject() + "\n\n" + mail.text();
    if (Boolean.getBoolean("vigie.regenerate")) {
      Files.createDirectories(GOLDEN);
      Files.writeString(GOLDEN.resolve(name + ".txt"), text);
      Files.writeString(GOLDEN.resolve(name + ".html"), mail.html());
    }
    assertThat(text).isEqualTo(Files.readString(GOLDEN.resolve(name + ".txt")));
    assertThat(mail.html()).isEqualTo(Files.readString(GOLDEN.resolve(name + ".html")));
  }

  @Test
  void namesCannotInjectHeadersMarkupOrTemplateCode() {
    Decision evil =
        new Decision(
            9,
            SINCE,
            Decision.Kind.PROBLEM,
            "acme",
            "web\r\nBcc: victim@example.com <script>alert(1)</script> {{#items}}{{/items}}",
            Status.ERROR,
            Status.RUN,
            "check:<b>x</b>",
            "\"quoted\" & <img src=x onerror=alert(1)>",
            null,
            null,
            SINCE,
            "status changed");
    Templates.Rendered mail =
        templates.render(
            "problem",
            Language.EN,
            content.model("ACME <i>Inc</i>\r\nX-Evil: 1", null, Language.EN, List.of(evil)));
    assertThat(mail.subject()).doesNotContain("\r").doesNotContain("\n");
    assertThat(mail.html())
        .doesNotContain("<script>")
        .doesNotContain("<img src=x")
        .doesNotContain("<b>x</b>")
        .doesNotContain("<i>Inc</i>")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("{{#items}}{{/items}}");
    assertThat(mail.text()).contains("{{#items}}{{/items}}");
  }

  @Test
  void anOverrideDirectoryReplacesATemplateWithoutARebuild(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("problem.en.txt"),
        "Subject: custom {{first.target}}\n\nHello {{client.name}}\n");
    Templates custom = new Templates(dir);
    Templates.Rendered mail =
        custom.render(
            "problem", Language.EN, content.model("ACME", null, Language.EN, decisions("problem")));
    assertThat(mail.subject()).isEqualTo("custom web-1");
    assertThat(mail.text()).isEqualTo("Hello ACME\n");
    assertThat(mail.html()).contains("web-1"); // the HTML part is still the built-in one
  }
}
