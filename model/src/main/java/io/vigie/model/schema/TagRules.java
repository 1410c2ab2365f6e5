package io.vigie.model.schema;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What InfluxDB 1.x can store as a tag key or value and read back exactly, checked against a real
 * influxd 1.6.7 ({@code EscapingRoundTripIT}, {@code LabelRoundTripIT}). The validator refuses
 * inventory text that breaks these rules, so that what it accepts reaches InfluxDB exactly as
 * written; the collector's encoder maps outside data (an ifAlias, a mount path) that breaks them.
 *
 * <p>Found empirically: space, comma and equals sign are escaped with a backslash, and any other
 * backslash is literal, including one before an escaped character ({@code a\ b} is written {@code
 * a\\ b} and read back). Unicode, tabs, carriage returns and other control characters, even NUL,
 * are stored and read back as they are. What cannot be written at all:
 *
 * <ul>
 *   <li>an empty key or value ({@code missing tag key}, {@code missing tag value});
 *   <li>a line feed: the line protocol ends the point there;
 *   <li>a trailing backslash, of any count: it is read as escaping the separator after it ({@code
 *       invalid tag format});
 *   <li>the tag key {@code time} ({@code invalid tag key});
 *   <li>a series key (measurement and every tag, escaped) over 65535 bytes ({@code max key length
 *       exceeded}); a label is kept well under it, see {@link #MAX_BYTES};
 *   <li>an unpaired UTF-16 surrogate, which cannot be encoded as UTF-8 at all.
 * </ul>
 */
public final class TagRules {
  /**
   * Longest key or value, in UTF-8 bytes. InfluxDB refuses a point whose series key passes 65535
   * bytes; a label is on every point of its target, beside the sample's own tags (a mount path, an
   * ifAlias), so one label must leave most of that room to them.
   */
  public static final int MAX_BYTES = 1024;

  /** The most the labels of one target may add to a series key, escaped, in bytes. */
  public static final int MAX_LABELS_BYTES = 16 * 1024;

  private TagRules() {}

  /** Why {@code value} cannot be stored as a tag value and read back exactly, if it cannot. */
  public static Optional<String> valueProblem(String value) {
    return problem(value, "tag value");
  }

  /** Why {@code key} cannot be a tag key, if it cannot. */
  public static Optional<String> keyProblem(String key) {
    if ("time".equals(key)) {
      return Optional.of("InfluxDB 1.x refuses a tag key named time (it is the point's timestamp)");
    }
    return problem(key, "tag key");
  }

  private static Optional<String> problem(String text, String what) {
    if (text == null || text.isEmpty()) {
      return Optional.of("a " + what + " cannot be empty (InfluxDB 1.x refuses a tag without one)");
    }
    if (text.indexOf('\n') >= 0) {
      return Optional.of(
          "a " + what + " cannot contain a line feed (the line protocol ends the point there)");
    }
    if (text.endsWith("\\")) {
      return Optional.of(
          "a "
              + what
              + " cannot end with a backslash (InfluxDB 1.x reads it as escaping the separator)");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return Optional.of(
            "a " + what + " must be valid Unicode (it has an unpaired surrogate, not UTF-8)");
      }
    }
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      return Optional.of(
          "a "
              + what
              + " is at most "
              + MAX_BYTES
              + " bytes in UTF-8, found "
              + bytes
              + " (InfluxDB 1.x refuses a series key over 65535 bytes)");
    }
    return Optional.empty();
  }

  /** What a tag takes in a series key: {@code ,key=value}, escaped as the line protocol does. */
  public static int seriesKeyBytes(String key, String value) {
    return 2 + escapedBytes(key) + escapedBytes(value);
  }

  private static int escapedBytes(String text) {
    int escapes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ' ' || c == ',' || c == '=') {
        escapes++;
      }
    }
    return text.getBytes(StandardCharsets.UTF_8).length + escapes;
  }

  /**
   * Every tag that points carry, with the measurements that carry it (or "every point about a
   * target"): a label of one of these names would be overwritten by the point's own tag.
   */
  public static Map<String, Set<String>> reserved() {
    return RESERVED;
  }

  /** Words for where a reserved tag comes from, for an error message. */
  public static String usedBy(String tag) {
    Set<String> by = RESERVED.get(tag);
    if (by == null) {
      return "";
    }
    return String.join(", ", by);
  }

  static final String EVERY_POINT = "every point about a target";

  private static final Map<String, Set<String>> RESERVED = reservedFromSchema();

  private static Map<String, Set<String>> reservedFromSchema() {
    Map<String, Set<String>> reserved = new LinkedHashMap<>();
    for (String tag : Schema.COMMON_TAGS) {
      reserved.computeIfAbsent(tag, k -> new LinkedHashSet<>()).add(EVERY_POINT);
    }
    for (MeasurementDef m : Schema.ALL) {
      for (String tag : m.tags()) {
        reserved.computeIfAbsent(tag, k -> new LinkedHashSet<>()).add("measurement " + m.name());
      }
    }
    reserved.replaceAll((k, v) -> Collections.unmodifiableSet(v));
    return Collections.unmodifiableMap(reserved);
  }
}
