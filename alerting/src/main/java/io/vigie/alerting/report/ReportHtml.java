package io.vigie.alerting.report;

import io.vigie.alerting.report.ClientReport.TargetReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A client's report as one self-contained HTML document: inline CSS, no script, no asset from
 * elsewhere, every word in the client's language. It is also well-formed XML, which is what the PDF
 * renderer reads ({@link ReportPdf}). The same report gives the same text: content sorted, no
 * current time (the stamp is the period's end unless another instant is given).
 */
public final class ReportHtml {
  private static final String CSS = resource("report.css");

  /**
   * A logo shown only when it is embedded in the address: a remote one would be fetched when the
   * PDF is made, which would make the report depend on a server's answer at that moment.
   */
  private static final Pattern EMBEDDED_LOGO =
      Pattern.compile("data:image/(png|jpeg|gif);base64,[A-Za-z0-9+/=\\s]+");

  private ReportHtml() {}

  /** The report, stamped with its period's end. */
  public static String render(ClientReport report, @Nullable String logo) {
    return render(report, logo, report.input().period().to());
  }

  /**
   * The report.
   *
   * @param logo the client's logo; shown only if it is a {@code data:} URI of a PNG, JPEG or GIF
   *     image ({@link #embeddable}), left out otherwise
   * @param generated the moment the report says it was made for (never the current time by default:
   *     a re-run must give the same bytes)
   */
  public static String render(ClientReport report, @Nullable String logo, Instant generated) {
    ReportInput in = report.input();
    ReportWords w = new ReportWords(in.language(), in.zone());
    String title = w.say("Service level report", "Rapport de niveau de service");
    StringBuilder out = new StringBuilder(16_384);
    out.append("<!DOCTYPE html>\n<html lang=\"")
        .append(in.language().code())
        .append("\">\n<head>\n<meta charset=\"utf-8\" />\n<title>")
        .append(escape(title + " · " + in.clientName() + " · " + w.period(in.period())))
        .append("</title>\n<style>\n")
        .append(CSS)
        .append("</style>\n</head>\n<body>\n<header>\n");
    if (logo != null && embeddable(logo)) {
      out.append("<img src=\"")
          .append(escape(logo.replaceAll("\\s", "")))
          .append("\" alt=\"")
          .append(escape(in.clientName()))
          .append("\" />\n");
    }
    out.append("<p class=\"client\">").append(escape(in.clientName())).append("</p>\n");
    out.append("<h1>").append(escape(title)).append("</h1>\n");
    out.append("<p class=\"period\">")
        .append(escape(w.period(in.period())))
        .append(" (")
        .append(escape(in.zone().getId()))
        .append(")</p>\n</header>\n");
    summary(out, report, w);
    ReportChart.render(out, report, w);
    targets(out, report, w);
    ReportEvents.incidents(out, report, w);
    ReportEvents.maintenance(out, report, w);
    ReportEvents.how(out, report, w);
    out.append("<footer>")
        .append(w.say("Report for the period closed on ", "Rapport de la période close le "))
        .append(escape(w.time(generated)))
        .append(" (")
        .append(escape(in.zone().getId()))
        .append(") · Vigie</footer>\n</body>\n</html>\n");
    return out.toString();
  }

  /** Whether a logo can be shown without fetching anything: a base64 {@code data:} image. */
  public static boolean embeddable(@Nullable String logo) {
    return logo != null && EMBEDDED_LOGO.matcher(logo).matches();
  }

  private static void summary(StringBuilder out, ClientReport r, ReportWords w) {
    Figures total = r.total();
    double slo = r.input().contract().slo();
    String availability = w.percent(total.availability());
    String objective = w.percent(slo);
    out.append("<section class=\"summary\">\n");
    if (total.judged().isZero()) {
      out.append("<p class=\"verdict\"><strong>")
          .append(w.say("Nothing to judge", "Rien à juger"))
          .append(w.say("</strong>: ", "</strong>" + ReportWords.NBSP + ": "))
          .append(
              w.say(
                  "the whole period was maintenance or of unknown status.",
                  "toute la période était en maintenance ou d'état inconnu."))
          .append("</p>\n");
    } else {
      out.append("<p class=\"verdict")
          .append(r.sloKept() ? " kept" : " missed")
          .append("\"><strong>")
          .append(
              r.sloKept()
                  ? w.say("Objective met", "Objectif tenu")
                  : w.say("Objective missed", "Objectif non tenu"))
          .append(w.say("</strong>: ", "</strong>" + ReportWords.NBSP + ": "))
          .append(w.say("availability ", "disponibilité de "))
          .append(availability)
          .append(
              r.sloKept()
                  ? w.say(" for an objective of ", " pour un objectif de ")
                  : w.say(", below the objective of ", ", sous l'objectif de "))
          .append(objective)
          .append(".</p>\n");
    }
    Duration left = r.budget().minus(r.budgetUsed());
    String share =
        r.budget().isZero()
            ? ""
            : w.percent(100.0 * r.budgetUsed().toMillis() / r.budget().toMillis())
                + w.say(" of the budget", " du budget");
    String overrun =
        left.isNegative() ? w.say("overrun by ", "dépassé de ") + w.duration(left.negated()) : "";
    out.append("<table class=\"summary\">\n<tr>");
    cell(out, w.say("Availability", "Disponibilité"), availability);
    cell(out, w.say("Objective (SLO)", "Objectif (SLO)"), objective);
    cell(out, w.say("Downtime allowed", "Indisponibilité permise"), w.duration(r.budget()));
    cell(out, w.say("Downtime", "Indisponibilité"), w.duration(r.budgetUsed()), share);
    out.append("</tr>\n<tr>");
    cell(
        out,
        w.say("Budget left", "Budget restant"),
        left.isNegative() ? "0" : w.duration(left),
        overrun);
    cell(out, w.say("Time judged", "Temps jugé"), w.duration(total.judged()));
    cell(out, w.say("Maintenance", "Maintenance"), w.duration(total.maintenance()));
    cell(out, w.say("Unknown status", "État inconnu"), w.duration(total.unknown()));
    out.append("</tr>\n</table>\n</section>\n");
  }

  private static void cell(StringBuilder out, String label, String value) {
    cell(out, label, value, "");
  }

  /** A figure with its label above and, when there is one, a remark below. */
  private static void cell(StringBuilder out, String label, String value, String remark) {
    out.append("<td><span class=\"label\">")
        .append(escape(label))
        .append("</span><span class=\"value\">")
        .append(escape(value))
        .append("</span>");
    if (!remark.isEmpty()) {
      out.append("<span class=\"remark\">").append(escape(remark)).append("</span>");
    }
    out.append("</td>");
  }

  private static void targets(StringBuilder out, ClientReport r, ReportWords w) {
    out.append("<section class=\"targets\">\n<h2>")
        .append(w.say("Availability per target", "Disponibilité par cible"))
        .append("</h2>\n<table>\n<thead><tr><th>")
        .append(w.say("Target", "Cible"))
        .append("</th><th class=\"n\">")
        .append(w.say("Availability", "Disponibilité"));
    for (String h :
        List.of(
            w.say("Up", "En service"),
            w.say("Warning", "Avertissement"),
            w.say("Error", "Erreur"),
            w.say("Down", "Hors service"),
            w.say("Maintenance", "Maintenance"),
            w.say("Unknown", "Inconnu"))) {
      out.append("</th><th class=\"n\">").append(escape(h));
    }
    out.append("</th></tr></thead>\n<tbody>\n");
    double slo = r.input().contract().slo();
    List<TargetReport> sorted =
        r.targets().stream().sorted(Comparator.comparing(TargetReport::target)).toList();
    for (TargetReport t : sorted) {
      Figures f = t.figures();
      boolean below = !Double.isNaN(f.availability()) && f.availability() < slo;
      out.append(below ? "<tr class=\"missed-row\">" : "<tr>")
          .append("<td class=\"id\">")
          .append(escape(t.target()))
          .append(" <span class=\"check\">")
          .append(escape(t.kind()))
          .append("</span></td><td class=\"n avail\">")
          .append(escape(w.percent(f.availability())));
      if (below) {
        out.append(' ').append(w.say("(below objective)", "(sous l'objectif)"));
      }
      for (Duration d :
          List.of(f.run(), f.warning(), f.error(), f.dead(), f.maintenance(), f.unknown())) {
        out.append("</td><td class=\"n\">").append(escape(w.duration(d)));
      }
      out.append("</td></tr>\n");
    }
    if (sorted.isEmpty()) {
      out.append("<tr><td colspan=\"8\">")
          .append(w.say("No target in this period.", "Aucune cible sur cette période."))
          .append("</td></tr>\n");
    }
    out.append("</tbody>\n</table>\n");
    if (!r.input().contract().warningIsUp()) {
      out.append("<p class=\"note\">")
          .append(
              w.say(
                  "Under this contract, time in warning counts as down.",
                  "Dans ce contrat, le temps en avertissement compte comme indisponible."))
          .append("</p>\n");
    }
    out.append("</section>\n");
  }

  /** Text made safe for an element or a quoted attribute, in HTML and in XML alike. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          // A control character is not allowed in XML 1.0: the PDF renderer would refuse the
          // whole document for one odd byte in a cause.
          if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
            out.append(' ');
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  private static String resource(String name) {
    try (InputStream in = ReportHtml.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing from the jar: " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
