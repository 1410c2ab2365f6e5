package io.vigie.alerting.console;

import static io.vigie.alerting.console.Html.escape;
import static io.vigie.alerting.console.Html.say;

import io.vigie.alerting.status.Silence;
import io.vigie.model.inventory.Language;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The silences page: those in force, those scheduled (maintenance windows to come) and those ended
 * in the last week, each with its kind, author and reason in words; for operators, an End button on
 * each that has not ended and the form that makes a new one. A silence mutes notifications only:
 * the status is still computed and shown.
 *
 * @param silences the silences of the user's scope
 * @param clientNames client id to name, for the scope's clients (the form's choice)
 */
record SilencesPage(List<Silence> silences, Map<String, String> clientNames, Instant now) {
  private static final Duration ENDED_SHOWN = Duration.ofDays(7);

  /** The durations offered, in minutes: from a short intervention to a week of works. */
  static final List<Integer> DURATIONS = List.of(30, 60, 120, 240, 480, 1440, 4320, 10080);

  /**
   * What the form holds: empty for a new one, or the values sent back with the problems found.
   *
   * @param starts the start as typed ({@code yyyy-MM-ddTHH:mm}, UTC), blank for now
   */
  record Form(
      String target,
      String client,
      String starts,
      int minutes,
      String reason,
      boolean maintenance,
      @Nullable String problem) {
    static Form empty(@Nullable String target, @Nullable String client) {
      return new Form(
          target == null ? "" : target, client == null ? "" : client, "", 60, "", false, null);
    }
  }

  /** The page's main part: the form (operators) then the list. */
  String render(Language l, @Nullable String actFields, Form form) {
    StringBuilder out = new StringBuilder();
    if (actFields != null) {
      form(out, l, actFields, form);
    }
    List<Silence> shown =
        silences.stream()
            .filter(s -> s.ends().isAfter(now.minus(ENDED_SHOWN)))
            .sorted(
                Comparator.comparing((Silence s) -> state(s))
                    .thenComparing(Silence::starts)
                    .thenComparing(Silence::id))
            .toList();
    out.append("<h2 id=\"list\">").append(say(l, "Silences", "Silences")).append("</h2>\n");
    if (shown.isEmpty()) {
      out.append("<p class=\"summary\">")
          .append(
              say(
                  l,
                  "No silence in force or to come.",
                  "Aucune mise en silence en cours ou prévue."))
          .append("</p>\n");
      return out.toString();
    }
    out.append("<ul class=\"problems silences\">\n");
    for (Silence s : shown) {
      item(out, s, l, actFields);
    }
    return out.append("</ul>\n").toString();
  }

  private enum State {
    IN_FORCE,
    SCHEDULED,
    ENDED
  }

  private State state(Silence s) {
    if (!s.ends().isAfter(now)) {
      return State.ENDED;
    }
    return s.starts().isAfter(now) ? State.SCHEDULED : State.IN_FORCE;
  }

  private void item(StringBuilder out, Silence s, Language l, @Nullable String actFields) {
    State state = state(s);
    String what =
        s.target() != null
            ? say(l, "target ", "cible ") + s.target()
            : say(l, "client ", "client ")
                + clientNames.getOrDefault(String.valueOf(s.client()), String.valueOf(s.client()));
    String label =
        switch (state) {
          case IN_FORCE -> say(l, "IN FORCE", "EN COURS");
          case SCHEDULED -> say(l, "SCHEDULED", "PRÉVUE");
          case ENDED -> say(l, "ENDED", "TERMINÉE");
        };
    out.append("<li class=\"problem silence-")
        .append(state.name())
        .append("\" data-silence=\"")
        .append(escape(s.id()))
        .append("\"><span class=\"label\">")
        .append(label)
        .append("</span> <strong>")
        .append(escape(what))
        .append("</strong> <span class=\"mark\">")
        .append(
            s.maintenance()
                ? say(l, "maintenance", "maintenance")
                : say(l, "silence", "mise en silence"))
        .append("</span><p class=\"cause\">")
        .append(escape(s.reason()))
        .append("</p><p class=\"since\">")
        .append(say(l, "from ", "du "))
        .append(Html.time(s.starts()))
        .append(say(l, " to ", " au "))
        .append(Html.time(s.ends()))
        .append(say(l, ", by ", ", par "))
        .append(escape(s.author()))
        .append("</p>");
    if (actFields != null && state != State.ENDED) {
      out.append("<form method=\"post\" class=\"act\" action=\"/console/silences/")
          .append(escape(Html.path(s.id())))
          .append("/end\">")
          .append(actFields)
          .append("<button type=\"submit\">")
          .append(
              state == State.SCHEDULED
                  ? say(l, "Cancel this ", "Annuler cette ")
                  : say(l, "End this ", "Terminer cette "))
          .append(s.maintenance() ? "maintenance" : say(l, "silence", "mise en silence"))
          .append(": ")
          .append(escape(what))
          .append("</button></form>");
    }
    out.append("</li>\n");
  }

  private void form(StringBuilder out, Language l, String actFields, Form form) {
    out.append("<h2 id=\"new\">")
        .append(say(l, "New silence or maintenance", "Nouvelle mise en silence ou maintenance"))
        .append("</h2>\n");
    if (form.problem() != null) {
      out.append("<p class=\"notice error\" role=\"alert\" id=\"problem\">")
          .append(escape(form.problem()))
          .append("</p>\n");
    }
    out.append("<form method=\"post\" action=\"/console/silences\" class=\"silence\">\n")
        .append(actFields)
        .append("<p class=\"hint\" id=\"what-hint\">")
        .append(
            say(
                l,
                "A target, or a whole client: one of the two.",
                "Une cible, ou tout un client : l'un des deux."))
        .append("</p>\n<label for=\"s-target\">")
        .append(say(l, "Target", "Cible"))
        .append("</label><input id=\"s-target\" name=\"target\" aria-describedby=\"what-hint\"")
        .append(" value=\"")
        .append(escape(form.target()))
        .append("\">\n<label for=\"s-client\">")
        .append(say(l, "Client", "Client"))
        .append("</label><select id=\"s-client\" name=\"client\" aria-describedby=\"what-hint\">")
        .append("<option value=\"\">")
        .append(say(l, "none", "aucun"))
        .append("</option>");
    clientNames.entrySet().stream()
        .sorted(Map.Entry.comparingByValue())
        .forEach(
            c ->
                out.append("<option value=\"")
                    .append(escape(c.getKey()))
                    .append('"')
                    .append(c.getKey().equals(form.client()) ? " selected" : "")
                    .append('>')
                    .append(escape(c.getValue()))
                    .append("</option>"));
    out.append("</select>\n<label for=\"s-starts\">")
        .append(say(l, "Starts (UTC; empty: now)", "Début (UTC ; vide : maintenant)"))
        .append("</label><input id=\"s-starts\" name=\"starts\" type=\"datetime-local\" value=\"")
        .append(escape(form.starts()))
        .append("\">\n<label for=\"s-minutes\">")
        .append(say(l, "For", "Durée"))
        .append("</label><select id=\"s-minutes\" name=\"minutes\">");
    for (int minutes : DURATIONS) {
      out.append("<option value=\"")
          .append(minutes)
          .append('"')
          .append(minutes == form.minutes() ? " selected" : "")
          .append('>')
          .append(ProblemsPage.duration(Duration.ofMinutes(minutes), l))
          .append("</option>");
    }
    out.append("</select>\n<label for=\"s-reason\">")
        .append(say(l, "Reason", "Motif"))
        .append("</label><input id=\"s-reason\" name=\"reason\" required value=\"")
        .append(escape(form.reason()))
        .append("\">\n<label class=\"check\"><input type=\"checkbox\" name=\"maintenance\"")
        .append(form.maintenance() ? " checked" : "")
        .append("> ")
        .append(
            say(
                l,
                "Planned maintenance (left out of the service-level figures)",
                "Maintenance planifiée (hors des chiffres de niveau de service)"))
        .append("</label>\n<button type=\"submit\">")
        .append(say(l, "Silence", "Mettre en silence"))
        .append("</button>\n</form>\n");
  }
}
