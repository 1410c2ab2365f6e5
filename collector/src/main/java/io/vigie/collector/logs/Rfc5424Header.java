package io.vigie.collector.logs;

import io.vigie.collector.logs.SyslogMessage.Format;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The header of an RFC 5424 line without structured data, read by hand: the common case, where the
 * library's ANTLR parser cost more than half of the receiver's CPU (the logs benchmark). Only what
 * the grammar certainly accepts is read here (printable US-ASCII fields within their lengths, a
 * full RFC 3339 time with at most six fraction digits); for anything else it answers null and the
 * library decides, as before.
 */
final class Rfc5424Header {
  private static final int[] MAX = {0, 255, 48, 128, 32}; // timestamp checked apart

  private Rfc5424Header() {}

  /**
   * The message of {@code line}, whose structured data is {@code -} ending at {@code dataEnd}, or
   * null when the library must read it.
   */
  static @Nullable SyslogMessage read(String line, int priority, int dataEnd) {
    int start = line.indexOf(' ') + 1; // after <PRI>1
    String[] fields = new String[5];
    for (int f = 0; f < 5; f++) {
      int space = line.indexOf(' ', start);
      if (space < 0 || space == start) {
        return null;
      }
      String value = line.substring(start, space);
      if (f > 0 && (value.length() > MAX[f] || !printable(value))) {
        return null;
      }
      fields[f] = value;
      start = space + 1;
    }
    if (start != dataEnd - 1) {
      return null;
    }
    Instant timestamp = null;
    if (!"-".equals(fields[0])) {
      timestamp = time(fields[0]);
      if (timestamp == null) {
        return null;
      }
    }
    String message = dataEnd + 1 <= line.length() ? line.substring(dataEnd + 1) : "";
    return new SyslogMessage(
        Format.RFC5424,
        priority >> 3,
        priority & 7,
        timestamp,
        nil(fields[1]),
        nil(fields[2]),
        nil(fields[3]),
        nil(fields[4]),
        Map.of(),
        SyslogParser.stripBom(message));
  }

  private static @Nullable String nil(String field) {
    return "-".equals(field) ? null : field;
  }

  private static boolean printable(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 33 || c > 126) {
        return false;
      }
    }
    return true;
  }

  /** RFC 3339 as RFC 5424 restricts it: a T, seconds, at most six fraction digits, Z or offset. */
  private static @Nullable Instant time(String text) {
    int t = text.indexOf('T');
    int dot = text.indexOf('.');
    if (t != 10 || text.length() < 20 || text.charAt(13) != ':' || text.charAt(16) != ':') {
      return null;
    }
    if (dot >= 0) {
      int digits = 0;
      for (int i = dot + 1; i < text.length() && Character.isDigit(text.charAt(i)); i++) {
        digits++;
      }
      if (digits < 1 || digits > 6) {
        return null;
      }
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
