package io.vigie.collector.logs;

import io.vigie.collector.logs.SyslogMessage.Format;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * RFC 3164 ("BSD syslog") as devices send it, which the RFC only describes after the fact (decision
 * 0012): {@code Mmm dd hh:mm:ss HOST TAG[PID]: text}, and the variants met in the field: a day
 * padded with a space, no host name, an RFC 3339 timestamp in place of the BSD one (rsyslog's
 * forwarding format), Cisco IOS's sequence number, {@code *} or {@code .} before a clock not in
 * sync, milliseconds, a year and a zone name after the time, and {@code
 * %FACILITY-SEVERITY-MNEMONIC:} as the tag.
 */
final class Rfc3164 {
  private Rfc3164() {}

  private static final List<String> MONTHS =
      List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");

  /** Cisco IOS's sequence number, before everything else: {@code 000123: }. */
  private static final Pattern SEQUENCE = Pattern.compile("^\\d{1,10}: ");

  /**
   * The BSD timestamp: month, day (padded with a space or a zero), time, optional milliseconds,
   * optional year, optional zone name (Cisco), optional colon (Cisco).
   */
  private static final Pattern BSD_TIME =
      Pattern.compile(
          "^[*.]?([A-Za-z]{3}) {1,2}(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,6}))?"
              + "(?: (\\d{4})(?=[: ]))?(?: ([A-Z]{2,5})(?=:))?:? ?");

  /** An RFC 3339 timestamp in place of the BSD one. */
  private static final Pattern ISO_TIME =
      Pattern.compile(
          "^(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?(?:Z|[+-]\\d{2}:\\d{2})) ");

  /** {@code TAG[PID]: } or {@code TAG: }; a tag of letters, digits and {@code -_./@}. */
  private static final Pattern TAG =
      Pattern.compile("^([A-Za-z0-9_./@-]{1,64})(?:\\[([^\\]\\s]{1,32})\\])?: ?");

  /** Cisco's {@code %LINK-3-UPDOWN: }. */
  private static final Pattern MNEMONIC = Pattern.compile("^%([A-Z0-9_]+-\\d-[A-Z0-9_]+): ?");

  /** A host name or an address, as a sender writes it. */
  private static final Pattern HOST = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,253}$");

  /**
   * The message after its priority, or null when it has no timestamp of either form (the caller
   * keeps it raw).
   */
  static @Nullable SyslogMessage parse(int priority, String rest, Instant received, ZoneId zone) {
    String s = rest;
    Matcher seq = SEQUENCE.matcher(s);
    if (seq.find()) {
      s = s.substring(seq.end());
    }
    Instant timestamp;
    Matcher bsd = BSD_TIME.matcher(s);
    Matcher iso = ISO_TIME.matcher(s);
    if (bsd.find()) {
      timestamp = bsdTime(bsd, received, zone);
      if (timestamp == null && MONTHS.indexOf(bsd.group(1).toLowerCase(Locale.ROOT)) < 0) {
        return null; // three letters that are no month: not a timestamp at all
      }
      s = s.substring(bsd.end());
    } else if (iso.find()) {
      try {
        timestamp = OffsetDateTime.parse(iso.group(1)).toInstant();
      } catch (DateTimeParseException e) {
        return null;
      }
      s = s.substring(iso.end());
    } else {
      return null;
    }
    String hostname = null;
    int space = s.indexOf(' ');
    if (space > 0) {
      String first = s.substring(0, space);
      if (!first.endsWith(":")
          && !first.contains("[")
          && !first.startsWith("%")
          && HOST.matcher(first).matches()) {
        hostname = first;
        s = s.substring(space + 1);
      }
    }
    String appname = null;
    String procid = null;
    Matcher mnemonic = MNEMONIC.matcher(s);
    Matcher tag = TAG.matcher(s);
    if (mnemonic.find()) {
      appname = mnemonic.group(1);
      s = s.substring(mnemonic.end());
    } else if (tag.find()) {
      appname = tag.group(1);
      procid = tag.group(2);
      s = s.substring(tag.end());
    }
    return new SyslogMessage(
        Format.RFC3164,
        priority >> 3,
        priority & 7,
        timestamp,
        hostname,
        appname,
        procid,
        null,
        Map.of(),
        s);
  }

  /**
   * The instant of a BSD timestamp. Without a year, the one that puts it closest to {@code
   * received}: a message of 31 December that arrives on 1 January is last year's.
   */
  private static @Nullable Instant bsdTime(Matcher m, Instant received, ZoneId zone) {
    int month = MONTHS.indexOf(m.group(1).toLowerCase(Locale.ROOT)) + 1;
    if (month == 0) {
      return null;
    }
    int day = Integer.parseInt(m.group(2));
    int hour = Integer.parseInt(m.group(3));
    int minute = Integer.parseInt(m.group(4));
    int second = Integer.parseInt(m.group(5));
    String fraction = m.group(6);
    int nanos = fraction == null ? 0 : Integer.parseInt((fraction + "000000000").substring(0, 9));
    ZoneId at = zone;
    String zoneName = m.group(8);
    if ("UTC".equals(zoneName) || "GMT".equals(zoneName)) {
      at = ZoneId.of("UTC");
    }
    try {
      if (m.group(7) != null) {
        return LocalDateTime.of(
                Integer.parseInt(m.group(7)), month, day, hour, minute, second, nanos)
            .atZone(at)
            .toInstant();
      }
      int year = received.atZone(at).getYear();
      Instant best = null;
      for (int y = year - 1; y <= year + 1; y++) {
        Instant candidate;
        try {
          candidate = ZonedDateTime.of(y, month, day, hour, minute, second, nanos, at).toInstant();
        } catch (DateTimeException e) {
          continue; // 29 February in a year without it
        }
        if (best == null
            || Duration.between(candidate, received)
                    .abs()
                    .compareTo(Duration.between(best, received).abs())
                < 0) {
          best = candidate;
        }
      }
      return best;
    } catch (DateTimeException e) {
      return null;
    }
  }
}
