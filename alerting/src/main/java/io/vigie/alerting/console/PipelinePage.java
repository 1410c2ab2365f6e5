package io.vigie.alerting.console;

import static io.vigie.alerting.console.Html.escape;
import static io.vigie.alerting.console.Html.say;

import io.vigie.alerting.notify.Outbox;
import io.vigie.alerting.notify.SentMail;
import io.vigie.alerting.status.Condition;
import io.vigie.model.inventory.Language;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The pipeline page's live part as HTML, for NOC users: the pipeline conditions, each collector and
 * when it was last heard, whether InfluxDB can be read, and the mail outbox with its dead letters
 * (a Resend form on each for operators) and its last mails sent. Every state is written in words;
 * the colour only repeats it. What comes from outside (collector ids, errors, recipients, subjects)
 * is escaped.
 *
 * @param conditions the pipeline conditions raised now
 * @param collectors every collector heard from, by id
 * @param influx InfluxDB as the service last found it
 * @param mail the outbox
 */
record PipelinePage(
    List<Condition> conditions, List<Collector> collectors, Influx influx, Mail mail, Instant now) {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  /**
   * A collector as the alerting service knows it: by the points it writes.
   *
   * @param lastHeard the time of its newest poll or probe point (or, for a member of a collector
   *     group, of its self metrics)
   * @param targets how many targets' newest points it wrote
   * @param silent none of its targets has reported for the time that makes a target DEAD; for a
   *     member of a collector group, its group lost it or is silent as a whole
   * @param refused InfluxDB refuses some of its points
   */
  record Collector(String id, Instant lastHeard, int targets, boolean silent, boolean refused) {}

  /**
   * InfluxDB as the last evaluations found it.
   *
   * @param url its address, without credentials
   * @param lastEvaluation when the service last evaluated, or null before the first
   * @param readFailure why the last read failed, or null if it worked
   * @param writeFailure why status points wait to be written, or null if none wait
   */
  record Influx(
      String url,
      String database,
      @Nullable Instant lastEvaluation,
      @Nullable String readFailure,
      @Nullable String writeFailure) {}

  /**
   * The outbox.
   *
   * @param smtp the SMTP server mails go through ({@code host:port}), or null when none is set
   * @param waiting mails in the queue now
   * @param sent mails sent and kept in the outbox
   * @param dead dead letters not resent
   * @param stuck the mails waiting after a failed attempt, or null
   * @param deadLetters the newest dead letters (at most a page of them)
   * @param lastSent the last mails sent, the newest first
   */
  record Mail(
      @Nullable String smtp,
      long waiting,
      long sent,
      long dead,
      Outbox.@Nullable Stuck stuck,
      List<Outbox.Letter> deadLetters,
      List<SentMail> lastSent) {}

  /**
   * The page's live part; a Resend form on each dead letter when {@code actFields} (the forms' CSRF
   * field) is given, for operators. The security chain refuses anyone else's POST anyway.
   */
  String render(Language l, @Nullable String actFields) {
    StringBuilder out = new StringBuilder();
    out.append("<p class=\"summary\">").append(summary(l)).append("</p>\n");
    conditions(out, l);
    collectors(out, l);
    influx(out, l);
    mail(out, l, actFields);
    return out.toString();
  }

  private String summary(Language l) {
    int count = conditions.size();
    if (count == 0) {
      return say(
          l,
          "The pipeline is working: no condition raised.",
          "La chaîne de collecte fonctionne : aucune alerte de chaîne.");
    }
    return count == 1
        ? say(l, "1 pipeline condition raised.", "1 alerte de chaîne levée.")
        : count + say(l, " pipeline conditions raised.", " alertes de chaîne levées.");
  }

  private void conditions(StringBuilder out, Language l) {
    out.append("<section aria-labelledby=\"p-conditions\"><h2 id=\"p-conditions\">")
        .append(say(l, "Pipeline conditions", "Alertes de la chaîne"))
        .append("</h2>\n");
    if (conditions.isEmpty()) {
      out.append("<p>").append(say(l, "None.", "Aucune.")).append("</p></section>\n");
      return;
    }
    out.append("<ul class=\"problems\">\n");
    for (Condition c : conditions) {
      out.append("<li class=\"problem status-ERROR\" data-condition=\"")
          .append(escape(c.key()))
          .append("\"><span class=\"label\">")
          .append(say(l, "RAISED", "LEVÉE"))
          .append("</span> <strong>")
          .append(escape(conditionTitle(c.key(), l)))
          .append("</strong><p class=\"cause\">")
          .append(escape(c.message()))
          .append("</p><p class=\"since\">")
          .append(say(l, "since ", "depuis le "))
          .append(time(c.since(), l))
          .append("</p></li>\n");
    }
    out.append("</ul></section>\n");
  }

  /**
   * A condition's key in words: {@code influxdb}, {@code collector:<id>[:rejected]}, {@code mail},
   * {@code group:<id>[:member:<member>]}.
   */
  static String conditionTitle(String key, Language l) {
    if (key.equals("influxdb")) {
      return say(l, "InfluxDB cannot be read", "InfluxDB ne peut pas être lu");
    }
    if (key.equals("mail")) {
      return say(l, "Mails cannot be sent", "Les mails ne partent pas");
    }
    if (key.startsWith("collector:") && key.endsWith(":rejected")) {
      String id = key.substring("collector:".length(), key.length() - ":rejected".length());
      return say(
              l,
              "InfluxDB refuses points of collector ",
              "InfluxDB refuse des points du collecteur ")
          + id;
    }
    if (key.startsWith("collector:")) {
      String id = key.substring("collector:".length());
      return say(l, "Collector " + id + " is silent", "Le collecteur " + id + " est muet");
    }
    if (key.startsWith("group:")) {
      String id = key.substring("group:".length());
      int member = id.indexOf(":member:");
      if (member < 0) {
        return say(
            l,
            "Collector group " + id + ": every member is silent",
            "Groupe de collecteurs " + id + " : tous ses membres sont muets");
      }
      String group = id.substring(0, member);
      String lost = id.substring(member + ":member:".length());
      return say(
          l,
          "Collector group " + group + " lost member " + lost,
          "Le groupe de collecteurs " + group + " a perdu son membre " + lost);
    }
    return key;
  }

  private void collectors(StringBuilder out, Language l) {
    out.append("<section aria-labelledby=\"p-collectors\"><h2 id=\"p-collectors\">")
        .append(say(l, "Collectors", "Collecteurs"))
        .append("</h2>\n");
    if (collectors.isEmpty()) {
      out.append("<p>")
          .append(
              say(
                  l,
                  "No collector has written a point yet.",
                  "Aucun collecteur n'a encore écrit de point."))
          .append("</p></section>\n");
      return;
    }
    out.append("<ul class=\"problems\">\n");
    for (Collector c : collectors) {
      String state =
          c.silent()
              ? say(l, "SILENT", "MUET")
              : c.refused()
                  ? say(l, "POINTS REFUSED", "POINTS REFUSÉS")
                  : say(l, "REPORTING", "ACTIF");
      out.append("<li class=\"problem status-")
          .append(c.silent() || c.refused() ? "ERROR" : "RUN")
          .append("\" data-collector=\"")
          .append(escape(c.id()))
          .append("\"><span class=\"label\">")
          .append(state)
          .append("</span> <strong>")
          .append(escape(c.id()))
          .append("</strong> <span class=\"check\">")
          .append(
              c.targets() == 1
                  ? say(l, "1 target", "1 cible")
                  : c.targets() + say(l, " targets", " cibles"))
          .append("</span><p class=\"since\">")
          .append(say(l, "last heard ", "dernières nouvelles le "))
          .append(time(c.lastHeard(), l))
          .append("</p></li>\n");
    }
    out.append("</ul></section>\n");
  }

  private void influx(StringBuilder out, Language l) {
    boolean read = influx.readFailure() == null && influx.lastEvaluation() != null;
    String state =
        influx.readFailure() != null
            ? say(l, "UNREADABLE", "ILLISIBLE")
            : read ? say(l, "READABLE", "LISIBLE") : say(l, "NOT READ YET", "PAS ENCORE LU");
    out.append("<section aria-labelledby=\"p-influx\"><h2 id=\"p-influx\">InfluxDB</h2>\n")
        .append("<div class=\"problem status-")
        .append(influx.readFailure() != null ? "ERROR" : read ? "RUN" : "DEAD")
        .append("\" id=\"influx\"><span class=\"label\">")
        .append(state)
        .append("</span> <strong>")
        .append(escape(influx.url()))
        .append("</strong> <span class=\"check\">")
        .append(say(l, "database ", "base "))
        .append(escape(influx.database()))
        .append("</span>");
    if (influx.readFailure() != null) {
      out.append("<p class=\"cause\">")
          .append(say(l, "The last read failed: ", "La dernière lecture a échoué : "))
          .append(escape(influx.readFailure()))
          .append("</p>");
    }
    out.append("<p>")
        .append(
            influx.writeFailure() == null
                ? say(l, "Status points: written.", "Points de statut : écrits.")
                : say(l, "Status points: waiting to be written: ", "Points de statut en attente : ")
                    + escape(influx.writeFailure()))
        .append("</p><p class=\"since\">");
    if (influx.lastEvaluation() == null) {
      out.append(say(l, "No evaluation yet.", "Pas encore d'évaluation."));
    } else {
      out.append(say(l, "last evaluation ", "dernière évaluation le "))
          .append(time(influx.lastEvaluation(), l));
    }
    out.append("</p></div></section>\n");
  }

  private void mail(StringBuilder out, Language l, @Nullable String actFields) {
    out.append("<section aria-labelledby=\"p-mail\"><h2 id=\"p-mail\">")
        .append(say(l, "Mail outbox", "Boîte d'envoi des mails"))
        .append("</h2>\n<p>");
    if (mail.smtp() == null) {
      out.append(
          say(
              l,
              "No SMTP server is set (VIGIE_SMTP_HOST): no mail is sent.",
              "Aucun serveur SMTP n'est configuré (VIGIE_SMTP_HOST) : aucun mail ne part."));
    } else {
      out.append(say(l, "Through ", "Par ")).append(escape(mail.smtp())).append('.');
    }
    out.append("</p>\n<ul class=\"counts\" id=\"mail-counts\"><li>")
        .append(say(l, "waiting: ", "en attente : "))
        .append(mail.waiting())
        .append("</li><li>")
        .append(say(l, "sent: ", "envoyés : "))
        .append(mail.sent())
        .append("</li><li>")
        .append(say(l, "dead letters: ", "abandonnés : "))
        .append(mail.dead())
        .append("</li></ul>\n");
    Outbox.Stuck stuck = mail.stuck();
    if (stuck == null) {
      out.append("<p class=\"problem status-RUN\"><span class=\"label\">")
          .append(say(l, "FLOWING", "FLUIDE"))
          .append("</span> ")
          .append(say(l, "No mail is stuck.", "Aucun mail n'est bloqué."))
          .append("</p>\n");
    } else {
      out.append("<div class=\"problem status-ERROR\" id=\"stuck\"><span class=\"label\">")
          .append(say(l, "STUCK", "BLOQUÉ"))
          .append("</span> ")
          .append(
              stuck.mails() == 1
                  ? say(l, "1 mail waits", "1 mail attend")
                  : stuck.mails() + say(l, " mails wait", " mails attendent"))
          .append(say(l, " after a failed attempt", " après un échec"))
          .append("<p class=\"cause\">")
          .append(escape(stuck.lastError()))
          .append("</p><p class=\"since\">")
          .append(say(l, "since ", "depuis le "))
          .append(time(stuck.since(), l))
          .append("</p></div>\n");
    }
    new PipelineMails(mail, now).render(out, l, actFields);
    out.append("</section>\n");
  }

  private String time(Instant at, Language l) {
    return time(at, now, l);
  }

  /** A time, with how long before {@code now} it was. */
  static String time(Instant at, Instant now, Language l) {
    return "<time datetime=\""
        + at
        + "\">"
        + TIME.format(at)
        + "</time> ("
        + ago(Duration.between(at, now), l)
        + ")";
  }

  /** How long ago, to the second under two minutes (a collector's report is that recent). */
  static String ago(Duration d, Language l) {
    long seconds = Math.max(0, d.toSeconds());
    if (seconds < 120) {
      return say(l, seconds + " s ago", "il y a " + seconds + " s");
    }
    return say(l, "", "il y a ") + ProblemsPage.duration(d, l) + say(l, " ago", "");
  }

  /** The path of a dead letter's resend form. */
  static String resendPath(String key) {
    return "/console/mails/" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "/resend";
  }
}
