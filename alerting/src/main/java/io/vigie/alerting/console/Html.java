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

  /** French for a browser asking for French first, English otherwise. */
  static Language language(Locale locale) {
    return "fr".equals(locale.getLanguage()) ? Language.FR : Language.EN;
  }

  /** One of two texts, by language. */
  static String say(Language language, String english, String french) {
    return language == Language.FR ? french : english;
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
