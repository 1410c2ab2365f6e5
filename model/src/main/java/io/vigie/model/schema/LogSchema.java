package io.vigie.model.schema;

import static io.vigie.model.schema.FieldType.INTEGER;
import static io.vigie.model.schema.FieldType.STRING;

import java.util.List;

/**
 * The {@code syslog} measurement: one point per syslog message received. Its tags and fields are
 * those of Telegraf's syslog input, so that Grafana log panels built for Telegraf read Vigie's
 * data; Vigie adds {@code client} and {@code target} (the sender's, from the inventory) and {@code
 * format}. Structured data (RFC 5424) are string fields named {@code SDID_param}, as Telegraf names
 * them.
 */
public final class LogSchema {
  public static final String MEASUREMENT = "syslog";

  public static final String TAG_SEVERITY = "severity";
  public static final String TAG_FACILITY = "facility";
  public static final String TAG_HOSTNAME = "hostname";
  public static final String TAG_APPNAME = "appname";

  /** The sender's address (a relay's, when a relay forwarded the message). */
  public static final String TAG_SOURCE = "source";

  public static final String MESSAGE = "message";

  /** The time the sender wrote, in nanoseconds since the epoch; the point's time is reception's. */
  public static final String TIMESTAMP = "timestamp";

  public static final String VERSION = "version";
  public static final String PROCID = "procid";
  public static final String MSGID = "msgid";
  public static final String SEVERITY_CODE = "severity_code";
  public static final String FACILITY_CODE = "facility_code";

  /** How the message was read: rfc5424, rfc3164, or raw (kept whole). */
  public static final String FORMAT = "format";

  /** 1 when the message was cut at the receiver's length limit. */
  public static final String TRUNCATED = "truncated";

  /** Between a structured-data element's id and a parameter's name, in a field's key. */
  public static final String SD_SEPARATOR = "_";

  public static final MeasurementDef SYSLOG =
      new MeasurementDef(
          MEASUREMENT,
          "One point per syslog message received, Telegraf's syslog schema plus the sender's"
              + " client and target. The point's time is the reception's, made unique within its"
              + " series (two lines of one source in the same nanosecond are a nanosecond apart);"
              + " the sender's own time is the `timestamp` field.",
          List.of(
              Schema.TAG_COLLECTOR,
              Schema.TAG_CLIENT,
              Schema.TAG_TARGET,
              TAG_SEVERITY,
              TAG_FACILITY,
              TAG_HOSTNAME,
              TAG_APPNAME,
              TAG_SOURCE),
          List.of(
              new FieldDef(MESSAGE, STRING, "text", "the message's free text (all of it when raw)"),
              new FieldDef(
                      TIMESTAMP,
                      INTEGER,
                      "ns since 1970",
                      "the time the sender wrote, when it wrote one")
                  .shown("Sender's time", "Heure de l'émetteur"),
              new FieldDef(VERSION, INTEGER, "code", "RFC 5424's version (1)")
                  .shown("Syslog version", "Version syslog"),
              new FieldDef(PROCID, STRING, "text", "the sender's process id"),
              new FieldDef(MSGID, STRING, "text", "RFC 5424's message id"),
              new FieldDef(SEVERITY_CODE, INTEGER, "code", "0 (emergency) to 7 (debug)")
                  .shown("Severity", "Gravité"),
              new FieldDef(FACILITY_CODE, INTEGER, "code", "0 (kern) to 23 (local7)")
                  .shown("Facility", "Origine"),
              new FieldDef(FORMAT, STRING, "code", "rfc5424, rfc3164, raw, journal or file"),
              new FieldDef(TRUNCATED, INTEGER, "0/1", "1 when cut at the receiver's limit")
                  .shown("Message cut", "Message tronqué")));

  /** The measurement of log rules' matches, in the metrics' retention policy. */
  public static final String MATCH_MEASUREMENT = "logmatch";

  public static final String TAG_RULE = "rule";
  public static final String MATCHES = "matches";
  public static final String LINES = "lines";

  /** The most lines a {@code logmatch} point quotes, and the longest each is kept. */
  public static final int QUOTED_LINES = 3;

  public static final int QUOTED_LENGTH = 300;

  public static final MeasurementDef LOG_MATCH =
      new MeasurementDef(
          MATCH_MEASUREMENT,
          "Lines that matched a log rule of the inventory, counted by the collector that received"
              + " them: one point per target and rule every few seconds while lines match, none"
              + " otherwise. The alerting service sums them over the rule's window.",
          List.of(Schema.TAG_COLLECTOR, Schema.TAG_CLIENT, Schema.TAG_TARGET, TAG_RULE),
          List.of(
              new FieldDef(MATCHES, INTEGER, "count", "lines that matched since the last point")
                  .shown("Matching log lines", "Lignes de journal correspondantes"),
              new FieldDef(
                  LINES,
                  STRING,
                  "text",
                  "the last matching lines (3 at most, 300 characters each), one per line")));

  private LogSchema() {}
}
