package io.vigie.dashboards.generate;

import io.vigie.model.cause.CauseText;
import io.vigie.model.inventory.Language;
import io.vigie.model.schema.FieldDef;
import io.vigie.model.schema.MeasurementDef;
import io.vigie.model.schema.Unit;
import java.util.Map;

/**
 * What panels call a schema field and the unit Grafana formats it with, from {@link
 * io.vigie.model.schema.Schema}: the same names and units as mails and the API, in the dashboard's
 * language (a client's own dashboards in its language, the NOC's in English).
 */
final class Metrics {
  private Metrics() {}

  /** Grafana's unit id for a schema unit (SI prefixes, as mails write values). */
  static String grafanaUnit(Unit unit) {
    return switch (unit) {
      case PERCENT -> "percent";
      case BYTES -> "decbytes";
      case BYTES_PER_SECOND -> "Bps";
      case BITS_PER_SECOND -> "bps";
      case SECONDS -> "s";
      case MILLISECONDS -> "ms";
      case DAYS -> "d";
      // Grafana has no errors/s: an error is a packet in error.
      case PACKETS_PER_SECOND, ERRORS_PER_SECOND -> "pps";
      case COUNT, NONE -> "none";
    };
  }

  /** The field's Grafana unit. */
  static String unit(MeasurementDef measurement, String field) {
    return grafanaUnit(field(measurement, field).quantity());
  }

  /**
   * The field's display name in {@code language}, without its series' tag ("Free space on {mount}"
   * is "Free space on"): a legend adds the tag after it.
   */
  static String name(MeasurementDef measurement, String field, Language language) {
    field(measurement, field); // a field the schema lacks is a bug here, not a raw name shown
    return CauseText.metricName(measurement.name() + "." + field, Map.of(), language);
  }

  /**
   * The field's display name in {@code language} with its series' tags filled in ("Response time of
   * {probe}" is "Response time of home" for {@code probe=home}).
   */
  static String name(
      MeasurementDef measurement, String field, Language language, Map<String, String> tags) {
    field(measurement, field);
    return CauseText.metricName(measurement.name() + "." + field, tags, language);
  }

  /** {@code AS "<display name>"}, to name a query's column. */
  static String as(MeasurementDef measurement, String field, Language language) {
    return " AS " + Influxql.ident(name(measurement, field, language));
  }

  /** {@code AS "<display name with its tags>"}, to name a query's column. */
  static String as(
      MeasurementDef measurement, String field, Language language, Map<String, String> tags) {
    return " AS " + Influxql.ident(name(measurement, field, language, tags));
  }

  /** A word of a panel that is not a field's name, in the dashboard's language. */
  static String word(Language language, String en, String fr) {
    return language == Language.FR ? fr : en;
  }

  private static FieldDef field(MeasurementDef measurement, String field) {
    return measurement
        .field(field)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no field " + field + " in the schema's " + measurement.name()));
  }
}
