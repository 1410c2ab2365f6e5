package io.vigie.alerting.console;

import static io.vigie.alerting.console.Html.escape;
import static io.vigie.alerting.console.Html.say;

import io.vigie.alerting.status.Acknowledgement;
import io.vigie.alerting.status.Silence;
import io.vigie.alerting.status.TargetState;
import io.vigie.alerting.users.Scope;
import io.vigie.model.cause.CauseText;
import io.vigie.model.inventory.Language;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the problems page, the targets list and a target's page say alike about a target: its cause
 * in words, its marks, since when. One place, so that the three pages never disagree.
 */
final class TargetWords {
  /** Causes said with times in UTC, as the pages write their times. */
  static final CauseText SAYS = new CauseText(ZoneOffset.UTC);

  /** The pages' times: in UTC, said so. */
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  /** A poll's time, to the second: polls come every few seconds. */
  static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private TargetWords() {}

  /**
   * The cause in words: in the user's language for NOC users, in the client's for a client's user;
   * as in the API, a client's user never reads the engine's raw text when words exist.
   */
  static String cause(
      TargetState t, Scope scope, Language language, Map<String, Language> clientLanguages) {
    Language causeLanguage =
        scope.all() ? language : clientLanguages.getOrDefault(t.client(), language);
    String says = t.typedCause() == null ? null : SAYS.render(t.typedCause(), causeLanguage);
    return says != null ? says : t.cause();
  }

  /** Whether a silence in force mutes the target. */
  static boolean silenced(TargetState t, List<Silence> silences, Instant now) {
    for (Silence s : silences) {
      if (s.mutes(t, now)) {
        return true;
      }
    }
    return false;
  }

  /** The marks of a target in words: acknowledged, silenced, flapping, parent down, no data. */
  static List<String> marks(
      TargetState t, @Nullable Acknowledgement ack, boolean silenced, Language language) {
    List<String> marks = new ArrayList<>();
    if (ack != null) {
      marks.add(say(language, "acknowledged by ", "acquitté par ") + ack.author());
    }
    if (silenced) {
      marks.add(say(language, "silenced", "en silence"));
    }
    if (t.flapping()) {
      marks.add(say(language, "flapping", "instable"));
    }
    if (t.suppressed()) {
      marks.add(say(language, "parent down", "parent en panne"));
    }
    if (t.stale()) {
      marks.add(say(language, "no recent data", "pas de données récentes"));
    }
    return marks;
  }

  /** The marks as the pages show them: a span each, escaped. */
  static void appendMarks(StringBuilder out, List<String> marks) {
    for (String mark : marks) {
      out.append(" <span class=\"mark\">").append(escape(mark)).append("</span>");
    }
  }

  /** A time, machine-readable in its attribute and in words in its text. */
  static String time(Instant at, DateTimeFormatter format) {
    return "<time datetime=\"" + at + "\">" + format.format(at) + "</time>";
  }

  /** "since 2026-11-30 11:00 UTC (1 h)". */
  static String since(Instant since, Instant now, Language language) {
    return say(language, "since ", "depuis le ")
        + time(since, TIME)
        + " ("
        + duration(Duration.between(since, now), language)
        + ")";
  }

  /** A duration in round words: minutes, hours, then days. */
  static String duration(Duration d, Language language) {
    long minutes = Math.max(0, d.toMinutes());
    if (minutes < 1) {
      return say(language, "less than a minute", "moins d'une minute");
    }
    if (minutes < 120) {
      return minutes + " min";
    }
    long hours = minutes / 60;
    return hours < 48 ? hours + " h" : hours / 24 + say(language, " days", " jours");
  }

  /** The check's name in words, escaped. */
  static String check(String check, Language language) {
    return escape(CauseText.checkName(check, language));
  }
}
