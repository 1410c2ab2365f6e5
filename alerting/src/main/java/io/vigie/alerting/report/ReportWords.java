package io.vigie.alerting.report;

import io.vigie.alerting.status.Status;
import io.vigie.model.inventory.Language;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How a report says its figures, dates and statuses in one language. Nothing here depends on the
 * machine's locale or clock: the same report is said the same way everywhere.
 */
final class ReportWords {
  /**
   * Between a number and its unit: a no-break space, so that "99,954 %" never wraps. Written as a
   * character, not as the entity nbsp, which XML (and so the PDF renderer) does not know.
   */
  static final String NBSP = "\u00a0";

  private final Language language;
  private final ZoneId zone;
  private final DateTimeFormatter day;
  private final DateTimeFormatter minute;
  private final DateTimeFormatter month;

  /** Words in a language, times in a zone. */
  ReportWords(Language language, ZoneId zone) {
    this.language = language;
    this.zone = zone;
    Locale locale = language == Language.FR ? Locale.FRENCH : Locale.ENGLISH;
    this.day = DateTimeFormatter.ofPattern(fr() ? "d MMMM yyyy" : "MMMM d, yyyy", locale);
    this.minute = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(zone);
    this.month = DateTimeFormatter.ofPattern("MMMM yyyy", locale);
  }

  /** The language said in. */
  Language language() {
    return language;
  }

  /** The zone times are given in. */
  ZoneId zone() {
    return zone;
  }

  /** Whether it speaks French. */
  boolean fr() {
    return language == Language.FR;
  }

  /** One of two texts, by language. */
  String say(String english, String french) {
    return fr() ? french : english;
  }

  /** A percentage to 3 decimals ("99.954 %", "99,954 %"); a dash when there is none (NaN). */
  String percent(double value) {
    if (Double.isNaN(value)) {
      return "—";
    }
    String text = String.format(Locale.ROOT, "%.3f", value);
    return (fr() ? text.replace('.', ',') : text) + NBSP + "%";
  }

  /**
   * A duration for people, to the second when it is short and to the minute when it is not: "0",
   * "45 s", "12 min 05 s", "3 h 02 min" (hours not folded into days, so that columns compare).
   */
  String duration(Duration d) {
    long seconds = d.toSeconds();
    if (seconds == 0) {
      return "0";
    }
    if (seconds < 60) {
      return seconds + NBSP + "s";
    }
    if (seconds < 3600) {
      long s = seconds % 60;
      return seconds / 60
          + NBSP
          + "min"
          + (s == 0 ? "" : " " + String.format(Locale.ROOT, "%02d", s) + NBSP + "s");
    }
    long minutes = seconds / 60;
    return minutes / 60
        + NBSP
        + "h "
        + String.format(Locale.ROOT, "%02d", minutes % 60)
        + NBSP
        + "min";
  }

  /** A moment in the client's zone, to the minute. */
  String time(Instant at) {
    return minute.format(at);
  }

  /** A day in words ("3 novembre 2026", "November 3, 2026"). */
  String date(LocalDate date) {
    return day.format(date);
  }

  /**
   * The period in words: "novembre 2026" for a calendar month, "du 3 novembre 2026 au 9 novembre
   * 2026" for whole days, to the minute otherwise.
   */
  String period(Interval period) {
    ZonedDateTime from = period.from().atZone(zone);
    ZonedDateTime to = period.to().atZone(zone);
    boolean wholeDays =
        from.toLocalTime().equals(java.time.LocalTime.MIDNIGHT)
            && to.toLocalTime().equals(java.time.LocalTime.MIDNIGHT);
    if (wholeDays
        && from.getDayOfMonth() == 1
        && to.toLocalDate().equals(from.toLocalDate().plusMonths(1))) {
      String text = month.format(from);
      return fr() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
    if (wholeDays) {
      return say("from ", "du ")
          + date(from.toLocalDate())
          + say(" to ", " au ")
          + date(to.toLocalDate().minusDays(1));
    }
    return say("from ", "du ") + time(period.from()) + say(" to ", " au ") + time(period.to());
  }

  /** A status in words. */
  String status(Status status) {
    return switch (status) {
      case RUN -> say("Up", "En service");
      case WARNING -> say("Warning", "Avertissement");
      case ERROR -> say("Error", "Erreur");
      case DEAD -> say("Down", "Hors service");
    };
  }
}
