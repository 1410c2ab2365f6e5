package io.vigie.alerting.influx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads InfluxDB's line protocol, as InfluxDB forwards the writes it accepted to a subscription:
 * {@code measurement,tag=v field=1i,other="text" 1700000000000000000}, one point per line, with the
 * escapes of the protocol (a backslash before a comma, space or equals sign in names and tag
 * values; before a double quote or backslash in string fields). Written by hand: the InfluxDB Java
 * client writes the protocol but does not read it, and the grammar is a few rules
 * (docs/decisions/0014-streaming-evaluation.md).
 *
 * <p>What InfluxDB forwards it has already accepted, so a line this reader cannot read is a bug of
 * one side or the other: it is counted and skipped, never fatal to its neighbours.
 */
public final class LineProtocol {

  /**
   * One point.
   *
   * @param fields numbers as {@link Long} (integers) or {@link Double}, {@link Boolean}, {@link
   *     String}
   * @param nanos the point's time in nanoseconds since the epoch; 0 when the line had none
   */
  public record Point(
      String measurement, Map<String, String> tags, Map<String, Object> fields, long nanos) {}

  /** The points of a body and how many lines could not be read. */
  public record Batch(List<Point> points, int unreadable) {}

  private LineProtocol() {}

  /**
   * Reads every point of a request body. A string field may hold a line feed (the log rules' quoted
   * lines do), so points are read in one pass, not split on line feeds first.
   */
  public static Batch parse(String body) {
    List<Point> points = new ArrayList<>();
    int unreadable = 0;
    Cursor c = new Cursor(body);
    while (!c.done()) {
      char first = c.peek();
      if (first == '\n' || first == '\r' || first == ' ' || first == '\t') {
        c.next();
        continue;
      }
      if (first == '#') {
        c.skipLine();
        continue;
      }
      int start = c.at;
      Point point = point(c);
      if (point == null) {
        // From the line's start: an unterminated string must not swallow the lines after it.
        unreadable++;
        c.at = start;
        c.skipLine();
      } else {
        points.add(point);
      }
    }
    return new Batch(points, unreadable);
  }

  /** One point from the cursor to its line's end, or null when it does not follow the protocol. */
  private static @Nullable Point point(Cursor c) {
    String measurement = c.token(',', ' ');
    if (measurement.isEmpty()) {
      return null;
    }
    Map<String, String> tags = new HashMap<>();
    while (c.peek() == ',') {
      c.next();
      String key = c.token('=', '=');
      if (c.peek() != '=') {
        return null;
      }
      c.next();
      tags.put(key, c.token(',', ' '));
    }
    if (c.peek() != ' ') {
      return null;
    }
    c.next();
    Map<String, Object> fields = new HashMap<>();
    while (true) {
      String key = c.token('=', '=');
      if (c.peek() != '=' || key.isEmpty()) {
        return null;
      }
      c.next();
      Object value = c.peek() == '"' ? c.quoted() : value(c.token(',', ' '));
      if (value == null) {
        return null;
      }
      fields.put(key, value);
      if (c.peek() != ',') {
        break;
      }
      c.next();
    }
    long nanos = 0;
    if (c.peek() == ' ') {
      c.next();
      try {
        nanos = Long.parseLong(c.token(' ', ' ').strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    if (c.peek() == '\r') {
      c.next();
    }
    if (!c.done() && c.peek() != '\n') {
      return null;
    }
    return new Point(measurement, tags, fields, nanos);
  }

  private static @Nullable Object value(String text) {
    if (text.isEmpty()) {
      return null;
    }
    char last = text.charAt(text.length() - 1);
    try {
      if (last == 'i' || last == 'u') {
        return Long.parseLong(text.substring(0, text.length() - 1));
      }
      return switch (text) {
        case "t", "T", "true", "True", "TRUE" -> true;
        case "f", "F", "false", "False", "FALSE" -> false;
        default -> Double.parseDouble(text);
      };
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A position in a line, reading escaped tokens. */
  private static final class Cursor {
    private final String line;
    private int at;

    Cursor(String line) {
      this.line = line;
    }

    void skipLine() {
      int end = line.indexOf('\n', at);
      at = end < 0 ? line.length() : end + 1;
    }

    char peek() {
      return at < line.length() ? line.charAt(at) : '\0';
    }

    void next() {
      at++;
    }

    boolean done() {
      return at >= line.length();
    }

    /**
     * Up to the first unescaped stop character or the line's end; a backslash keeps the next
     * character when the protocol escapes it.
     */
    String token(char stop, char other) {
      StringBuilder out = new StringBuilder();
      while (at < line.length()) {
        char ch = line.charAt(at);
        if (ch == '\\' && at + 1 < line.length()) {
          char escaped = line.charAt(at + 1);
          if (escaped == ',' || escaped == ' ' || escaped == '=' || escaped == '\\') {
            out.append(escaped);
            at += 2;
            continue;
          }
        }
        if (ch == stop || ch == other || ch == '\n') {
          return out.toString();
        }
        out.append(ch);
        at++;
      }
      return out.toString();
    }

    /** A double-quoted string field; null when it does not end. */
    @Nullable String quoted() {
      at++; // the opening quote
      StringBuilder out = new StringBuilder();
      while (at < line.length()) {
        char ch = line.charAt(at);
        if (ch == '\\' && at + 1 < line.length()) {
          char escaped = line.charAt(at + 1);
          if (escaped == '"' || escaped == '\\') {
            out.append(escaped);
            at += 2;
            continue;
          }
        }
        if (ch == '"') {
          at++;
          return out.toString();
        }
        out.append(ch);
        at++;
      }
      return null;
    }
  }
}
