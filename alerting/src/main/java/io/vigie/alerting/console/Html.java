package io.vigie.alerting.console;

import io.vigie.model.inventory.Language;
import java.util.Locale;

/**
 * Escaping and the page frame shared by the console's pages; no template engine, no script from
 * elsewhere.
 */
final class Html {
  private Html() {}

  /** Text made safe for an HTML element or a quoted attribute. */
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
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static final java.time.format.DateTimeFormatter TIME =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
          .withZone(java.time.ZoneOffset.UTC);

  /** A moment for people (UTC, to the minute), with its exact value for machines. */
  static String time(java.time.Instant at) {
    return "<time datetime=\"" + at + "\">" + TIME.format(at) + "</time>";
  }

  /** An id made safe for one segment of a URL path (then escaped like any attribute). */
  static String path(String id) {
    return java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  /**
   * The path of a target's page, its id percent-encoded as a path segment (a space as {@code %20},
   * never {@code +}), ready for an attribute.
   */
  static String targetPath(String id) {
    return "/console/targets/" + escape(path(id));
  }

  /** French for a browser asking for French first, English otherwise. */
  static Language language(Locale locale) {
    return "fr".equals(locale.getLanguage()) ? Language.FR : Language.EN;
  }

  /** One of two texts, by language. */
  static String say(Language language, String english, String french) {
    return language == Language.FR ? french : english;
  }

  /** The console's sections, in the order of its navigation bar. */
  enum Section {
    PROBLEMS("/console/", "Problems", "Problèmes", false),
    TARGETS("/console/targets", "Targets", "Cibles", false),
    SILENCES("/console/silences", "Silences", "Silences", false),
    REPORTS("/console/reports", "Reports", "Rapports", false),
    PIPELINE("/console/pipeline", "Pipeline", "Chaîne de collecte", true);

    final String path;
    final String english;
    final String french;
    final boolean nocOnly;

    Section(String path, String english, String french, boolean nocOnly) {
      this.path = path;
      this.english = english;
      this.french = french;
      this.nocOnly = nocOnly;
    }

    String title(Language language) {
      return say(language, english, french);
    }
  }

  /**
   * The bar at the top of every page once logged in: the title, the navigation (the pipeline for
   * NOC users only), the user's name and the logout form (a POST, with its CSRF field).
   *
   * @param title the page's heading, already in the user's language
   * @param current the section the page belongs to, marked for screen readers
   * @param noc whether the user sees every client
   * @param csrf the hidden CSRF field of the logout form
   */
  static String header(
      Language l, String title, Section current, boolean noc, String user, String csrf) {
    StringBuilder out = new StringBuilder("<header>\n<h1>").append(escape(title)).append("</h1>\n");
    out.append("<nav aria-label=\"").append(say(l, "Console", "Console")).append("\"><ul>");
    for (Section s : Section.values()) {
      if (s.nocOnly && !noc) {
        continue;
      }
      out.append("<li><a href=\"").append(s.path).append('"');
      if (s == current) {
        out.append(" aria-current=\"page\"");
      }
      out.append('>').append(escape(s.title(l))).append("</a></li>");
    }
    out.append("</ul></nav>\n<form method=\"post\" action=\"/console/logout\" class=\"logout\">\n")
        .append(csrf)
        .append("<span class=\"user\">")
        .append(escape(user))
        .append("</span> <button type=\"submit\">")
        .append(say(l, "Log out", "Se déconnecter"))
        .append("</button>\n</form>\n</header>\n");
    return out.toString();
  }

  /** A whole page: the console's stylesheet, an optional script, the body given. */
  static String page(Language language, String title, String body, boolean withScript) {
    return "<!DOCTYPE html>\n<html lang=\""
        + language.code()
        + "\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
        + escape(title)
        + " · Vigie</title>\n<link rel=\"stylesheet\" href=\"/console/assets/console.css\">\n"
        + (withScript ? "<script src=\"/console/assets/console.js\" defer></script>\n" : "")
        + "</head>\n<body>\n"
        + body
        + "\n</body>\n</html>\n";
  }
}
