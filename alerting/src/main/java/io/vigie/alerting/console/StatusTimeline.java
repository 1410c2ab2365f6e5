package io.vigie.alerting.console;

import static io.vigie.alerting.console.Html.escape;
import static io.vigie.alerting.console.Html.say;

import io.vigie.alerting.status.Status;
import io.vigie.alerting.status.Transition;
import io.vigie.model.inventory.Language;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A target's status over a recent span, from its transitions: a horizontal bar of plain HTML, one
 * part per status held, each part labelled with its status and its times in words (the colour only
 * repeats them), then the transitions themselves, newest first, as a table.
 */
final class StatusTimeline {
  private StatusTimeline() {}

  /** A status held from {@code from} to {@code to}. */
  record Segment(Status status, Instant from, Instant to) {}

  /**
   * The statuses held between {@code start} (or the target's first sight, if later) and {@code
   * now}.
   *
   * @param newestFirst the target's transitions, newest first, as the store gives them
   * @param current the target's status now, used when no transition says otherwise
   */
  static List<Segment> segments(
      List<Transition> newestFirst, Status current, Instant firstSeen, Instant start, Instant now) {
    Instant begin = firstSeen.isAfter(start) ? firstSeen : start;
    // The status at the beginning: the last change before it, else the first change's "from".
    Status status = current;
    List<Transition> inside = new ArrayList<>();
    boolean found = false;
    for (Transition t : newestFirst) {
      if (t.time().isAfter(begin)) {
        if (t.time().isBefore(now)) {
          inside.add(0, t);
        }
      } else {
        status = t.to();
        found = true;
        break;
      }
    }
    if (!found && !inside.isEmpty()) {
      status = inside.get(0).from();
    }
    List<Segment> segments = new ArrayList<>();
    Instant cursor = begin;
    for (Transition t : inside) {
      if (t.time().isAfter(cursor)) {
        segments.add(new Segment(status, cursor, t.time()));
      }
      cursor = t.time();
      status = t.to();
    }
    if (now.isAfter(cursor)) {
      segments.add(new Segment(status, cursor, now));
    }
    return segments;
  }

  /**
   * The bar, its span's choice (24 h or 7 days, kept in the URL) and its ends in words. It starts
   * with the first segment: a target first seen within the span is drawn from then.
   */
  static String bar(
      List<Segment> segments, Duration span, String selfPath, Instant now, Language l) {
    StringBuilder out = new StringBuilder();
    boolean week = span.compareTo(Duration.ofDays(1)) > 0;
    out.append("<p class=\"spans\">")
        .append(say(l, "Status over the last ", "Statut sur les dernières "))
        .append(week ? say(l, "7 days", "7 jours") : say(l, "24 hours", "24 heures"))
        .append(" · ")
        .append(
            week
                ? "<a href=\"" + selfPath + "\">" + say(l, "last 24 hours", "24 dernières heures")
                : "<a href=\""
                    + selfPath
                    + "?span=7d\">"
                    + say(l, "last 7 days", "7 derniers jours"))
        .append("</a>");
    if (!segments.isEmpty() && segments.get(0).from().isAfter(now.minus(span))) {
      out.append(" · ")
          .append(say(l, "watched since ", "suivie depuis le "))
          .append(TargetWords.time(segments.get(0).from(), TargetWords.TIME));
    }
    out.append("</p>\n<ol class=\"timeline\" aria-label=\"")
        .append(say(l, "Status timeline", "Frise des statuts"))
        .append("\">");
    // A target watched for less than the span: the bar covers the time it has been watched, so
    // that a new target's first hour is not a sliver at the right end.
    Instant start = segments.isEmpty() ? now.minus(span) : segments.get(0).from();
    double total = Math.max(1, Duration.between(start, now).toMillis());
    // Minutes tell apart the parts of a day; a short bar's parts need the seconds.
    java.time.format.DateTimeFormatter format =
        total < Duration.ofHours(2).toMillis() ? TargetWords.SECONDS : TargetWords.TIME;
    for (Segment s : segments) {
      double width = Duration.between(s.from(), s.to()).toMillis() * 100.0 / total;
      String words =
          s.status().name()
              + say(l, " from ", " de ")
              + format.format(s.from())
              + say(l, " to ", " à ")
              + (s.to().equals(now) ? say(l, "now", "maintenant") : format.format(s.to()));
      out.append("<li class=\"status-")
          .append(s.status().name())
          .append("\" style=\"width:")
          .append(String.format(Locale.ROOT, "%.3f", width))
          .append("%\" title=\"")
          .append(escape(words))
          .append("\"><span class=\"seg\">")
          .append(s.status().name())
          .append("</span><span class=\"visually-hidden\">")
          .append(escape(words.substring(s.status().name().length())))
          .append("</span></li>");
    }
    out.append("</ol>\n<p class=\"ends\"><span>")
        .append(TargetWords.time(start, format))
        .append("</span><span>")
        .append(say(l, "now", "maintenant"))
        .append("</span></p>\n");
    return out.toString();
  }

  /** The transitions, newest first: time, from → to, check, cause (already in words). */
  static String table(List<Transition> newestFirst, List<String> causes, Language l) {
    if (newestFirst.isEmpty()) {
      return "<p>"
          + say(l, "No status change recorded yet.", "Aucun changement de statut enregistré.")
          + "</p>\n";
    }
    StringBuilder out =
        new StringBuilder("<table class=\"history stack\"><caption class=\"visually-hidden\">");
    out.append(say(l, "Status changes, newest first", "Changements de statut, du plus récent"))
        .append("</caption>\n<thead><tr><th scope=\"col\">")
        .append(say(l, "Time", "Heure"))
        .append("</th><th scope=\"col\">")
        .append(say(l, "Change", "Changement"))
        .append("</th><th scope=\"col\">")
        .append(say(l, "Check", "Contrôle"))
        .append("</th><th scope=\"col\">")
        .append(say(l, "Cause", "Cause"))
        .append("</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < newestFirst.size(); i++) {
      Transition t = newestFirst.get(i);
      out.append("<tr><td>")
          .append(TargetWords.time(t.time(), TargetWords.SECONDS))
          .append("</td><td><span class=\"word status-")
          .append(t.from().name())
          .append("\">")
          .append(t.from().name())
          .append("</span> → <span class=\"word status-")
          .append(t.to().name())
          .append("\">")
          .append(t.to().name())
          .append("</span></td><td>")
          .append(t.check().isEmpty() ? "—" : TargetWords.check(t.check(), l))
          .append("</td><td>")
          .append(causes.get(i).isEmpty() ? "—" : escape(causes.get(i)))
          .append("</td></tr>\n");
    }
    return out.append("</tbody></table>\n").toString();
  }
}
