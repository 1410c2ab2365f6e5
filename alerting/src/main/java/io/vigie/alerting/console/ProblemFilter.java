package io.vigie.alerting.console;

import static io.vigie.alerting.console.Html.escape;
import static io.vigie.alerting.console.Html.say;

import io.vigie.alerting.status.Status;
import io.vigie.alerting.status.TargetState;
import io.vigie.model.inventory.Language;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the problems page is narrowed to, from its URL ({@code ?client=acme&status=ERROR&q=web}), so
 * that a link shows the same list: a client, a status, a target kind, and free text looked for in
 * the target, its check and its cause. Blank or unknown values narrow nothing.
 */
record ProblemFilter(
    @Nullable String client,
    @Nullable Status status,
    @Nullable String kind,
    @Nullable String text) {

  static final ProblemFilter NONE = new ProblemFilter(null, null, null, null);

  /** The filter a request's parameters give. */
  static ProblemFilter of(
      @Nullable String client, @Nullable String status, @Nullable String kind, @Nullable String q) {
    Status wanted = null;
    if (status != null && !status.isBlank()) {
      try {
        wanted = Status.valueOf(status.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException unknown) {
        wanted = null;
      }
    }
    return new ProblemFilter(blankToNull(client), wanted, blankToNull(kind), blankToNull(q));
  }

  /** Whether a target, whose cause reads {@code cause}, is kept. */
  boolean keeps(TargetState t, String cause) {
    if (client != null && !client.equals(t.client())) {
      return false;
    }
    if (status != null && t.status() != status) {
      return false;
    }
    if (kind != null && !kind.equals(t.kind())) {
      return false;
    }
    if (text == null) {
      return true;
    }
    String wanted = text.toLowerCase(Locale.ROOT);
    return (t.id() + " " + t.check() + " " + cause).toLowerCase(Locale.ROOT).contains(wanted);
  }

  /** Whether anything is narrowed (pipeline conditions are then left out). */
  boolean any() {
    return client != null || status != null || kind != null || text != null;
  }

  /** The filter's form: a plain GET form, so that it works without script and fills the URL. */
  String form(Map<String, String> clients, Iterable<String> kinds, Language l) {
    StringBuilder out =
        new StringBuilder("<form method=\"get\" action=\"/console/\" class=\"filter\">\n");
    out.append(label("f-client", say(l, "Client", "Client")))
        .append("<select id=\"f-client\" name=\"client\"><option value=\"\">")
        .append(say(l, "all", "tous"))
        .append("</option>");
    clients.forEach((id, name) -> out.append(option(id, name, id.equals(client))));
    out.append("</select>\n")
        .append(label("f-status", say(l, "Status", "Statut")))
        .append("<select id=\"f-status\" name=\"status\"><option value=\"\">")
        .append(say(l, "all", "tous"))
        .append("</option>");
    for (Status s : new Status[] {Status.DEAD, Status.ERROR, Status.WARNING}) {
      out.append(option(s.name(), s.name(), s == status));
    }
    out.append("</select>\n")
        .append(label("f-kind", say(l, "Kind", "Type")))
        .append("<select id=\"f-kind\" name=\"kind\"><option value=\"\">")
        .append(say(l, "all", "tous"))
        .append("</option>");
    kinds.forEach(k -> out.append(option(k, k, k.equals(kind))));
    out.append("</select>\n")
        .append(label("f-text", say(l, "Search", "Rechercher")))
        .append("<input id=\"f-text\" name=\"q\" type=\"search\" value=\"")
        .append(escape(text == null ? "" : text))
        .append("\">\n<button type=\"submit\">")
        .append(say(l, "Filter", "Filtrer"))
        .append("</button>\n</form>\n");
    return out.toString();
  }

  private static String label(String id, String text) {
    return "<label for=\"" + id + "\">" + escape(text) + "</label>";
  }

  private static String option(String value, String text, boolean selected) {
    return "<option value=\""
        + escape(value)
        + "\""
        + (selected ? " selected" : "")
        + ">"
        + escape(text)
        + "</option>";
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
