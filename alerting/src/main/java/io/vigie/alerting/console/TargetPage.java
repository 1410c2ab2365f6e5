package io.vigie.alerting.console;

import static io.vigie.alerting.console.Html.escape;
import static io.vigie.alerting.console.Html.say;

import io.vigie.alerting.influx.PollHistory;
import io.vigie.alerting.status.Acknowledgement;
import io.vigie.alerting.status.CheckState;
import io.vigie.alerting.status.Status;
import io.vigie.alerting.status.TargetState;
import io.vigie.alerting.status.Transition;
import io.vigie.alerting.users.Scope;
import io.vigie.model.cause.CauseText;
import io.vigie.model.dashboard.DashboardNames;
import io.vigie.model.inventory.Language;
import io.vigie.model.poll.FailureKind;
import io.vigie.model.schema.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One target's page as HTML: its status in words, cause, since, marks and facts; its current checks
 * with their values and levels; its status timeline and changes; its last polls as InfluxDB has
 * them; a link to its Grafana dashboard.
 *
 * @param clientName its client's name
 * @param clientLanguages client id to its language (a client's user reads causes in it)
 * @param history its transitions, newest first
 * @param polls its last polls, newest first; null when InfluxDB could not be read
 * @param pollsFailure why InfluxDB could not be read, when it could not
 * @param grafana Grafana's address without a trailing slash, or null when not set
 */
record TargetPage(
    TargetState target,
    String clientName,
    Map<String, Language> clientLanguages,
    @Nullable Acknowledgement ack,
    boolean silenced,
    List<Transition> history,
    @Nullable List<PollHistory.Poll> polls,
    @Nullable String pollsFailure,
    @Nullable String grafana,
    Instant now) {

  /** How many changes the table lists (the bar uses all it is given). */
  static final int CHANGES_SHOWN = 50;

  /** The page's main part, for a user of {@code scope}, over a timeline of {@code span}. */
  String render(Scope scope, Language l, Duration span) {
    return render(scope, l, span, null);
  }

  /**
   * The page's main part, with the actions of an operator when {@code actFields} (the forms' CSRF
   * field) is given: acknowledge with a comment, silence.
   */
  String render(Scope scope, Language l, Duration span, @Nullable String actFields) {
    TargetState t = target;
    StringBuilder out = new StringBuilder(8192);
    out.append("<main class=\"target-page status-")
        .append(t.status().name())
        .append("\" data-target=\"")
        .append(escape(t.id()))
        .append("\">\n<p class=\"back\"><a href=\"/console/targets\">")
        .append(say(l, "All targets", "Toutes les cibles"))
        .append("</a></p>\n<section class=\"overview\"><p class=\"status\"><span class=\"label\">")
        .append(t.status().name())
        .append("</span> ")
        .append(TargetWords.since(t.since(), now, l));
    TargetWords.appendMarks(out, TargetWords.marks(t, ack, silenced, l));
    out.append("</p>\n");
    if (t.status() != Status.RUN) {
      out.append("<p class=\"cause\"><strong>")
          .append(TargetWords.check(t.check(), l))
          .append("</strong>: ")
          .append(escape(TargetWords.cause(t, scope, l, clientLanguages)))
          .append("</p>\n");
    }
    if (ack != null && !ack.comment().isBlank()) {
      out.append("<p class=\"ack\">")
          .append(say(l, "Acknowledged by ", "Acquitté par "))
          .append(escape(ack.author()))
          .append(": ")
          .append(escape(ack.comment()))
          .append("</p>\n");
    }
    out.append("<dl class=\"facts\">");
    fact(out, say(l, "Kind", "Type"), escape(t.kind()));
    fact(out, say(l, "Client", "Client"), escape(clientName));
    String collector = t.collector();
    if (scope.all()) {
      // The collectors are the pipeline's: a client's user is told no more of it than anyone.
      fact(out, say(l, "Collector", "Collecteur"), collector == null ? "—" : escape(collector));
    }
    Instant lastData = t.lastData();
    fact(
        out,
        say(l, "Last data", "Dernières données"),
        lastData == null
            ? say(l, "never", "jamais")
            : TargetWords.time(lastData, TargetWords.SECONDS));
    fact(out, say(l, "Consecutive failed polls", "Relevés échoués d'affilée"), "" + t.failures());
    out.append("</dl>\n");
    grafana(out, scope, l);
    out.append("</section>\n");
    if (actFields != null) {
      actions(out, l, actFields);
    }
    checks(out, scope, l);
    out.append("<section class=\"timeline-section\"><h2>")
        .append(say(l, "Status timeline", "Historique des statuts"))
        .append("</h2>\n")
        .append(
            StatusTimeline.bar(
                StatusTimeline.segments(history, t.status(), t.firstSeen(), now.minus(span), now),
                span,
                Html.targetPath(t.id()),
                now,
                l));
    List<Transition> shown = history.subList(0, Math.min(CHANGES_SHOWN, history.size()));
    out.append(
            StatusTimeline.table(
                shown, shown.stream().map(tr -> transitionCause(tr, scope, l)).toList(), l))
        .append("</section>\n");
    polls(out, scope, l);
    return out.append("</main>").toString();
  }

  private void actions(StringBuilder out, Language l, String actFields) {
    out.append("<section id=\"act\" class=\"act\"><h2>")
        .append(say(l, "Act", "Agir"))
        .append("</h2>\n");
    if (target.status().compareTo(Status.ERROR) >= 0 && ack == null) {
      AckForm.append(out, target.id(), l, actFields, true);
    }
    out.append("<p>");
    AckForm.silenceLink(out, target.id(), l);
    out.append("</p></section>\n");
  }

  private static void fact(StringBuilder out, String name, String html) {
    out.append("<div><dt>").append(name).append("</dt><dd>").append(html).append("</dd></div>");
  }

  private void grafana(StringBuilder out, Scope scope, Language l) {
    if (grafana != null) {
      out.append("<p class=\"grafana\"><a href=\"")
          .append(escape(grafana + "/d/" + DashboardNames.targetUid(target.id())))
          .append("\">")
          .append(say(l, "Its Grafana dashboard", "Son tableau de bord Grafana"))
          .append("</a></p>\n");
    } else if (scope.all()) {
      out.append("<p class=\"grafana\">")
          .append(
              say(
                  l,
                  "No link to Grafana: set vigie.console.grafana-url (VIGIE_CONSOLE_GRAFANA_URL)"
                      + " to Grafana's address.",
                  "Pas de lien vers Grafana : renseignez vigie.console.grafana-url"
                      + " (VIGIE_CONSOLE_GRAFANA_URL) avec l'adresse de Grafana."))
          .append("</p>\n");
    }
  }

  private Language causeLanguage(Scope scope, Language l) {
    return scope.all() ? l : clientLanguages.getOrDefault(target.client(), l);
  }

  private String transitionCause(Transition t, Scope scope, Language l) {
    String says =
        t.typedCause() == null
            ? null
            : TargetWords.SAYS.render(t.typedCause(), causeLanguage(scope, l));
    return says != null ? says : t.cause();
  }

  private void checks(StringBuilder out, Scope scope, Language l) {
    out.append("<section class=\"checks\"><h2>")
        .append(say(l, "Current checks", "Contrôles en cours"))
        .append("</h2>\n");
    if (target.checks().isEmpty()) {
      out.append("<p>")
          .append(say(l, "No check judged yet.", "Aucun contrôle jugé pour l'instant."))
          .append("</p></section>\n");
      return;
    }
    out.append("<table class=\"stack\"><thead><tr><th scope=\"col\">")
        .append(say(l, "Check", "Contrôle"))
        .append("</th><th scope=\"col\">")
        .append(say(l, "Status", "Statut"))
        .append("</th><th scope=\"col\">")
        .append(say(l, "Value", "Valeur"))
        .append("</th><th scope=\"col\">")
        .append(say(l, "Threshold", "Seuil"))
        .append("</th><th scope=\"col\">")
        .append(say(l, "Cause", "Cause"))
        .append("</th><th scope=\"col\">")
        .append(say(l, "Since", "Depuis"))
        .append("</th></tr></thead>\n<tbody>\n");
    List<CheckState> checks =
        target.checks().values().stream()
            .sorted(
                Comparator.comparing(CheckState::status, Comparator.reverseOrder())
                    .thenComparing(CheckState::name))
            .toList();
    Language causeLanguage = causeLanguage(scope, l);
    for (CheckState c : checks) {
      String says =
          c.typedCause() == null ? null : TargetWords.SAYS.render(c.typedCause(), causeLanguage);
      out.append("<tr class=\"status-")
          .append(c.status().name())
          .append("\" data-check=\"")
          .append(escape(c.name()))
          .append("\"><th scope=\"row\">")
          .append(TargetWords.check(c.name(), l))
          .append("</th><td><span class=\"word\">")
          .append(c.status().name())
          .append("</span></td><td class=\"value\" data-label=\"")
          .append(say(l, "Value", "Valeur"))
          .append("\">")
          .append(quantity(c.name(), c.value(), l))
          .append("</td><td data-label=\"")
          .append(say(l, "Threshold", "Seuil"))
          .append("\">")
          .append(quantity(c.name(), c.threshold(), l))
          .append("</td><td>")
          .append(escape(says != null ? says : c.message()))
          .append("</td><td>")
          .append(TargetWords.time(c.since(), TargetWords.TIME))
          .append("</td></tr>\n");
    }
    out.append("</tbody></table></section>\n");
  }

  /** A check's value with its metric's unit when the check is a metric's; a dash when none. */
  static String quantity(String check, @Nullable Double value, Language l) {
    if (value == null) {
      return "—";
    }
    int brace = check.indexOf('{');
    String metric = brace < 0 ? check : check.substring(0, brace);
    return escape(
        Schema.numericMetric(metric).isPresent()
            ? CauseText.quantity(metric, value, l)
            : CauseText.number(value, l));
  }

  private void polls(StringBuilder out, Scope scope, Language l) {
    out.append("<section class=\"polls\"><h2>")
        .append(say(l, "Last polls", "Derniers relevés"))
        .append("</h2>\n");
    if (polls == null) {
      out.append("<p class=\"notice error\" role=\"status\">")
          .append(
              say(
                  l,
                  "InfluxDB cannot be read: the last polls are not shown",
                  "InfluxDB ne peut pas être lu : les derniers relevés ne sont pas affichés"));
      if (scope.all() && pollsFailure != null) {
        out.append(" (").append(escape(pollsFailure)).append(')');
      }
      out.append(".</p></section>\n");
      return;
    }
    if (polls.isEmpty()) {
      out.append("<p>")
          .append(say(l, "No poll in the last 7 days.", "Aucun relevé ces 7 derniers jours."))
          .append("</p></section>\n");
      return;
    }
    out.append("<table class=\"stack\"><thead><tr><th scope=\"col\">")
        .append(say(l, "Time", "Heure"))
        .append("</th><th scope=\"col\">")
        .append(say(l, "Result", "Résultat"))
        .append("</th><th scope=\"col\">")
        .append(say(l, "Reason", "Raison"))
        .append("</th><th scope=\"col\">")
        .append(say(l, "Duration", "Durée"))
        .append("</th></tr></thead>\n<tbody>\n");
    for (PollHistory.Poll p : polls) {
      String result;
      if (p.up() && p.failure() == FailureKind.NONE) {
        result = say(l, "OK", "OK");
      } else {
        result =
            (p.up() ? say(l, "partial: ", "partiel : ") : say(l, "failed: ", "échec : "))
                + p.failure().code();
      }
      out.append("<tr class=\"")
          .append(p.up() ? "poll-ok" : "poll-failed")
          .append("\"><td>")
          .append(TargetWords.time(p.time(), TargetWords.SECONDS))
          .append("</td><td>")
          .append(escape(result))
          .append("</td><td>")
          .append(p.reason().isEmpty() ? "—" : escape(p.reason()))
          .append("</td><td data-label=\"")
          .append(say(l, "Duration", "Durée"))
          .append("\">")
          .append(
              p.durationMs() == null ? "—" : escape(CauseText.number(p.durationMs(), l) + " ms"))
          .append("</td></tr>\n");
    }
    out.append("</tbody></table></section>\n");
  }
}
