package io.vigie.alerting.report;

import static io.vigie.alerting.report.ReportHtml.escape;

import io.vigie.alerting.report.ClientReport.Incident;
import java.util.Comparator;
import java.util.List;

/**
 * The report's last sections: the longest incidents, the maintenance windows and how the figures
 * are computed, each sorted so that the same report always reads the same.
 */
final class ReportEvents {
  private ReportEvents() {}

  /** The longest incidents, longest first, then by start and target. */
  static void incidents(StringBuilder out, ClientReport r, ReportWords w) {
    out.append("<section class=\"incidents\">\n<h2>")
        .append(w.say("Longest incidents", "Incidents les plus longs"))
        .append("</h2>\n");
    List<Incident> sorted =
        r.incidents().stream()
            .sorted(
                Comparator.comparing(Incident::length)
                    .reversed()
                    .thenComparing(Incident::from)
                    .thenComparing(Incident::target))
            .toList();
    if (sorted.isEmpty()) {
      out.append("<p>")
          .append(w.say("No incident in this period.", "Aucun incident sur cette période."))
          .append("</p>\n</section>\n");
      return;
    }
    out.append("<table>\n<thead><tr><th>")
        .append(w.say("Target", "Cible"))
        .append("</th><th>")
        .append(w.say("Start", "Début"))
        .append("</th><th>")
        .append(w.say("End", "Fin"))
        .append("</th><th class=\"n\">")
        .append(w.say("Length", "Durée"))
        .append("</th><th>")
        .append(w.say("Status", "État"))
        .append("</th><th>")
        .append(w.say("Cause", "Cause"))
        .append("</th></tr></thead>\n<tbody>\n");
    for (Incident i : sorted) {
      out.append("<tr><td class=\"id\">")
          .append(escape(i.target()))
          .append("</td><td>")
          .append(escape(w.time(i.from())))
          .append("</td><td>")
          .append(escape(w.time(i.to())))
          .append("</td><td class=\"n\">")
          .append(escape(w.duration(i.length())))
          .append("</td><td>")
          .append(escape(w.status(i.status())))
          .append("</td><td class=\"cause\">")
          .append(escape(i.cause()));
      if (!i.check().isBlank()) {
        out.append(" <span class=\"check\">(").append(escape(i.check())).append(")</span>");
      }
      out.append("</td></tr>\n");
    }
    out.append("</tbody>\n</table>\n</section>\n");
  }

  /** The maintenance windows by start. */
  static void maintenance(StringBuilder out, ClientReport r, ReportWords w) {
    out.append("<section class=\"maintenance\">\n<h2>")
        .append(w.say("Maintenance windows", "Fenêtres de maintenance"))
        .append("</h2>\n");
    List<Interval> sorted =
        r.maintenance().stream()
            .sorted(Comparator.comparing(Interval::from).thenComparing(Interval::to))
            .toList();
    if (sorted.isEmpty()) {
      out.append("<p>")
          .append(w.say("No maintenance in this period.", "Aucune maintenance sur cette période."))
          .append("</p>\n</section>\n");
      return;
    }
    out.append("<table>\n<thead><tr><th>")
        .append(w.say("Start", "Début"))
        .append("</th><th>")
        .append(w.say("End", "Fin"))
        .append("</th><th class=\"n\">")
        .append(w.say("Length", "Durée"))
        .append("</th></tr></thead>\n<tbody>\n");
    for (Interval m : sorted) {
      out.append("<tr><td>")
          .append(escape(w.time(m.from())))
          .append("</td><td>")
          .append(escape(w.time(m.to())))
          .append("</td><td class=\"n\">")
          .append(escape(w.duration(m.length())))
          .append("</td></tr>\n");
    }
    out.append("</tbody>\n</table>\n</section>\n");
  }

  /** How the figures are computed, in a few sentences that follow the contract. */
  static void how(StringBuilder out, ClientReport r, ReportWords w) {
    boolean hours = r.input().contract().hours() != null;
    out.append("<section class=\"how\">\n<h2>")
        .append(w.say("How it is computed", "Méthode de calcul"))
        .append("</h2>\n<p>")
        .append(
            w.say(
                "Availability = time up ÷ (period − maintenance − unknown status). Up is the"
                    + " time in service",
                "Disponibilité = temps disponible ÷ (période − maintenance − état inconnu). Le"
                    + " temps disponible est le temps en service"))
        .append(
            r.input().contract().warningIsUp()
                ? w.say(" or in warning.", " ou en avertissement.")
                : w.say(
                    "; time in warning counts as down.",
                    "\u00a0; l'avertissement compte comme" + " indisponible."))
        .append("</p>\n<p>")
        .append(
            w.say(
                "Only maintenance windows declared as such are left out; a plain silence of"
                    + " alerts is not. Unknown status (our collection interrupted, or a target"
                    + " not yet or no longer watched) is shown apart and never counted as up.",
                "Seules les fenêtres déclarées comme maintenance sont exclues\u00a0; une simple mise"
                    + " en silence des alertes ne l'est pas. L'état inconnu (notre collecte"
                    + " interrompue, ou une cible pas encore ou plus surveillée) est montré à part"
                    + " et jamais compté comme disponible."))
        .append("</p>\n<p>")
        .append(
            hours
                ? w.say(
                    "Only the contract's service hours are counted.",
                    "Seules les heures de service du contrat sont comptées.")
                : w.say(
                    "Every hour of the period is counted.",
                    "Toutes les heures de la période sont comptées."))
        .append(' ')
        .append(
            w.say(
                "The client's figures are sums of durations over its targets, not an average of"
                    + " percentages. Times are in ",
                "Les chiffres du client sont des sommes de durées sur ses cibles, non une moyenne"
                    + " de pourcentages. Les heures sont données dans le fuseau "))
        .append(escape(r.input().zone().getId()))
        .append(".</p>\n</section>\n");
  }
}
