package io.vigie.model.text;

import org.jspecify.annotations.Nullable;

/**
 * Text from outside (an inventory value, a record InfluxDB refused) made safe for one line of a log
 * or an error list: a raw line feed would split one error into two and let a crafted value forge a
 * line of its own; other control and invisible characters would be unreadable.
 */
public final class Escape {
  private Escape() {}

  /**
   * {@code "two\nlines"}: in double quotes, with {@code \n}, {@code \r}, {@code \t}, {@code \\},
   * {@code \"}, and every other control, format, separator, unassigned or lone surrogate character
   * as {@code \}{@code uXXXX}.
   */
  public static String quoted(@Nullable String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    append(out, text, true);
    return out.append('"').toString();
  }

  /** Like {@link #quoted} but without the quotes, and leaving backslash and quote as they are. */
  public static @Nullable String controls(@Nullable String text) {
    if (text == null) {
      return null;
    }
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (!printable(cp)) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        append(out, text, false);
        return out.toString();
      }
      i += Character.charCount(cp);
    }
    return text;
  }

  private static void append(StringBuilder out, String text, boolean quotes) {
    for (int i = 0; i < text.length(); ) {
      // By code point: an emoji is a pair of chars and stays as it is, a lone half is escaped.
      int cp = text.codePointAt(i);
      int length = Character.charCount(cp);
      if (quotes && (cp == '"' || cp == '\\')) {
        out.append('\\').append((char) cp);
      } else if (cp == '\n') {
        out.append("\\n");
      } else if (cp == '\r') {
        out.append("\\r");
      } else if (cp == '\t') {
        out.append("\\t");
      } else if (!printable(cp)) {
        for (int k = i; k < i + length; k++) {
          out.append(String.format("\\u%04X", (int) text.charAt(k)));
        }
      } else {
        out.appendCodePoint(cp);
      }
      i += length;
    }
  }

  private static boolean printable(int codePoint) {
    return switch (Character.getType(codePoint)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.UNASSIGNED,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE,
          Character.PRIVATE_USE ->
          false;
      default -> true;
    };
  }
}
