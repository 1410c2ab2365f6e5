package io.vigie.dashboards.generate;

import io.vigie.dashboards.grafana.FieldConfigSource;
import io.vigie.dashboards.grafana.FieldConfigSource.FieldConfig;
import io.vigie.dashboards.grafana.InfluxQuery;
import io.vigie.dashboards.grafana.Panel;
import io.vigie.dashboards.grafana.PanelOptions;
import io.vigie.model.inventory.Language;
import io.vigie.model.inventory.Target;
import io.vigie.model.schema.MeasurementDef;
import io.vigie.model.schema.Schema;
import io.vigie.model.schema.Unit;

/**
 * What a target's detail dashboard shares between its rows: the condition that selects the target's
 * series, the gap that breaks a graph, the queries, and the panels several kinds draw (load,
 * uptime, a percentage graph).
 *
 * <p>Apart from {@link TargetDetail} so that the rows of each kind ({@link HostRows}, {@link
 * SshCheckRows}, {@link SnmpInterfaceRows}, {@link SnmpDeviceRows}) draw these panels the same way.
 */
final class DetailPanels {
  private final String where;
  private final Language language;

  /** Three poll intervals: a longer gap in a graph means polls failed. */
  private final long gapMs;

  DetailPanels(Target target, Language language) {
    this.where = Influxql.targetIs(target.id()) + " AND ";
    this.language = language;
    this.gapMs = 3 * target.interval().toMillis();
  }

  /** {@code <the target is this one> AND }, to start a query's condition with. */
  String where() {
    return where;
  }

  long gapMs() {
    return gapMs;
  }

  /** The language of the dashboard's metric names: its client's. */
  Language language() {
    return language;
  }

  Panel load() {
    return Panels.timeseries(
        "Load",
        "Load averages over 1, 5 and 15 minutes.",
        Metrics.unit(Schema.LOAD, "load1"),
        gapMs,
        series(
            "SELECT mean(\"load1\")"
                + Metrics.as(Schema.LOAD, "load1", language)
                + ", mean(\"load5\")"
                + Metrics.as(Schema.LOAD, "load5", language)
                + ", mean(\"load15\")"
                + Metrics.as(Schema.LOAD, "load15", language)
                + " FROM \"load\" WHERE "
                + where
                + "$timeFilter GROUP BY time($__interval) fill(none)",
            "$col"));
  }

  Panel uptime() {
    return Panels.stat(
        Metrics.name(Schema.SYSTEM, "uptime_s", language),
        "Time since boot (SNMP: since the agent started).",
        new PanelOptions.Stat(
            "none",
            "none",
            "center",
            "value",
            true,
            false,
            PanelOptions.Reduce.last(),
            "standard",
            "auto"),
        FieldConfigSource.of(
            FieldConfig.builder().unit(Metrics.unit(Schema.SYSTEM, "uptime_s")).build()),
        series(
            "SELECT last(\"uptime_s\") FROM \"system\" WHERE " + where + "$timeFilter", "uptime"));
  }

  Panel percent(String title, String description, String query, String alias) {
    Panel panel =
        Panels.timeseries(
            title, description, Metrics.grafanaUnit(Unit.PERCENT), gapMs, series(query, alias));
    FieldConfigSource fields = panel.fieldConfig();
    return new Panel(
        panel.id(),
        panel.title(),
        panel.description(),
        panel.gridPos(),
        panel.datasource(),
        panel.interval(),
        panel.links(),
        panel.targets(),
        panel.options(),
        new FieldConfigSource(
            fields.defaults().toBuilder().min(0.0).max(100.0).build(), fields.overrides()));
  }

  /** {@code mean("f") AS "<display name>", ...} for {@code fields} of {@code measurement}. */
  static String means(MeasurementDef measurement, Language language, String... fields) {
    java.util.List<String> means = new java.util.ArrayList<>();
    for (String field : fields) {
      means.add("mean(" + Influxql.ident(field) + ")" + Metrics.as(measurement, field, language));
    }
    return String.join(", ", means);
  }

  static InfluxQuery series(String query, String alias) {
    return InfluxQuery.series("A", Panels.INFLUX, query, alias);
  }

  static InfluxQuery table(String query) {
    return InfluxQuery.table("A", Panels.INFLUX, query);
  }
}
