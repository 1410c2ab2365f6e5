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
 * newlines inside the quotes. Two things cannot be carried in a tag value at all: a newline
 * (written as a space) and a trailing backslash (dropped).
 */
public final class LineProtocol {
  private LineProtocol() {}

  public static String encode(Point point) {
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
    out.append(' ').append(point.timeMillis());
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
        case '\n', '\r' -> out.append("\\ ");
        case ' ', ',' -> out.append('\\').append(c);
        case '=' -> {
          if (!measurement) {
            out.append('\\');
          }
          out.append(c);
        }
        case '\\' -> {
          // InfluxDB 1.x reads a backslash before the separator as escaping it: a trailing one
          // cannot be written at all, and is dropped rather than losing the point.
          if (i + 1 < text.length()) {
            out.append(c);
          }
        }
        default -> out.append(c);
      }
    }
  }
}
