package io.vigie.collector.logs;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One syslog message as received, parsed as far as its format allows. A message that could not be
 * parsed is kept whole in {@code message}, with {@link Format#RAW}: nothing received is dropped.
 *
 * @param format how it was read
 * @param facility 0 to 23 (RFC 5424 table 1); 1 (user) when the message had no priority
 * @param severity 0 (emergency) to 7 (debug); 5 (notice) when the message had no priority (RFC 3164
 *     section 4.3.3: a relay gives such a message priority 13)
 * @param timestamp the time the sender wrote, or null (none, or one that could not be read)
 * @param hostname the host name the sender wrote, or null
 * @param appname the application (RFC 3164: the tag), or null
 * @param procid the process id, or null
 * @param msgid RFC 5424's message id, or null
 * @param structured RFC 5424's structured data, {@code SDID@PEN.param} (or {@code SDID.param}) to
 *     its value; empty otherwise
 * @param message the free text; for {@link Format#RAW} the whole message as received
 */
public record SyslogMessage(
    Format format,
    int facility,
    int severity,
    @Nullable Instant timestamp,
    @Nullable String hostname,
    @Nullable String appname,
    @Nullable String procid,
    @Nullable String msgid,
    Map<String, String> structured,
    String message) {

  /** Facility 1 (user), severity 5 (notice): RFC 3164's priority for a message without one. */
  static final int DEFAULT_PRIORITY = 13;

  public SyslogMessage {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(message, "message");
    structured = Map.copyOf(structured);
    if (facility < 0 || facility > 23 || severity < 0 || severity > 7) {
      throw new IllegalArgumentException(
          "facility 0-23 and severity 0-7, found " + facility + " and " + severity);
    }
  }

  /** How a message was read. */
  public enum Format {
    /** RFC 5424, read by simple-syslog-5424. */
    RFC5424,
    /** RFC 3164 and what real devices send under that name (decision 0012). */
    RFC3164,
    /** Neither: kept whole, with the priority when it had one. */
    RAW,
    /** An entry of a systemd journal, followed over SSH. */
    JOURNAL,
    /** A line of a file, followed over SSH. */
    FILE
  }

  /** Telegraf's names of the severities, which its syslog input writes as the severity tag. */
  private static final String[] SEVERITIES = {
    "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"
  };

  /** Telegraf's names of the facilities (its syslog input's facility tag). */
  private static final String[] FACILITIES = {
    "kern",
    "user",
    "mail",
    "daemon",
    "auth",
    "syslog",
    "lpr",
    "news",
    "uucp",
    "cron",
    "authpriv",
    "ftp",
    "ntp",
    "security",
    "console",
    "solaris-cron",
    "local0",
    "local1",
    "local2",
    "local3",
    "local4",
    "local5",
    "local6",
    "local7"
  };

  public String severityName() {
    return SEVERITIES[severity];
  }

  public String facilityName() {
    return FACILITIES[facility];
  }
}
