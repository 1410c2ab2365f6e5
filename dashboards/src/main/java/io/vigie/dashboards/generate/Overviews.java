package io.vigie.dashboards.generate;

import static io.vigie.dashboards.generate.Influxql.clientIs;

import io.vigie.dashboards.grafana.Dashboard;
import io.vigie.dashboards.grafana.FieldConfigSource;
import io.vigie.dashboards.grafana.FieldConfigSource.FieldColor;
import io.vigie.dashboards.grafana.FieldConfigSource.FieldConfig;
import io.vigie.dashboards.grafana.FieldConfigSource.FieldOverride;
import io.vigie.dashboards.grafana.FieldConfigSource.Property;
import io.vigie.dashboards.grafana.FieldConfigSource.Thresholds;
import io.vigie.dashboards.grafana.InfluxQuery;
import io.vigie.dashboards.grafana.Link;
import io.vigie.dashboards.grafana.Panel;
import io.vigie.dashboards.grafana.PanelOptions;
import io.vigie.model.dashboard.DashboardNames;
import io.vigie.model.inventory.Client;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.Language;
import io.vigie.model.inventory.Target;
import io.vigie.model.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The overviews: the NOC's, over every target with the pipeline's own health, and each client's,
 * over its targets only, with their syslog lines ({@link LogPanels}). Both read the {@code status}
 * measurement the alerting service writes.
 */
final class Overviews {
  /** Tiles per line of the status grid, at Grafana's usual width. */
  private static final int TILES_PER_LINE = 8;

  /** Joins the collectors' own points up to three times their slowest usual interval. */
  private static final long GAP_MS = 180_000;

  private static final String LEGEND =
      "**RUN** every check within its levels · **WARNING** a check above its warning level ·"
          + " **ERROR** a check above its error level, or a check failing · **DEAD** the target"
          + " cannot be reached, or sends no data. Click a tile for the target's detail.";

  private final Inventory inventory;
  private final LogPanels logs;

  Overviews(Inventory inventory, LogPanels logs) {
    this.inventory = inventory;
    this.logs = logs;
  }

  Dashboard noc() {
    Layout layout = new Layout();
    statusRows(layout, "", inventory.targets(), true);
    transitionRows(layout, "", inventory.targets(), true);
    pipelineRow(layout);
    List<Link> links = new ArrayList<>();
    links.add(Link.byTags("Clients", List.of(Tags.CLIENT_OVERVIEW)));
    return Dashboards.of(
        DashboardNames.OVERVIEW_UID,
        "Vigie NOC overview",
        "Every target's status (RUN, WARNING, ERROR, DEAD) and the health of the pipeline.",
        List.of(Tags.OWNER, Tags.OVERVIEW),
        links,
        List.of(),
        layout.elements());
  }

  Dashboard client(Client client) {
    List<Target> targets =
        inventory.targets().stream().filter(t -> t.client().equals(client.id())).toList();
    Layout layout = new Layout();
    // Clients read this dashboard without the NOC's habits: say what the colours mean.
    layout.add(Panels.text("What the statuses mean", LEGEND), 24, 3);
    String scope = clientIs(client.id()) + " AND ";
    statusRows(layout, scope, targets, false);
    ServicesRow.add(layout, scope, targets, client.language());
    transitionRows(layout, scope, targets, false);
    logs.addToClient(layout, client.id());
    return Dashboards.of(
        DashboardNames.clientUid(client.id()),
        client.name() + " overview",
        "The status of " + client.name() + "'s targets.",
        List.of(Tags.OWNER, Tags.CLIENT_OVERVIEW, Tags.client(client.id())),
        List.of(Link.byTags("Targets", List.of(Tags.OWNER, Tags.TARGET, Tags.client(client.id())))),
        List.of(),
        layout.elements());
  }

  /**
   * The causes a table shows: the client's own words ({@code cause}, in its language) on its
   * dashboards; on the NOC's, the English text ({@code cause_noc}) and, beside it, what the client
   * reads. A point written before {@code cause_noc} existed leaves that cell empty, and its {@code
   * cause} holds the English text: nothing breaks, the text is in the next column.
   */
  static String causes(boolean noc, String select) {
    String client = of(select, Schema.STATUS_CAUSE);
    return noc
        ? of(select, Schema.STATUS_CAUSE_NOC)
            + " AS \"cause\", "
            + client
            + " AS \"said to the client\""
        : client + " AS \"cause\"";
  }

  /** {@code select("field")}, or the field itself for a raw select. */
  private static String of(String select, String field) {
    return select.isEmpty() ? Influxql.ident(field) : select + "(" + Influxql.ident(field) + ")";
  }

  /** Counts, the grid and the causes, for the targets {@code scope} selects. */
  private static void statusRows(Layout layout, String scope, List<Target> targets, boolean noc) {
    layout.row("Status now");
    String latest =
        "SELECT last(\"code\") AS \"code\" FROM \"status\" WHERE "
            + scope
            + "$timeFilter GROUP BY \"target\"";
    for (String[] status : Statuses.ALL) {
      FieldConfig count =
          FieldConfig.builder()
              .unit("none")
              .noValue("0")
              .color(new FieldColor("fixed", status[2]))
              .build();
      layout.add(
          Panels.stat(
              status[1],
              "Targets whose latest status is " + status[1] + ".",
              PanelOptions.Stat.tiles("value"),
              FieldConfigSource.of(count),
              InfluxQuery.series(
                  "A",
                  Panels.INFLUX,
                  // pow(0, (code - k)²) is 1 for code k and 0 otherwise: a sum that says 0
                  // when no target has the status, where count() would return nothing. (Not
                  // abs(): InfluxDB 1.6 returns abs() of an expression unchanged.)
                  "SELECT sum(\"n\") FROM (SELECT pow(0, pow(\"code\" - "
                      + status[0]
                      + ", 2)) AS \"n\" FROM ("
                      + latest
                      + "))",
                  status[1])),
          6,
          4);
    }
    List<FieldOverride> tileLinks = new ArrayList<>();
    for (Target target : targets) {
      tileLinks.add(
          FieldOverride.byName(
              target.id(),
              new Property(
                  "links",
                  List.of(
                      Link.toDashboard(
                          target.id() + " detail",
                          DashboardNames.targetUid(target.id()),
                          "Open the detail of " + target.id())))));
    }
    FieldConfig tile = Panels.statusCodes();
    int lines = Math.max(1, (targets.size() + TILES_PER_LINE - 1) / TILES_PER_LINE);
    layout.add(
        Panels.stat(
            "Status grid",
            "One tile per target: its latest status. Click a tile for the target's detail; the"
                + " cause of a status is in the table below and in the tooltip of the history.",
            PanelOptions.Stat.tiles("value_and_name"),
            new FieldConfigSource(tile, tileLinks),
            InfluxQuery.series(
                "A",
                Panels.INFLUX,
                "SELECT last(\"code\") FROM \"status\" WHERE "
                    + scope
                    + "$timeFilter GROUP BY \"target\"",
                "$tag_target")),
        24,
        Math.min(24, 2 + 3 * lines));
    layout.add(
        Panels.table(
            "Status and cause",
            "The latest status of every target, worst first; a cut cause shows in full on hover.",
            List.of(new PanelOptions.SortBy("status", true)),
            List.of(statusColumn("status"), hidden("Time")),
            InfluxQuery.table(
                "A",
                Panels.INFLUX,
                "SELECT last(\"code\") AS \"status\", last(\"check\") AS \"check\", "
                    + causes(noc, "last")
                    + " FROM \"status\" WHERE "
                    + scope
                    + "$timeFilter GROUP BY \"target\"")),
        24,
        Math.min(20, 3 + targets.size()));
  }

  /** Each target's status history and the last changes, for the targets {@code scope} selects. */
  private static void transitionRows(
      Layout layout, String scope, List<Target> targets, boolean noc) {
    layout.row("Transitions");
    layout.add(
        Panels.stateTimeline(
            "Status history",
            "Each target's status over the time range; the tooltip gives the status at a moment.",
            Statuses.mappings(),
            InfluxQuery.series(
                "A",
                Panels.INFLUX,
                "SELECT last(\"code\") FROM \"status\" WHERE "
                    + scope
                    + "$timeFilter GROUP BY time($__interval), \"target\" fill(previous)",
                "$tag_target")),
        24,
        Math.min(20, 3 + targets.size()));
    layout.add(transitionsTable(scope, noc), 24, 8);
  }

  /** The last changes of status, newest first, with their cause. */
  static Panel transitionsTable(String scope, boolean noc) {
    return Panels.table(
        "Recent transitions",
        "Every change of status in the time range, newest first.",
        List.of(),
        List.of(statusColumn("previous"), statusCodeByName("status")),
        InfluxQuery.table(
            "A",
            Panels.INFLUX,
            "SELECT \"target\", \"previous\", \"status\", \"check\", "
                + causes(noc, "")
                + " FROM \"status\" WHERE "
                + scope
                + "\"changed\" = true AND $timeFilter ORDER BY time DESC LIMIT 100"));
  }

  /** The collectors' own meters ({@code vigie_collector}) and every poll's outcome. */
  private static void pipelineRow(Layout layout) {
    layout.row("Pipeline health");
    // Refused points get a panel of their own: on the writes graph a handful of them vanish
    // beside thousands of points written, and each one is data lost for a target.
    FieldConfig refused =
        FieldConfig.builder()
            .unit("none")
            .noValue("0")
            .color(FieldColor.byThresholds())
            .thresholds(
                new Thresholds(
                    "absolute",
                    List.of(
                        new Thresholds.Step(null, Statuses.RUN),
                        new Thresholds.Step(1.0, Statuses.ERROR))))
            .build();
    layout.add(
        Panels.stat(
            "Points refused by InfluxDB",
            "Points InfluxDB refused for good in the time range, per collector (each one is set"
                + " aside in the collector's rejected.lp; the collector's health says DEGRADED and"
                + " the alerting service raises collector:ID:rejected). Anything but 0 is data"
                + " lost.",
            PanelOptions.Stat.tiles("value_and_name"),
            FieldConfigSource.of(refused),
            InfluxQuery.series(
                "A",
                Panels.INFLUX,
                "SELECT sum(\"refused\") FROM (SELECT non_negative_difference(last(\"count\")) AS"
                    + " \"refused\" FROM \"vigie_collector\" WHERE \"meter\" = '"
                    + Schema.METER_POINTS_REJECTED
                    + "' AND $timeFilter GROUP BY time($__interval), \"collector\") GROUP BY"
                    + " \"collector\"",
                "$tag_collector")),
        24,
        4);
    layout.add(
        Panels.timeseries(
            "Polls by result",
            "Polls per interval by collector and result. A skipped poll was not made on time:"
                + " the previous poll of that target was still running.",
            "none",
            GAP_MS,
            InfluxQuery.series(
                "A",
                Panels.INFLUX,
                "SELECT non_negative_difference(last(\"count\")) FROM \"vigie_collector\" WHERE"
                    + " \"meter\" = 'vigie.polls' AND $timeFilter GROUP BY time($__interval),"
                    + " \"collector\", \"result\" fill(none)",
                "$tag_collector $tag_result")),
        12,
        8);
    layout.add(
        Panels.timeseries(
            "Spool backlog",
            "Points waiting in each collector's spool for InfluxDB. It grows while InfluxDB is"
                + " unreachable and must come back to zero.",
            "none",
            GAP_MS,
            InfluxQuery.series(
                "A",
                Panels.INFLUX,
                "SELECT max(\"value\") FROM \"vigie_collector\" WHERE \"meter\" ="
                    + " 'vigie.spool.pending' AND $timeFilter GROUP BY time($__interval),"
                    + " \"collector\" fill(none)",
                "$tag_collector")),
        12,
        8);
    layout.add(
        Panels.timeseries(
            "Writes and write errors",
            "Points written to InfluxDB, points refused or dropped, and failed write attempts by"
                + " kind (transient, config, bad_data), per interval.",
            "none",
            GAP_MS,
            InfluxQuery.series(
                "A",
                Panels.INFLUX,
                "SELECT non_negative_difference(last(\"count\")) FROM \"vigie_collector\" WHERE"
                    + " \"meter\" =~"
                    + " /^vigie\\.(points\\.written|points\\.rejected|points\\.dropped|writer\\.errors)$/"
                    + " AND $timeFilter GROUP BY time($__interval), \"collector\", \"meter\","
                    + " \"kind\" fill(none)",
                "$tag_collector $tag_meter $tag_kind")),
        12,
        8);
    layout.add(
        Panels.timeseries(
            Metrics.name(Schema.POLL, Schema.POLL_DURATION_MS, Language.EN) + " by kind",
            "Mean time a poll took, by target kind.",
            Metrics.unit(Schema.POLL, Schema.POLL_DURATION_MS),
            GAP_MS,
            InfluxQuery.series(
                "A",
                Panels.INFLUX,
                "SELECT mean(\"duration_ms\") FROM \"poll\" WHERE $timeFilter GROUP BY"
                    + " time($__interval), \"kind\" fill(none)",
                "$tag_kind")),
        12,
        8);
  }

  /** A column of status codes shown as coloured names. */
  static FieldOverride statusColumn(String name) {
    return FieldOverride.byName(
        name,
        new Property("mappings", Statuses.mappings()),
        new Property("custom.cellOptions", Map.of("type", "color-background")));
  }

  /** A column of status names (text) coloured like the codes. */
  static FieldOverride statusCodeByName(String name) {
    return FieldOverride.byName(
        name,
        new Property(
            "mappings",
            List.of(
                new io.vigie.dashboards.grafana.ValueMapping.Values(
                    Map.of(
                        "RUN",
                            new io.vigie.dashboards.grafana.ValueMapping.Result(
                                "RUN", Statuses.RUN, 0),
                        "WARNING",
                            new io.vigie.dashboards.grafana.ValueMapping.Result(
                                "WARNING", Statuses.WARNING, 1),
                        "ERROR",
                            new io.vigie.dashboards.grafana.ValueMapping.Result(
                                "ERROR", Statuses.ERROR, 2),
                        "DEAD",
                            new io.vigie.dashboards.grafana.ValueMapping.Result(
                                "DEAD", Statuses.DEAD, 3))))),
        new Property("custom.cellOptions", Map.of("type", "color-background")));
  }

  static FieldOverride hidden(String name) {
    return FieldOverride.byName(name, new Property("custom.hidden", true));
  }
}
