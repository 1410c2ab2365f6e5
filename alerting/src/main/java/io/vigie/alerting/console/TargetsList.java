package io.vigie.alerting.console;

import static io.vigie.alerting.console.Html.escape;
import static io.vigie.alerting.console.Html.say;

import io.vigie.alerting.status.Acknowledgement;
import io.vigie.alerting.status.Silence;
import io.vigie.alerting.status.Status;
import io.vigie.alerting.status.TargetState;
import io.vigie.alerting.users.Scope;
import io.vigie.model.inventory.Language;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every target of the user's scope, RUN ones too, as HTML: grouped by client (by the clients'
 * names), worst first then by id within a client, each with its status in words, the check that
 * gives it, its cause, since when, its marks and a link to its page. For a client's user it is the
 * portal's home. Built in one pass into one buffer: ten thousand targets stay a few milliseconds.
 *
 * @param targets the service's target states, all clients
 * @param silences the silences (those in force mark their targets)
 * @param acks the acknowledgements by target
 * @param clientNames client id to its name
 * @param clientLanguages client id to its language (a client's user reads causes in it)
 */
record TargetsList(
    List<TargetState> targets,
    List<Silence> silences,
    Map<String, Acknowledgement> acks,
    Map<String, String> clientNames,
    Map<String, Language> clientLanguages,
    Instant now) {

  /** A target kept by the filter, with its cause already in words (said once, used twice). */
  record Row(TargetState target, String cause) {}

  /** The targets a scope sees through a filter (client and text only), in the order shown. */
  List<Row> rows(Scope scope, ProblemFilter filter, Language language) {
    List<Row> rows = new ArrayList<>();
    for (TargetState t : targets) {
      if (!scope.sees(t.client())) {
        continue;
      }
      String cause =
          t.status() == Status.RUN ? "" : TargetWords.cause(t, scope, language, clientLanguages);
      if (filter.keeps(t, cause)) {
        rows.add(new Row(t, cause));
      }
    }
    rows.sort(
        Comparator.comparing((Row r) -> clientName(r.target().client()))
            .thenComparing(r -> r.target().client())
            .thenComparing(r -> r.target().status(), Comparator.reverseOrder())
            .thenComparing(r -> r.target().id()));
    return rows;
  }

  /** The list's HTML: a count by status, then a section per client. */
  String render(Scope scope, ProblemFilter filter, Language language) {
    List<Row> rows = rows(scope, filter, language);
    StringBuilder out = new StringBuilder(256 + rows.size() * 320);
    Map<Status, Integer> counts = new EnumMap<>(Status.class);
    rows.forEach(r -> counts.merge(r.target().status(), 1, Integer::sum));
    out.append("<p class=\"summary\" role=\"status\">")
        .append(summary(rows.size(), counts, language));
    out.append("</p>\n");
    String client = null;
    for (Row row : rows) {
      TargetState t = row.target();
      if (!t.client().equals(client)) {
        if (client != null) {
          out.append("</ul></section>\n");
        }
        client = t.client();
        out.append("<section class=\"client\" data-client=\"")
            .append(escape(client))
            .append("\"><h2>")
            .append(escape(clientName(client)))
            .append("</h2>\n<ul class=\"targets\">\n");
      }
      item(out, row, language);
    }
    if (client != null) {
      out.append("</ul></section>\n");
    }
    return out.toString();
  }

  private void item(StringBuilder out, Row row, Language language) {
    TargetState t = row.target();
    out.append("<li class=\"target status-")
        .append(t.status().name())
        .append("\" data-target=\"")
        .append(escape(t.id()))
        .append("\"><span class=\"label\">")
        .append(t.status().name())
        .append("</span> <a class=\"target\" href=\"")
        .append(Html.targetPath(t.id()))
        .append("\">")
        .append(escape(t.id()))
        .append("</a> <span class=\"kind\">")
        .append(escape(t.kind()))
        .append("</span>");
    if (t.status() != Status.RUN) {
      out.append(" <span class=\"check\">").append(TargetWords.check(t.check(), language));
      out.append("</span>");
    }
    TargetWords.appendMarks(
        out,
        TargetWords.marks(t, acks.get(t.id()), TargetWords.silenced(t, silences, now), language));
    if (!row.cause().isEmpty()) {
      out.append(" <span class=\"cause\">").append(escape(row.cause())).append("</span>");
    }
    out.append(" <span class=\"since\">")
        .append(TargetWords.since(t.since(), now, language))
        .append("</span></li>\n");
  }

  /** The list's filter: a client of the scope and free text, in a plain GET form (the URL). */
  String form(Scope scope, ProblemFilter filter, Language l) {
    Map<String, String> clients = new TreeMap<>();
    clientNames.forEach(
        (id, name) -> {
          if (scope.sees(id)) {
            clients.put(id, name);
          }
        });
    StringBuilder out =
        new StringBuilder("<form method=\"get\" action=\"/console/targets\" class=\"filter\">\n");
    if (clients.size() > 1) {
      out.append("<label for=\"t-client\">")
          .append(say(l, "Client", "Client"))
          .append("</label><select id=\"t-client\" name=\"client\"><option value=\"\">")
          .append(say(l, "all", "tous"))
          .append("</option>");
      clients.forEach(
          (id, name) ->
              out.append("<option value=\"")
                  .append(escape(id))
                  .append(id.equals(filter.client()) ? "\" selected>" : "\">")
                  .append(escape(name))
                  .append("</option>"));
      out.append("</select>\n");
    }
    out.append("<label for=\"t-text\">")
        .append(say(l, "Search", "Rechercher"))
        .append("</label><input id=\"t-text\" name=\"q\" type=\"search\" value=\"")
        .append(escape(filter.text() == null ? "" : filter.text()))
        .append("\">\n<button type=\"submit\">")
        .append(say(l, "Filter", "Filtrer"))
        .append("</button>\n</form>\n");
    return out.toString();
  }

  private String clientName(String client) {
    return clientNames.getOrDefault(client, client);
  }

  private static String summary(int total, Map<Status, Integer> counts, Language l) {
    if (total == 0) {
      return say(l, "No target.", "Aucune cible.");
    }
    StringBuilder out = new StringBuilder();
    out.append(total)
        .append(total == 1 ? say(l, " target", " cible") : say(l, " targets", " cibles"));
    String sep = say(l, ": ", " : ");
    for (Status s : new Status[] {Status.DEAD, Status.ERROR, Status.WARNING, Status.RUN}) {
      Integer n = counts.get(s);
      if (n != null) {
        out.append(sep).append(n).append(' ').append(s.name());
        sep = ", ";
      }
    }
    return out.append('.').toString();
  }
}
