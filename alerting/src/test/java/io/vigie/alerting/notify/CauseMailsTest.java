package io.vigie.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.alerting.status.Decision;
import io.vigie.alerting.status.Status;
import io.vigie.model.cause.Cause;
import io.vigie.model.inventory.Comparison;
import io.vigie.model.inventory.Language;
import io.vigie.model.poll.FailureKind;
import io.vigie.model.probe.ProbeType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every template in every language over decisions of every kind of cause: a client's mail never
 * shows a Java class or package name, nor the poll's raw reason, and a French one no English cause.
 */
class CauseMailsTest {
  static final Instant SINCE = Instant.parse("2026-11-22T21:04:00Z");
  // What a collector writes as a poll's reason: it names the exception; only the NOC sees it.
  static final String RAW_REASON =
      "SnmpFailure: timeout: no answer from 10.0.0.9 (org.snmp4j.MessageException)";
  static final Pattern CLASS_NAME =
      Pattern.compile(
          "\\b[A-Z][a-z]+[A-Za-z]*(Exception|Failure|Error)\\b|\\b[a-z]+\\.[a-z0-9]+\\.[A-Z]");
  // English words of the engine's causes and of the sentences: none belongs in a French mail
  // (the status names RUN, WARNING, ERROR and DEAD are the product's, in both languages).
  static final Pattern ENGLISH =
      Pattern.compile(
          "(?i)\\b(above|below|unreachable|level|polls?|no data|never|parent|down|status"
              + " changes?|now|answer|refused|failed|timeout|reason|since|the|for|(?-i:error|warning))\\b");

  final Templates templates = new Templates(null);
  final MailContent content =
      new MailContent("https://grafana.example.net/d/{uid}", ZoneId.of("Europe/Paris"));

  static List<Cause> everyCause() {
    Cause disk =
        new Cause.Threshold(
            "disk.used_percent",
            Map.of("mount", "/var"),
            93.5,
            90,
            Comparison.ABOVE,
            Cause.Level.ERROR);
    List<Cause> causes = new ArrayList<>();
    causes.add(disk);
    causes.add(
        new Cause.Threshold(
            "interface.in_bytes_per_sec",
            Map.of("ifname", "ge-0/0/1"),
            1_234_567,
            1_000_000,
            Comparison.ABOVE,
            Cause.Level.WARNING));
    causes.add(
        new Cause.Threshold(
            "disk.free_bytes",
            Map.of("mount", "/"),
            1.5e9,
            2e9,
            Comparison.BELOW,
            Cause.Level.WARNING));
    causes.add(
        new Cause.Threshold(
            "mem.used_bytes", Map.of(), 7.5e9, 7e9, Comparison.ABOVE, Cause.Level.ERROR));
    for (FailureKind kind : FailureKind.values()) {
      for (String protocol : List.of("snmp", "ssh", "local")) {
        causes.add(new Cause.Unreachable(kind, 3, protocol));
        causes.add(new Cause.AccessRefused(kind, protocol));
      }
    }
    causes.add(new Cause.Unreachable(FailureKind.TIMEOUT, 1, "snmp"));
    causes.add(new Cause.NoData(Duration.ofMinutes(12)));
    causes.add(new Cause.NoData(Duration.ofDays(3)));
    causes.add(new Cause.NeverReported(SINCE));
    causes.add(new Cause.ParentDown("switch-2"));
    causes.add(new Cause.ParentDown(null));
    causes.add(new Cause.Flapping(6, Duration.ofMinutes(15), disk));
    causes.add(new Cause.Flapping(1, Duration.ofMinutes(15), null));
    causes.add(new Cause.CheckFailed("ntp", 2, "0 ntpd"));
    causes.add(new Cause.CheckFailed("backup", 3, ""));
    causes.add(new Cause.InterfaceDown("eth0"));
    causes.addAll(probeCauses());
    return causes;
  }

  /** Every probe failure kind on every probe type, and a certificate's days as a threshold. */
  static List<Cause> probeCauses() {
    List<Cause> causes = new ArrayList<>();
    Map<ProbeType, String> services =
        Map.of(
            ProbeType.HTTP, "https://shop.acme.example/cart",
            ProbeType.TCP, "mail.acme.example:25",
            ProbeType.ICMP, "gw.acme.example",
            ProbeType.DNS, "ns1.acme.example",
            ProbeType.SIP, "10.0.0.5",
            ProbeType.RTSP, "rtsp://cam-1.acme.example/live");
    for (FailureKind kind : FailureKind.values()) {
      for (ProbeType type : ProbeType.values()) {
        causes.add(
            new Cause.ProbeFailed(
                "p-" + type.code(),
                type,
                kind,
                services.get(type),
                kind == FailureKind.DNS_RCODE ? "NXDOMAIN" : "503",
                kind == FailureKind.TLS_EXPIRED ? -2.0 : null,
                4,
                Duration.ofMinutes(4)));
      }
    }
    causes.add(
        new Cause.ProbeFailed(
            "web",
            ProbeType.HTTP,
            FailureKind.HTTP_STATUS,
            "https://shop.acme.example/",
            null,
            null,
            1,
            Duration.ZERO));
    causes.add(
        new Cause.ProbeSilent(
            "web", ProbeType.HTTP, "https://shop.acme.example/", Duration.ofMinutes(3)));
    for (String field : List.of("tls_leaf_days", "tls_chain_days", "duration_ms")) {
      causes.add(
          new Cause.Threshold(
              "probe." + field,
              Map.of("probe", "web", "probe_type", "http", "service", "https://shop.acme.example/"),
              field.equals("duration_ms") ? 2500 : 6,
              field.equals("duration_ms") ? 2000 : 7,
              field.equals("duration_ms") ? Comparison.ABOVE : Comparison.BELOW,
              Cause.Level.ERROR));
    }
    return causes;
  }

  /** One decision per cause, with the engine's English text and a raw reason beside it. */
  static List<Decision> decisions() {
    List<Decision> decisions = new ArrayList<>();
    long seq = 1;
    for (Cause cause : everyCause()) {
      Cause shown = cause instanceof Cause.Flapping f ? f.now() : cause;
      Cause.Threshold t = shown instanceof Cause.Threshold th ? th : null;
      decisions.add(
          new Decision(
              seq++,
              SINCE,
              cause instanceof Cause.Flapping
                  ? Decision.Kind.FLAPPING_STARTED
                  : Decision.Kind.PROBLEM,
              "acme",
              "web-1",
              cause instanceof Cause.Unreachable || cause instanceof Cause.ParentDown
                  ? Status.DEAD
                  : Status.ERROR,
              Status.RUN,
              check(cause),
              "unreachable for 3 polls: " + RAW_REASON + "; above error level; parent down",
              t == null ? null : t.value(),
              t == null ? null : t.level(),
              SINCE,
              "status changed",
              List.of(),
              cause));
    }
    return decisions;
  }

  static String check(Cause cause) {
    if (cause instanceof Cause.Threshold t) {
      return t.metric()
          + "{"
          + t.tags().entrySet().stream()
              .filter(e -> !e.getKey().equals("service")) // said, not a tag of the series
              .map(e -> e.getKey() + "=" + e.getValue())
              .reduce((a, b) -> a + "," + b)
              .orElse("")
          + "}";
    }
    if (cause instanceof Cause.Flapping f) {
      return f.now() == null ? "" : check(f.now());
    }
    if (cause instanceof Cause.CheckFailed c) {
      return "check:" + c.check();
    }
    if (cause instanceof Cause.InterfaceDown i) {
      return "interface:" + i.name();
    }
    if (cause instanceof Cause.ParentDown) {
      return "parent";
    }
    if (cause instanceof Cause.ProbeFailed p) {
      return "probe:" + p.probe();
    }
    if (cause instanceof Cause.ProbeSilent p) {
      return "probe:" + p.probe();
    }
    if (cause instanceof Cause.NoData || cause instanceof Cause.NeverReported) {
      return "data";
    }
    return "reachability";
  }

  @Test
  void noClientMailShowsAClassNameTheRawReasonOrEnglishInFrench() {
    List<Decision> all = decisions();
    List<String> problems = new ArrayList<>();
    for (String kind : Templates.KINDS) {
      for (Language language : Language.values()) {
        for (Decision d : all) {
          List<Decision> one = List.of(d);
          check(kind, language, one, problems);
        }
        check(kind, language, all, problems); // every cause in one mail, as a digest would
      }
    }
    assertThat(problems).isEmpty();
  }

  private void check(String kind, Language language, List<Decision> ds, List<String> problems) {
    Templates.Rendered mail =
        templates.render(kind, language, content.model("ACME", null, language, ds));
    String html = mail.html();
    String htmlText = html.replaceAll("(?s)<[^>]*>", " ").replace("&nbsp;", " ");
    for (String part : List.of(mail.subject(), mail.text(), html)) {
      Matcher m = CLASS_NAME.matcher(part);
      if (m.find()) {
        problems.add(kind + "." + language.code() + ": class name " + m.group() + " in " + part);
      }
      if (part.contains("SnmpFailure") || part.contains("10.0.0.9")) {
        problems.add(kind + "." + language.code() + ": raw reason in " + part);
      }
    }
    if (language == Language.FR) {
      for (String part : List.of(mail.subject(), mail.text(), htmlText)) {
        // Links are addresses, not words.
        Matcher m = ENGLISH.matcher(part.replaceAll("https?://\\S+", ""));
        if (m.find()) {
          problems.add(kind + ".fr: English \"" + m.group() + "\" in " + part);
        }
      }
    }
  }

  @Test
  void theNocCopyKeepsTheEnginesTextWithTheRawReason() {
    Templates.Rendered mail =
        templates.render("problem", Language.EN, content.noc(List.of(decisions().get(0))));
    assertThat(mail.text()).contains(RAW_REASON).contains("disk.used_percent{mount=/var}");
    // ...which is what the client's check above would catch.
    assertThat(CLASS_NAME.matcher(mail.text()).find()).isTrue();
    assertThat(ENGLISH.matcher("unreachable for 3 polls").find()).isTrue();
  }

  @Test
  void aDecisionStoredWithoutATypedCauseStillShowsItsText() {
    Decision old =
        new Decision(
            1,
            SINCE,
            Decision.Kind.PROBLEM,
            "acme",
            "web-1",
            Status.ERROR,
            Status.RUN,
            "disk.used_percent{mount=/var}",
            "disk.used_percent = 93.5, above error level 90",
            93.5,
            90.0,
            SINCE,
            "status changed");
    Templates.Rendered mail =
        templates.render(
            "problem", Language.FR, content.model("ACME", null, Language.FR, List.of(old)));
    assertThat(mail.text()).contains("Cause : disk.used_percent = 93.5, above error level 90");
  }

  @Test
  void typedCausesSurviveTheStoresJson() {
    // The store keeps decisions as JSON with a default mapper (StateStore); old rows have no cause.
    JsonMapper json = JsonMapper.builder().build();
    for (Decision d : decisions()) {
      assertThat(json.readValue(json.writeValueAsString(d), Decision.class)).isEqualTo(d);
    }
    Decision old =
        json.readValue("{\"seq\":3,\"kind\":\"PROBLEM\",\"cause\":\"x\"}", Decision.class);
    assertThat(old.typedCause()).isNull();
    assertThat(old.cause()).isEqualTo("x");
  }
}
