package io.vigie.dashboards.generate;

/** Quoting for InfluxQL, so that an id or name can never change a query's meaning. */
final class Influxql {
  private Influxql() {}

  /** A string literal: {@code 'it''s'} is written {@code 'it\'s'}. */
  static String string(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** A quoted identifier (measurement, field or tag key). */
  static String ident(String name) {
    return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** {@code "target" = 'id'}. */
  static String targetIs(String targetId) {
    return "\"target\" = " + string(targetId);
  }

  /** {@code "client" = 'id'}. */
  static String clientIs(String clientId) {
    return "\"client\" = " + string(clientId);
  }
}
