package io.vigie.collector.influx;

/** How one batch write ended. */
public record WriteOutcome(Kind kind, String message) {

  /** What to do about it. */
  public enum Kind {
    /** Written. */
    OK,
    /** Network error, timeout or 5xx: keep the data and try again later. */
    TRANSIENT,
    /** Authentication or missing database: keep the data, try again, and say it loudly. */
    CONFIG,
    /** InfluxDB refuses these points (type conflict, unparsable): retrying cannot help. */
    BAD_DATA
  }

  public static final WriteOutcome OK = new WriteOutcome(Kind.OK, "");

  public boolean ok() {
    return kind == Kind.OK;
  }
}
