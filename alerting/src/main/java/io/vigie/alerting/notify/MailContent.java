package io.vigie.alerting.notify;

import io.vigie.alerting.status.Decision;
import io.vigie.alerting.status.Status;
import io.vigie.alerting.status.TargetState;
import io.vigie.model.cause.Cause;
import io.vigie.model.cause.CauseText;
import io.vigie.model.dashboard.DashboardNames;
import io.vigie.model.inventory.Client;
import io.vigie.model.inventory.Language;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What a template is given: the client, and one item per change, every value as text. */
final class MailContent {
  private static final Map<Status, String> COLORS =
      Map.of(
          Status.RUN, "#2e7d32",
          Status.WARNING, "#b26a00",
          Status.ERROR, "#c62828",
          Status.DEAD, "#424242");

  private final @Nullable String dashboardUrl;
  private final ZoneId zone;
  private final CauseText causes;

  /**
   * @param dashboardUrl a link to a target's dashboard with {@code {target}} in it, or null
   */
  MailContent(@Nullable String dashboardUrl, ZoneId zone) {
    this.dashboardUrl = dashboardUrl == null || dashboardUrl.isBlank() ? null : dashboardUrl;
    this.zone = zone;
    this.causes = new CauseText(zone);
  }

  /** The template for a group of decisions: one change has its own, several make a digest. */
  static String kind(List<Decision> decisions) {
    if (decisions.size() > 1) {
      return "digest";
    }
    return switch (decisions.get(0).kind()) {
      case RECOVERY, CONDITION_CLEARED -> "recovery";
      case FLAPPING_STARTED -> "flapping";
      case FLAPPING_ENDED -> "stable";
      case PROBLEM, CONDITION_RAISED -> "problem";
    };
  }

  /**
   * A client's mail: causes, check names and numbers in the client's language, from the decisions'
   * typed causes; a decision stored before it had one shows its text.
   */
  Map<String, Object> model(
      String clientName, @Nullable String logo, Language language, List<Decision> decisions) {
    return model(clientName, logo, language, decisions, false);
  }

  /**
   * The NOC's copy: in English, with the engine's own text (a poll's raw reason, check ids), which
   * tells an operator more than the client's sentence.
   */
  Map<String, Object> noc(List<Decision> decisions) {
    return model("NOC", null, Language.EN, decisions, true);
  }

  private Map<String, Object> model(
      String clientName,
      @Nullable String logo,
      Language language,
      List<Decision> decisions,
      boolean technical) {
    List<Map<String, Object>> items = new ArrayList<>();
    Status worst = Status.RUN;
    for (Decision d : decisions) {
      Map<String, Object> item =
          item(
              d.target() != null ? d.target() : d.check(),
              d.status(),
              d.previous(),
              d.target() != null ? d.check() : null,
              d.value(),
              d.threshold(),
              d.since(),
              technical ? null : d.typedCause(),
              d.cause(),
              d.target(),
              language,
              technical);
      // What kind of notice an item is, for the digest: text is the templates' business.
      item.put("flapping", d.kind() == Decision.Kind.FLAPPING_STARTED);
      item.put("stable", d.kind() == Decision.Kind.FLAPPING_ENDED);
      affected(item, d.affected());
      items.add(item);
      worst = Status.worst(worst, d.status());
    }
    return model(clientName, logo, items, worst);
  }

  Map<String, Object> reminder(Client client, TargetState target) {
    var worst = target.worstCheck();
    Map<String, Object> item =
        item(
            target.id(),
            target.status(),
            target.notified(),
            target.check(),
            worst == null ? null : worst.value(),
            worst == null ? null : worst.threshold(),
            target.since(),
            target.typedCause(),
            target.cause(),
            target.id(),
            client.language(),
            false);
    item.put("flapping", false);
    item.put("stable", false);
    affected(item, List.of());
    return model(client.name(), client.logo(), List.of(item), target.status());
  }

  /**
   * The targets behind a DEAD one, suppressed because of it: the list, its size, and whether it is
   * one or several (for the plural, which templates cannot compute).
   */
  private static void affected(Map<String, Object> item, List<String> targets) {
    boolean any = !targets.isEmpty();
    item.put("affected", targets.stream().map(MailContent::line).toList());
    item.put("affectedCount", any ? Integer.toString(targets.size()) : null);
    item.put("affectedOne", targets.size() == 1);
    item.put("affectedMany", targets.size() > 1);
  }

  private static Map<String, Object> model(
      String clientName, @Nullable String logo, List<Map<String, Object>> items, Status worst) {
    Map<String, Object> model = new HashMap<>();
    Map<String, Object> client = new HashMap<>();
    client.put("name", line(clientName));
    client.put("logo", logo == null || logo.isBlank() ? null : logo);
    model.put("client", client);
    model.put("items", items);
    model.put("first", items.get(0));
    model.put("count", items.size());
    model.put("worst", worst.name());
    return model;
  }

  private Map<String, Object> item(
      String name,
      Status status,
      Status previous,
      @Nullable String check,
      @Nullable Double value,
      @Nullable Double threshold,
      Instant since,
      @Nullable Cause typed,
      String cause,
      @Nullable String target,
      Language language,
      boolean technical) {
    // The unit is the metric's, when the cause names one.
    Cause shown = typed instanceof Cause.Flapping f ? f.now() : typed;
    String metric = shown instanceof Cause.Threshold t ? t.metric() : "";
    Map<String, Object> item = new HashMap<>();
    item.put("target", line(name));
    item.put("status", status.name());
    item.put("previous", previous == null ? null : previous.name());
    item.put("color", COLORS.get(status));
    item.put(
        "check",
        check == null || check.isEmpty()
            ? null
            : line(technical ? check : CauseText.checkName(check, language)));
    item.put("value", value == null ? null : CauseText.quantity(metric, value, language));
    item.put(
        "threshold", threshold == null ? null : CauseText.quantity(metric, threshold, language));
    item.put("since", since == null ? "" : time(since, language));
    String said = typed != null ? causes.render(typed, language) : cause;
    item.put("cause", said == null || said.isEmpty() ? null : line(said));
    // A log rule's lines, quoted as the collector kept them (one line each, cut); the templates
    // escape them like any value.
    List<String> quoted =
        shown instanceof Cause.LogMatched l
            ? l.lines().stream().map(MailContent::line).toList()
            : List.of();
    item.put("lines", quoted);
    item.put("hasLines", !quoted.isEmpty());
    item.put(
        "link",
        dashboardUrl == null || target == null
            ? null
            : dashboardUrl
                .replace("{target}", URLEncoder.encode(target, StandardCharsets.UTF_8))
                // The UID of the target's generated Grafana dashboard (vigie dashboards).
                .replace("{uid}", DashboardNames.targetUid(target)));
    return item;
  }

  /**
   * A value on one line: names and causes never need a line break, and one in a name would end the
   * subject line of the plain-text template early.
   */
  static String line(String value) {
    StringBuilder b = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      b.append(Character.isISOControl(c) ? ' ' : c);
    }
    return b.toString();
  }

  String time(Instant t, Language language) {
    String pattern = language == Language.FR ? "dd/MM/yyyy HH:mm" : "yyyy-MM-dd HH:mm";
    return DateTimeFormatter.ofPattern(pattern).withZone(zone).format(t) + " " + zone.getId();
  }
}
