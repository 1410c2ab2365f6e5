package io.vigie.dashboards.generate;

import io.vigie.dashboards.grafana.FieldConfigSource;
import io.vigie.dashboards.grafana.FieldConfigSource.FieldConfig;
import io.vigie.dashboards.grafana.InfluxQuery;
import io.vigie.dashboards.grafana.Panel;
import io.vigie.dashboards.grafana.PanelOptions;
import io.vigie.model.inventory.Target;

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

  /** Three poll intervals: a longer gap in a graph means polls failed. */
  private final long gapMs;

  DetailPanels(Target target) {
    this.where = Influxql.targetIs(target.id()) + " AND ";
    this.gapMs = 3 * target.interval().toMillis();
  }

  /** {@code <the target is this one> AND }, to start a query's condition with. */
  String where() {
    return where;
  }

  long gapMs() {
    return gapMs;
  }

  Panel load() {
    return Panels.timeseries(
        "Load",
        "Load averages over 1, 5 and 15 minutes.",
        "none",
        gapMs,
        series(
            "SELECT mean(\"load1\") AS \"1 min\", mean(\"load5\") AS \"5 min\", mean(\"load15\") AS"
                + " \"15 min\" FROM \"load\" WHERE "
                + where
                + "$timeFilter GROUP BY time($__interval) fill(none)",
            "$col"));
  }

  Panel uptime() {
    return Panels.stat(
        "Uptime",
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
        FieldConfigSource.of(FieldConfig.builder().unit("s").build()),
        series(
            "SELECT last(\"uptime_s\") FROM \"system\" WHERE " + where + "$timeFilter", "uptime"));
  }

  Panel percent(String title, String description, String query, String alias) {
    Panel panel = Panels.timeseries(title, description, "percent", gapMs, series(query, alias));
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

  static InfluxQuery series(String query, String alias) {
    return InfluxQuery.series("A", Panels.INFLUX, query, alias);
  }

  static InfluxQuery table(String query) {
    return InfluxQuery.table("A", Panels.INFLUX, query);
  }
}
