package io.vigie.alerting.report;

import static io.vigie.alerting.report.ReportHtml.escape;

import io.vigie.alerting.report.ClientReport.Day;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The daily availability chart: one bar per day, made of plain boxes in a table (no script, no SVG:
 * the PDF renderer draws SVG only with a module of its own, and boxes look the same in a browser).
 * Availability lives near 100 %, so the bars start from a floor below the worst day and the
 * objective, said under the chart; the days below the objective are listed in words.
 */
final class ReportChart {
  /** The bars' height, in points, for 100 %. */
  private static final double HEIGHT = 90;

  /** The floors the bars may start from, highest first. */
  private static final double[] FLOORS = {99.9, 99, 95, 90, 50, 0};

  private ReportChart() {}

  /** The chart section, days in date order. */
  static void render(StringBuilder out, ClientReport r, ReportWords w) {
    List<Day> days = r.days().stream().sorted(Comparator.comparing(Day::date)).toList();
    double slo = r.input().contract().slo();
    out.append("<section class=\"chart\">\n<h2>")
        .append(w.say("Availability day by day", "Disponibilité jour par jour"))
        .append("</h2>\n");
    if (days.isEmpty()) {
      out.append("<p>").append(w.say("No day to show.", "Aucun jour à montrer.")).append("</p>\n");
      out.append("</section>\n");
      return;
    }
    double floor = floor(days, slo);
    // Day numbers under every bar up to a month; beyond, every seventh, or they would overlap.
    int labelEvery = days.size() <= 31 ? 1 : 7;
    out.append("<table class=\"chart\">\n<tr class=\"bars\">");
    List<String> below = new ArrayList<>();
    List<String> unmeasured = new ArrayList<>();
    for (Day d : days) {
      double a = d.figures().availability();
      String label = w.date(d.date()) + w.say(": ", ReportWords.NBSP + ": ") + w.percent(a);
      out.append("<td title=\"").append(escape(label)).append("\">");
      if (Double.isNaN(a)) {
        unmeasured.add(w.date(d.date()));
        out.append("<div class=\"bar none\" style=\"height: 4pt\"></div>");
      } else {
        if (a < slo) {
          below.add(w.date(d.date()) + " (" + w.percent(a) + ")");
        }
        double height = Math.max(1, (a - floor) / (100 - floor) * HEIGHT);
        out.append("<div class=\"bar")
            .append(a < slo ? " below" : "")
            .append("\" style=\"height: ")
            .append(String.format(Locale.ROOT, "%.1f", height))
            .append("pt\"></div>");
      }
      out.append("</td>");
    }
    out.append("</tr>\n<tr class=\"days\">");
    for (int i = 0; i < days.size(); i++) {
      out.append("<td>")
          .append(i % labelEvery == 0 ? String.valueOf(days.get(i).date().getDayOfMonth()) : "")
          .append("</td>");
    }
    out.append("</tr>\n</table>\n<p class=\"scale\">")
        .append(w.say("Scale: from ", "Échelle : de ").replace(" :", ReportWords.NBSP + ":"))
        .append(escape(w.percent(floor)))
        .append(w.say(" (foot) to ", " (pied) à "))
        .append(escape(w.percent(100)))
        .append(
            w.say(" (top); in red, below the objective.", " (sommet) ; en rouge, sous l'objectif.")
                .replace(" ;", ReportWords.NBSP + ";"))
        .append("</p>\n<p class=\"below\">");
    if (below.isEmpty()) {
      out.append(w.say("No day below the objective.", "Aucun jour sous l'objectif."));
    } else {
      out.append(
              w.say(
                  "Days below the objective: ", "Jours sous l'objectif" + ReportWords.NBSP + ": "))
          .append(escape(String.join(", ", below)))
          .append('.');
    }
    if (!unmeasured.isEmpty()) {
      out.append(' ')
          .append(
              w.say(
                  "Days without judged time (maintenance or unknown status): ",
                  "Jours sans temps jugé (maintenance ou état inconnu)" + ReportWords.NBSP + ": "))
          .append(escape(String.join(", ", unmeasured)))
          .append('.');
    }
    out.append("</p>\n</section>\n");
  }

  /** The highest floor below every day's availability and the objective. */
  static double floor(List<Day> days, double slo) {
    double lowest = slo;
    for (Day d : days) {
      double a = d.figures().availability();
      if (!Double.isNaN(a)) {
        lowest = Math.min(lowest, a);
      }
    }
    for (double f : FLOORS) {
      if (f < lowest) {
        return f;
      }
    }
    return 0;
  }
}
