package io.vigie.collector.logs;

import com.github.palindromicity.syslog.NilPolicy;
import com.github.palindromicity.syslog.SyslogParserBuilder;
import com.github.palindromicity.syslog.dsl.SyslogFieldKeys;
import io.vigie.collector.logs.SyslogMessage.Format;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads one syslog message: RFC 5424 with simple-syslog-5424, RFC 3164 and the variants real
 * devices send with {@link Rfc3164}, and anything else kept whole as {@link Format#RAW}. Never
 * throws on what a sender wrote.
 */
public final class SyslogParser {
  /** The library's key of one structured-data parameter: {@code ...structuredData.SDID.param}. */
  private static final Pattern STRUCTURED =
      Pattern.compile(SyslogFieldKeys.STRUCTURED_ELEMENT_ID_PNAME_PATTERN.getField());

  private final com.github.palindromicity.syslog.SyslogParser rfc5424 =
      new SyslogParserBuilder().withNilPolicy(NilPolicy.OMIT).build();

  /**
   * Reads {@code text} as RFC 5424, else as RFC 3164 or a variant, else keeps it whole.
   *
   * @param text the message, its framing (length prefix, trailing line end) already removed
   * @param received when it arrived: a timestamp without a year (RFC 3164) takes the year that puts
   *     it closest to this instant
   * @param zone the sender's time zone, for timestamps written without an offset
   */
  public SyslogMessage parse(String text, Instant received, ZoneId zone) {
    String line = stripLineEnd(text);
    Priority pri = Priority.read(line);
    if (pri == null) {
      return raw(line, SyslogMessage.DEFAULT_PRIORITY);
    }
    String rest = line.substring(pri.end());
    if (rest.startsWith("1 ")) {
      SyslogMessage m = rfc5424(line, pri.value());
      if (m != null) {
        return m;
      }
    }
    SyslogMessage m = Rfc3164.parse(pri.value(), rest, received, zone);
    return m != null ? m : raw(line, pri.value());
  }

  private @Nullable SyslogMessage rfc5424(String line, int priority) {
    // The library reads the header and the structured data; the message is taken as sent: its
    // grammar drops line feeds and carriage returns from MSG and refuses a tab (decision 0012).
    int headerEnd = headerAndDataEnd(line);
    if (headerEnd < 0) {
      return null;
    }
    if (line.charAt(headerEnd - 1) == '-') {
      // No structured data, most lines: the header is read here, as the grammar would read it
      // (the library costs more than half of a received line's CPU); anything it would not be
      // sure of goes to the library below.
      SyslogMessage plain = Rfc5424Header.read(line, priority, headerEnd);
      if (plain != null) {
        return plain;
      }
    }
    return byLibrary(line, priority, headerEnd);
  }

  /** The line read by simple-syslog-5424 (header and structured data), or null when it refuses. */
  @Nullable SyslogMessage byLibrary(String line, int priority, int headerEnd) {
    Map<String, Object> map;
    try {
      map = rfc5424.parseLine(line.substring(0, headerEnd));
    } catch (RuntimeException e) { // the library's ParseException and ANTLR's errors alike
      return null;
    }
    String message = headerEnd + 1 <= line.length() ? line.substring(headerEnd + 1) : "";
    Map<String, String> structured = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : map.entrySet()) {
      Matcher m = STRUCTURED.matcher(e.getKey());
      if (m.matches() && e.getValue() != null) {
        structured.put(m.group(1) + "." + m.group(2), unescape(String.valueOf(e.getValue())));
      }
    }
    Instant timestamp = null;
    String written = text(map, SyslogFieldKeys.HEADER_TIMESTAMP);
    if (written != null) {
      try {
        timestamp = OffsetDateTime.parse(written).toInstant();
      } catch (DateTimeParseException e) {
        timestamp = null;
      }
    }
    return new SyslogMessage(
        Format.RFC5424,
        priority >> 3,
        priority & 7,
        timestamp,
        text(map, SyslogFieldKeys.HEADER_HOSTNAME),
        text(map, SyslogFieldKeys.HEADER_APPNAME),
        text(map, SyslogFieldKeys.HEADER_PROCID),
        text(map, SyslogFieldKeys.HEADER_MSGID),
        structured,
        stripBom(message));
  }

  /**
   * Where RFC 5424's header and structured data end: after {@code <PRI>VERSION}, five fields
   * separated by single spaces, then {@code -} or elements {@code [...]} (quoted values may hold
   * {@code \]} and {@code \"}); the message, if any, follows one space. -1 when the line is not
   * shaped so.
   */
  static int headerAndDataEnd(String line) {
    int i = 0;
    for (int field = 0; field < 6; field++) {
      int space = line.indexOf(' ', i);
      if (space < 0) {
        return -1;
      }
      i = space + 1;
    }
    if (i >= line.length()) {
      return -1;
    }
    if (line.charAt(i) == '-') {
      return i + 1 == line.length() || line.charAt(i + 1) == ' ' ? i + 1 : -1;
    }
    while (i < line.length() && line.charAt(i) == '[') {
      boolean quoted = false;
      int j = i + 1;
      for (; j < line.length(); j++) {
        char c = line.charAt(j);
        if (quoted && c == '\\') {
          j++; // an escaped character inside a value
        } else if (c == '"') {
          quoted = !quoted;
        } else if (!quoted && c == ']') {
          break;
        }
      }
      if (j >= line.length()) {
        return -1; // an element never closed
      }
      i = j + 1;
    }
    return i == line.length() || line.charAt(i) == ' ' ? i : -1;
  }

  /**
   * A PARAM-VALUE as the sender meant it: RFC 5424 escapes {@code "}, {@code \} and {@code ]} with
   * a backslash (section 6.3.3), which the library leaves in; any other backslash is itself.
   */
  static String unescape(String value) {
    if (value.indexOf('\\') < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length() && "\"\\]".indexOf(value.charAt(i + 1)) >= 0) {
        c = value.charAt(++i);
      }
      out.append(c);
    }
    return out.toString();
  }

  private static @Nullable String text(Map<String, Object> map, SyslogFieldKeys key) {
    Object value = map.get(key.getField());
    return value == null || "-".equals(value) ? null : String.valueOf(value);
  }

  private static SyslogMessage raw(String line, int priority) {
    return new SyslogMessage(
        Format.RAW, priority >> 3, priority & 7, null, null, null, null, null, Map.of(), line);
  }

  /** RFC 5424 allows a UTF-8 byte order mark before the message; it is not part of the text. */
  static String stripBom(String message) {
    return message.startsWith("\uFEFF") ? message.substring(1) : message;
  }

  private static String stripLineEnd(String text) {
    int end = text.length();
    while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    return text.substring(0, end);
  }

  /** {@code <PRI>} at the start: 1 to 3 digits, 0 to 191. */
  record Priority(int value, int end) {
    static @Nullable Priority read(String line) {
      if (line.length() < 3 || line.charAt(0) != '<') {
        return null;
      }
      int value = 0;
      int i = 1;
      while (i < line.length() && i <= 4 && Character.isDigit(line.charAt(i))) {
        value = value * 10 + (line.charAt(i) - '0');
        i++;
      }
      if (i == 1 || i > 4 || i >= line.length() || line.charAt(i) != '>' || value > 191) {
        return null;
      }
      return new Priority(value, i + 1);
    }
  }
}
