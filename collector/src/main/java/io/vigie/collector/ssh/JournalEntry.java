package io.vigie.collector.ssh;

import io.vigie.collector.logs.SyslogMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One line of {@code journalctl --output=json}: the entry as a syslog message, its cursor (where to
 * resume after it) and a point time of its own. The time is the entry's (its realtime timestamp in
 * microseconds, times 1,000) plus its sequence number modulo 1,000: an entry read twice (a resume
 * after a crash) is written at the same time with the same tags and fields, so InfluxDB keeps it
 * once, and two entries of the same microsecond stay apart.
 */
record JournalEntry(SyslogMessage message, String cursor, long timeNanos) {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The entry of {@code line}, or null when it is no journal entry (a blank line, a warning). */
  static @Nullable JournalEntry parse(String line) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JacksonException e) {
      return null;
    }
    if (node == null || !node.isObject() || !node.has("__CURSOR")) {
      return null;
    }
    String cursor = node.get("__CURSOR").asString();
    long micros = number(node, "__REALTIME_TIMESTAMP", 0);
    long seq = sequence(cursor);
    int severity = (int) number(node, "PRIORITY", 6);
    int facility = (int) number(node, "SYSLOG_FACILITY", 3);
    SyslogMessage message =
        new SyslogMessage(
            SyslogMessage.Format.JOURNAL,
            facility >= 0 && facility <= 23 ? facility : 3,
            severity >= 0 && severity <= 7 ? severity : 6,
            micros > 0
                ? Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000)
                : null,
            text(node, "_HOSTNAME"),
            identifier(node),
            text(node, "_PID"),
            null,
            Map.of(),
            message(node.get("MESSAGE")));
    return new JournalEntry(message, cursor, micros * 1000 + Math.floorMod(seq, 1000));
  }

  /** MESSAGE is a string, or an array of bytes when the entry was not valid UTF-8. */
  private static String message(@Nullable JsonNode m) {
    if (m == null || m.isNull()) {
      return "";
    }
    if (m.isArray()) {
      byte[] bytes = new byte[m.size()];
      for (int i = 0; i < m.size(); i++) {
        bytes[i] = (byte) m.get(i).asInt();
      }
      return new String(bytes, StandardCharsets.UTF_8); // invalid bytes replaced
    }
    return m.asString();
  }

  private static @Nullable String identifier(JsonNode node) {
    String id = text(node, "SYSLOG_IDENTIFIER");
    if (id == null) {
      id = text(node, "_COMM");
    }
    return id;
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || !v.isString() || v.asString().isEmpty() ? null : v.asString();
  }

  private static long number(JsonNode node, String field, long fallback) {
    JsonNode v = node.get(field);
    if (v == null) {
      return fallback;
    }
    try {
      return Long.parseLong(v.asString().strip());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** The {@code i=} part of a cursor: the entry's sequence number, in hexadecimal. */
  private static long sequence(String cursor) {
    for (String part : cursor.split(";", -1)) {
      if (part.startsWith("i=")) {
        try {
          return Long.parseUnsignedLong(part.substring(2), 16);
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 0;
  }
}
