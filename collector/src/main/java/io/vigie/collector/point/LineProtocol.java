package io.vigie.collector.point;

import java.util.Map;

/**
 * Encodes points as InfluxDB line protocol with millisecond timestamps.
 *
 * <p>Written here rather than taken from influxdb-java's {@code Point.lineProtocol()} because the
 * escaping has to match what the InfluxDB 1.x parser actually reads back, which we check against a
 * real server ({@code EscapingRoundTripIT}): in measurement names, tag keys and values and field
 * keys, space, comma (and equals sign, except in measurements) are escaped with a backslash and any
 * other backslash is literal; string fields escape only backslash and double quote, and keep raw
 * newlines inside the quotes.
 *
 * <p>Inventory text (labels, custom SNMP tags) is checked by the validator against {@link
 * io.vigie.model.schema.TagRules}, so it is always written exactly. Text from outside (an ifAlias,
 * a mount path, a plugin's check name) may hold what InfluxDB 1.x cannot store in a key or tag
 * value; it is mapped, visibly and without losing the point, rather than making InfluxDB refuse the
 * whole point: a line feed becomes {@code ␤} (U+2424) and a final backslash becomes {@code ＼}
 * (U+FF3C). Carriage returns, tabs and other control characters are stored as they are. An empty
 * tag value is left out by {@link Point.Builder#tag}: InfluxQL reads a missing tag as empty.
 */
public final class LineProtocol {
  /** What a line feed in a key or tag value from outside data is written as. */
  public static final char LINE_FEED = '\u2424';

  /** What a final backslash in a key or tag value from outside data is written as. */
  public static final char FINAL_BACKSLASH = '\uFF3C';

  private LineProtocol() {}

  public static String encode(Point point) {
    return encode(point, point.timeMillis());
  }

  /**
   * Encodes {@code point} with {@code timestamp} as its time, in the unit the batch is written with
   * (logs: nanoseconds, so that two lines of one source in the same millisecond stay two points).
   */
  public static String encode(Point point, long timestamp) {
    StringBuilder out = new StringBuilder(128);
    escape(out, point.measurement(), true);
    for (Map.Entry<String, String> tag : point.tags().entrySet()) {
      out.append(',');
      escape(out, tag.getKey(), false);
      out.append('=');
      escape(out, tag.getValue(), false);
    }
    char separator = ' ';
    for (Map.Entry<String, Object> field : point.fields().entrySet()) {
      out.append(separator);
      separator = ',';
      escape(out, field.getKey(), false);
      out.append('=');
      appendValue(out, field.getValue());
    }
    out.append(' ').append(timestamp);
    return out.toString();
  }

  private static void appendValue(StringBuilder out, Object value) {
    if (value instanceof Long l) {
      out.append(l).append('i');
    } else if (value instanceof Double d) {
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        // "5" rather than "5.0" is still a float in line protocol, and shorter.
        out.append(d.longValue());
      } else {
        out.append(d);
      }
    } else if (value instanceof Boolean b) {
      out.append(b ? 't' : 'f');
    } else if (value instanceof String s) {
      out.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '"' || c == '\\') {
          out.append('\\');
        }
        out.append(c);
      }
      out.append('"');
    } else {
      throw new IllegalArgumentException("unsupported field value " + value);
    }
  }

  /** Measurement names escape comma and space; tag and field keys and tag values add '='. */
  private static void escape(StringBuilder out, String text, boolean measurement) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> out.append(LINE_FEED);
        case ' ', ',' -> out.append('\\').append(c);
        case '=' -> {
          if (!measurement) {
            out.append('\\');
          }
          out.append(c);
        }
        case '\\' -> {
          // InfluxDB 1.x reads a backslash before the separator as escaping it: a final one cannot
          // be written at all (the point would be refused); measurements are names of ours.
          out.append(i + 1 < text.length() || measurement ? '\\' : FINAL_BACKSLASH);
        }
        default -> out.append(c);
      }
    }
  }
}
