package io.vigie.dashboards.generate;

import io.vigie.dashboards.grafana.FieldConfigSource;
import io.vigie.dashboards.grafana.FieldConfigSource.FieldColor;
import io.vigie.dashboards.grafana.FieldConfigSource.FieldConfig;
import io.vigie.dashboards.grafana.FieldConfigSource.FieldOverride;
import io.vigie.dashboards.grafana.FieldConfigSource.Property;
import io.vigie.dashboards.grafana.InfluxQuery;
import io.vigie.dashboards.grafana.Panel;
import io.vigie.dashboards.grafana.PanelOptions;
import io.vigie.dashboards.grafana.PanelOptions.Legend;
import io.vigie.dashboards.grafana.PanelOptions.Tooltip;
import io.vigie.dashboards.grafana.ValueMapping;
import io.vigie.dashboards.grafana.ValueMapping.Result;
import io.vigie.model.schema.LogSchema;
import io.vigie.model.schema.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The logs row: the lines the collectors' syslog receivers wrote (the {@code syslog} measurement,
 * in the logs' own retention policy), newest first, their severity coloured; on a client's
 * overview, also the lines per severity over time.
 *
 * <p>The lines are a {@code table} panel, not Grafana's {@code logs} panel: the logs panel colours
 * a line by a level palette of its own (critical purple, info green...) that field config cannot
 * change, so syslog's severities could not get the house colours (errors red as an ERROR status,
 * warnings amber); and how it reads an InfluxQL answer (which string field is the line, which the
 * level) is decided inside Grafana, which no test here runs, whereas a table's columns are the
 * query's own, which {@code DashboardQueriesIT} runs against real lines.
 */
final class LogPanels {
  /** Lines a panel shows at most: enough for an incident, light for the browser. */
  static final int LIMIT = 500;

  /**
   * Telegraf's severity tag values (what the collector writes), most severe first, each with its
   * colour: emerg to err red as an ERROR status, warning amber as a WARNING, notice and info in the
   * text's own colour (routine), debug grey.
   */
  private static final Map<String, String> SEVERITIES = severities();

  /** {@code "policy"."syslog"}: the policy is not the database's default, so queries name it. */
  private final String from;

  /**
   * @param retentionPolicy the logs' retention policy, where the collectors write them ({@code
   *     vigie.logs.retention-policy})
   */
  LogPanels(String retentionPolicy) {
    this.from = Influxql.ident(retentionPolicy) + "." + Influxql.ident(LogSchema.MEASUREMENT);
  }

  /**
   * A target's lines. The condition names its client as well as the target: the collector tags a
   * line with a target only together with that target's client, so every line of the target has
   * both, and a client's dashboard says in its own query that it shows that client's lines only.
   */
  void addToTarget(Layout layout, String clientId, String targetId) {
    layout.row("Logs");
    layout.add(
        lines(
            "Log lines",
            "The latest "
                + LIMIT
                + " syslog lines of this target in the time range, newest first; their severity"
                + " coloured (emerg to err red, warning amber, debug grey).",
            Influxql.clientIs(clientId) + " AND " + Influxql.targetIs(targetId) + " AND ",
            false),
        24,
        12);
  }

  /** A client's lines over all its targets, and how many per severity over time. */
  void addToClient(Layout layout, String clientId) {
    String scope = Influxql.clientIs(clientId) + " AND ";
    layout.row("Logs");
    layout.add(bySeverity(scope), 24, 7);
    layout.add(
        lines(
            "Log lines",
            "The latest "
                + LIMIT
                + " syslog lines of every target of this client in the time range, newest first;"
                + " their severity coloured (emerg to err red, warning amber, debug grey).",
            scope,
            true),
        24,
        14);
  }

  /** Lines per interval and severity, stacked bars coloured by severity. */
  private Panel bySeverity(String scope) {
    List<FieldOverride> colours = new ArrayList<>();
    SEVERITIES.forEach(
        (severity, colour) ->
            colours.add(
                FieldOverride.byName(
                    severity, new Property("color", new FieldColor("fixed", colour)))));
    Panel panel =
        Panels.timeseries(
            "Log lines by severity",
            "Syslog lines received per interval, by severity.",
            "none",
            0,
            InfluxQuery.series(
                "A",
                Panels.INFLUX,
                "SELECT count("
                    + Influxql.ident(LogSchema.MESSAGE)
                    + ") FROM "
                    + from
                    + " WHERE "
                    + scope
                    + "$timeFilter GROUP BY time($__interval), "
                    + Influxql.ident(LogSchema.TAG_SEVERITY)
                    + " fill(none)",
                "$tag_" + LogSchema.TAG_SEVERITY));
    // Counts per interval are bars, stacked: a line between two intervals would invent lines.
    FieldConfig bars =
        panel.fieldConfig().defaults().toBuilder()
            .custom(
                Map.of(
                    "drawStyle",
                    "bars",
                    "fillOpacity",
                    80,
                    "lineWidth",
                    1,
                    "showPoints",
                    "never",
                    "stacking",
                    Map.of("mode", "normal", "group", "A")))
            .build();
    return new Panel(
        panel.id(),
        panel.title(),
        panel.description(),
        panel.gridPos(),
        panel.datasource(),
        // A bar per minute at least: finer ones are hairs on a 6-hour range.
        "1m",
        panel.links(),
        panel.targets(),
        // The legend says how many lines of each severity the range holds.
        new PanelOptions.TimeSeries(
            new Legend("table", "bottom", true, List.of("sum", "max")), Tooltip.multi()),
        new FieldConfigSource(bars, colours));
  }

  /** The lines {@code scope} selects, newest first, with the target when there are several. */
  private Panel lines(String title, String description, String scope, boolean withTarget) {
    List<String> columns = new ArrayList<>();
    if (withTarget) {
      columns.add(Schema.TAG_TARGET);
    }
    columns.addAll(
        List.of(
            LogSchema.TAG_SEVERITY,
            LogSchema.TAG_APPNAME,
            LogSchema.TAG_HOSTNAME,
            LogSchema.MESSAGE));
    List<FieldOverride> overrides = new ArrayList<>();
    overrides.add(
        FieldOverride.byName(
            LogSchema.TAG_SEVERITY,
            new Property("mappings", severityMappings()),
            new Property("custom.cellOptions", Map.of("type", "color-text")),
            new Property("custom.width", 90)));
    // The message takes what the short columns leave.
    for (String narrow :
        withTarget
            ? List.of(Schema.TAG_TARGET, LogSchema.TAG_APPNAME, LogSchema.TAG_HOSTNAME)
            : List.of(LogSchema.TAG_APPNAME, LogSchema.TAG_HOSTNAME)) {
      overrides.add(FieldOverride.byName(narrow, new Property("custom.width", 150)));
    }
    overrides.add(FieldOverride.byName("Time", new Property("custom.width", 170)));
    return Panels.table(
        title,
        description,
        List.of(),
        overrides,
        InfluxQuery.table(
            "A",
            Panels.INFLUX,
            "SELECT "
                + String.join(", ", columns.stream().map(Influxql::ident).toList())
                + " FROM "
                + from
                + " WHERE "
                + scope
                + "$timeFilter ORDER BY time DESC LIMIT "
                + LIMIT));
  }

  /** Each severity as itself, in its colour, ordered from the most severe. */
  static List<ValueMapping> severityMappings() {
    Map<String, Result> options = new LinkedHashMap<>();
    int index = 0;
    for (Map.Entry<String, String> s : SEVERITIES.entrySet()) {
      options.put(s.getKey(), new Result(s.getKey(), s.getValue(), index++));
    }
    return List.of(new ValueMapping.Values(options));
  }

  private static Map<String, String> severities() {
    Map<String, String> colours = new LinkedHashMap<>();
    for (String severe : List.of("emerg", "alert", "crit", "err")) {
      colours.put(severe, Statuses.ERROR);
    }
    colours.put("warning", Statuses.WARNING);
    // Grafana's name for the theme's text colour: routine lines look like plain text.
    colours.put("notice", "text");
    colours.put("info", "text");
    colours.put("debug", Statuses.NO_DATA);
    return java.util.Collections.unmodifiableMap(colours);
  }
}
