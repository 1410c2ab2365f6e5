package io.vigie.dashboards.generate;

import static io.vigie.dashboards.generate.Influxql.ident;

import io.vigie.dashboards.grafana.Dashboard;
import io.vigie.dashboards.grafana.FieldConfigSource;
import io.vigie.dashboards.grafana.FieldConfigSource.FieldConfig;
import io.vigie.dashboards.grafana.InfluxQuery;
import io.vigie.dashboards.grafana.Link;
import io.vigie.dashboards.grafana.Panel;
import io.vigie.dashboards.grafana.PanelOptions;
import io.vigie.dashboards.grafana.Variable;
import io.vigie.model.dashboard.DashboardNames;
import io.vigie.model.inventory.Client;
import io.vigie.model.inventory.Target;
import io.vigie.model.inventory.TargetKind;
import io.vigie.model.snmp.SnmpProfile;
import io.vigie.model.snmp.SnmpProfiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A target's detail dashboard: its status and why, how its polls go, then what its kind measures (a
 * host's CPU, memory, disks and network; a device's interfaces; an SSH host's checks).
 */
final class TargetDetail {
  private final Target target;
  private final Client client;
  private final String where;

  /** Three poll intervals: a longer gap in a graph means polls failed. */
  private final long gapMs;

  TargetDetail(Target target, Client client) {
    this.target = target;
    this.client = client;
    this.where = Influxql.targetIs(target.id()) + " AND ";
    this.gapMs = 3 * target.interval().toMillis();
  }

  Dashboard build() {
    Layout layout = new Layout();
    List<Variable> variables = new ArrayList<>();
    status(layout);
    polling(layout);
    switch (target.kind()) {
      case LOCAL -> host(layout);
      case SSH -> {
        host(layout);
        checks(layout);
      }
      case SNMP -> snmp(layout, variables);
    }
    List<Link> links =
        List.of(
            Link.toDashboard("NOC overview", DashboardNames.OVERVIEW_UID, "Every target"),
            Link.toDashboard(
                client.name() + " overview",
                DashboardNames.clientUid(client.id()),
                "Every target of " + client.name()),
            Link.byTags(
                client.name() + " targets",
                List.of(Tags.OWNER, Tags.TARGET, Tags.client(client.id()))));
    return Dashboards.of(
        DashboardNames.targetUid(target.id()),
        target.id(),
        target.kind().code()
            + " target of "
            + client.name()
            + (target.address() == null ? "" : " at " + target.address())
            + ".",
        List.of(Tags.OWNER, Tags.TARGET, Tags.client(client.id()), Tags.kind(target.kind().code())),
        links,
        variables,
        layout.elements());
  }

  private void status(Layout layout) {
    layout.row("Status");
    FieldConfig code = Panels.statusCodes();
    layout.add(
        Panels.stat(
            "Status",
            "The latest status the alerting service gave this target.",
            PanelOptions.Stat.tiles("value"),
            FieldConfigSource.of(code),
            series(
                "SELECT last(\"code\") FROM \"status\" WHERE " + where + "$timeFilter", "status")),
        6,
        5);
    layout.add(
        Panels.table(
            "Why",
            "The check that gives the status, and the cause in words.",
            List.of(),
            List.of(Overviews.statusColumn("status"), Overviews.hidden("Time")),
            table(
                "SELECT last(\"code\") AS \"status\", last(\"check\") AS \"check\","
                    + " last(\"cause\") AS \"cause\" FROM \"status\" WHERE "
                    + where
                    + "$timeFilter")),
        18,
        5);
    layout.add(
        Panels.stateTimeline(
            "Status history",
            "The status over the time range.",
            Statuses.mappings(),
            series(
                "SELECT last(\"code\") FROM \"status\" WHERE "
                    + where
                    + "$timeFilter GROUP BY time($__interval) fill(previous)",
                "status")),
        24,
        4);
    layout.add(Overviews.transitionsTable(where), 24, 7);
  }

  private void polling(Layout layout) {
    layout.row("Polling");
    String extra =
        target.kind() == TargetKind.SSH
            ? ", mean(\"connect_ms\") AS \"connect\", mean(\"auth_ms\") AS \"authenticate\""
            : "";
    layout.add(
        Panels.timeseries(
            "Poll duration",
            "How long the polls of this target took"
                + (extra.isEmpty() ? "." : "; connect and authenticate when a session opened."),
            "ms",
            gapMs,
            series(
                "SELECT mean(\"duration_ms\") AS \"mean\", max(\"duration_ms\") AS \"max\""
                    + extra
                    + " FROM \"poll\" WHERE "
                    + where
                    + "$timeFilter GROUP BY time($__interval) fill(none)",
                "$col")),
        12,
        7);
    layout.add(
        Panels.timeseries(
            "Reachability",
            "Share of polls that reached the target.",
            "percent",
            gapMs,
            series(
                "SELECT mean(\"up\") * 100 AS \"reached\" FROM \"poll\" WHERE "
                    + where
                    + "$timeFilter GROUP BY time($__interval) fill(none)",
                "$col")),
        12,
        7);
    layout.add(
        Panels.table(
            "Last polls",
            "The latest polls: reached or not, duration, points, and why a poll failed or fell"
                + " short.",
            List.of(),
            List.of(),
            table(
                "SELECT \"up\", \"duration_ms\", \"points\", \"reason\", \"warnings\" FROM \"poll\""
                    + " WHERE "
                    + where
                    + "$timeFilter ORDER BY time DESC LIMIT 20")),
        24,
        7);
  }

  private void host(Layout layout) {
    layout.row("Host");
    layout.add(
        percent(
            "CPU",
            "Busy time of all cores, and its parts.",
            "SELECT mean(\"usage_percent\") AS \"busy\", mean(\"user_percent\") AS \"user\","
                + " mean(\"system_percent\") AS \"system\", mean(\"iowait_percent\") AS \"iowait\","
                + " mean(\"steal_percent\") AS \"steal\" FROM \"cpu\" WHERE "
                + where
                + "\"cpu\" = 'total' AND $timeFilter GROUP BY time($__interval) fill(none)",
            "$col"),
        12,
        8);
    layout.add(load(), 12, 8);
    layout.add(
        percent(
            "Memory",
            "Memory in use (total minus available) and swap in use.",
            "SELECT mean(\"used_percent\") AS \"memory\", mean(\"swap_used_percent\") AS \"swap\""
                + " FROM \"mem\" WHERE "
                + where
                + "$timeFilter GROUP BY time($__interval) fill(none)",
            "$col"),
        12,
        8);
    layout.add(
        percent(
            "Disks",
            "Space used on each mounted filesystem, as df shows it.",
            "SELECT mean(\"used_percent\") FROM \"disk\" WHERE "
                + where
                + "$timeFilter GROUP BY time($__interval), \"mount\" fill(none)",
            "$tag_mount"),
        12,
        8);
    layout.add(
        Panels.timeseries(
            "Network traffic",
            "Bits per second received and sent on each interface.",
            "bps",
            gapMs,
            series(
                "SELECT mean(\"bytes_recv_per_sec\") * 8 AS \"in\", mean(\"bytes_sent_per_sec\")"
                    + " * 8 AS \"out\" FROM \"net\" WHERE "
                    + where
                    + "$timeFilter GROUP BY time($__interval), \"interface\" fill(none)",
                "$tag_interface $col")),
        12,
        8);
    layout.add(
        Panels.timeseries(
            "Network errors and drops",
            "Receive and send errors, and received packets dropped, per second.",
            "pps",
            gapMs,
            series(
                "SELECT mean(\"errors_in_per_sec\") AS \"errors in\", mean(\"errors_out_per_sec\")"
                    + " AS \"errors out\", mean(\"drops_in_per_sec\") AS \"drops in\" FROM \"net\""
                    + " WHERE "
                    + where
                    + "$timeFilter GROUP BY time($__interval), \"interface\" fill(none)",
                "$tag_interface $col")),
        12,
        8);
    layout.add(uptime(), 12, 4);
  }

  private void checks(Layout layout) {
    if (target.ssh() == null || target.ssh().checks().isEmpty()) {
      return;
    }
    layout.row("Checks");
    layout.add(
        Panels.statusHistory(
            "Check results",
            "Each check's exit code over time: OK, WARNING, CRITICAL or UNKNOWN.",
            Statuses.checkMappings(),
            series(
                "SELECT last(\"status\") FROM \"check\" WHERE "
                    + where
                    + "$timeFilter GROUP BY time($__interval), \"check\" fill(previous)",
                "$tag_check")),
        24,
        Math.min(16, 3 + target.ssh().checks().size()));
    layout.add(
        Panels.table(
            "Check messages",
            "Each check's latest state and the first line of its output.",
            List.of(),
            List.of(Overviews.hidden("Time")),
            table(
                "SELECT last(\"state\") AS \"state\", last(\"message\") AS \"message\" FROM"
                    + " \"check\" WHERE "
                    + where
                    + "$timeFilter GROUP BY \"check\"")),
        24,
        Math.min(16, 3 + target.ssh().checks().size()));
  }

  private void snmp(Layout layout, List<Variable> variables) {
    Set<String> measurements = measurements();
    if (measurements.contains("interface")) {
      variables.add(
          Variable.multiQuery(
              "interface",
              "Interface",
              Panels.INFLUX,
              "SHOW TAG VALUES FROM \"interface\" WITH KEY = \"ifname\" WHERE "
                  + Influxql.targetIs(target.id())));
      interfaces(layout);
    }
    layout.row("Device");
    if (measurements.contains("system")) {
      layout.add(uptime(), 8, 5);
      layout.add(
          Panels.table(
              "Identity",
              "The device's sysName and sysDescr.",
              List.of(),
              List.of(Overviews.hidden("Time")),
              table(
                  "SELECT last(\"sys_name\") AS \"name\", last(\"sys_descr\") AS \"description\""
                      + " FROM \"system\" WHERE "
                      + where
                      + "$timeFilter")),
          16,
          5);
    }
    if (measurements.contains("cpu")) {
      layout.add(
          percent(
              "CPU",
              "Busy time, per processor where the device reports each one.",
              "SELECT mean(\"usage_percent\") FROM \"cpu\" WHERE "
                  + where
                  + "$timeFilter GROUP BY time($__interval), \"cpu\" fill(none)",
              "$tag_cpu"),
          12,
          8);
    }
    if (measurements.contains("load")) {
      layout.add(load(), 12, 8);
    }
    if (measurements.contains("mem")) {
      layout.add(
          percent(
              "Memory",
              "Memory in use as the device counts it.",
              "SELECT mean(\"used_percent\") AS \"memory\" FROM \"mem\" WHERE "
                  + where
                  + "$timeFilter GROUP BY time($__interval) fill(none)",
              "$col"),
          12,
          8);
    }
    if (measurements.contains("storage")) {
      layout.add(
          percent(
              "Storage",
              "Memory, swap and filesystems as HOST-RESOURCES-MIB counts them.",
              "SELECT mean(\"used_percent\") FROM \"storage\" WHERE "
                  + where
                  + "$timeFilter GROUP BY time($__interval), \"descr\" fill(none)",
              "$tag_descr"),
          12,
          8);
    }
    custom(layout);
  }

  private void interfaces(Layout layout) {
    layout.row("Interfaces");
    String selected = "\"ifname\" =~ /^$interface$/ AND ";
    layout.add(
        Panels.timeseries(
            "Traffic",
            "Bits per second received and sent on each interface.",
            "bps",
            gapMs,
            series(
                "SELECT mean(\"in_bytes_per_sec\") * 8 AS \"in\", mean(\"out_bytes_per_sec\") * 8"
                    + " AS \"out\" FROM \"interface\" WHERE "
                    + where
                    + selected
                    + "$timeFilter GROUP BY time($__interval), \"ifname\" fill(none)",
                "$tag_ifname $col")),
        24,
        9);
    layout.add(
        inOut("Errors", "ifInErrors and ifOutErrors per second.", "errors", selected), 12, 8);
    layout.add(
        inOut("Discards", "ifInDiscards and ifOutDiscards per second.", "discards", selected),
        12,
        8);
    layout.add(
        Panels.statusHistory(
            "Operational status",
            "ifOperStatus of each interface over time.",
            Statuses.operStatusMappings(),
            series(
                "SELECT last(\"oper_status\") FROM \"interface\" WHERE "
                    + where
                    + selected
                    + "$timeFilter GROUP BY time($__interval), \"ifname\" fill(previous)",
                "$tag_ifname")),
        24,
        9);
  }

  /** One graph per measurement of the target's own SNMP objects, with their numeric fields. */
  private void custom(Layout layout) {
    if (target.snmp() == null || target.snmp().custom() == null) {
      return;
    }
    Map<String, Set<String>> fields = new LinkedHashMap<>();
    SnmpProfile custom = target.snmp().custom();
    for (SnmpProfile.Scalar s : custom.scalars()) {
      if (!Boolean.TRUE.equals(s.hidden()) && s.kind() != SnmpProfile.Type.STRING) {
        fields.computeIfAbsent(s.measurement(), m -> new LinkedHashSet<>()).add(s.field());
      }
    }
    for (SnmpProfile.Table t : custom.tables()) {
      for (SnmpProfile.Column c : t.columns()) {
        if (!c.isTag() && c.kind() != SnmpProfile.Type.STRING) {
          fields.computeIfAbsent(t.measurement(), m -> new LinkedHashSet<>()).add(c.name());
        }
      }
    }
    fields.forEach(
        (measurement, names) -> {
          List<String> means = new ArrayList<>();
          for (String name : names) {
            means.add("mean(" + ident(name) + ") AS " + ident(name));
          }
          layout.add(
              Panels.timeseries(
                  measurement,
                  "The target's own SNMP objects in " + measurement + ".",
                  "none",
                  gapMs,
                  series(
                      "SELECT "
                          + String.join(", ", means)
                          + " FROM "
                          + ident(measurement)
                          + " WHERE "
                          + where
                          + "$timeFilter GROUP BY time($__interval), * fill(none)",
                      "$col")),
              12,
              8);
        });
  }

  /** The measurements this SNMP target's profiles write. */
  private Set<String> measurements() {
    Set<String> names = new LinkedHashSet<>();
    for (String profile : target.snmp().profiles()) {
      SnmpProfile p = SnmpProfiles.builtIn().get(profile);
      if (p != null) {
        p.scalars().forEach(s -> names.add(s.measurement()));
        p.tables().forEach(t -> names.add(t.measurement()));
        p.derive().forEach(d -> names.add(d.measurement()));
      }
    }
    return names;
  }

  /** {@code in_<what>_per_sec} and {@code out_<what>_per_sec} of the selected interfaces. */
  private Panel inOut(String title, String description, String what, String selected) {
    return Panels.timeseries(
        title,
        description,
        "pps",
        gapMs,
        series(
            "SELECT mean(\"in_"
                + what
                + "_per_sec\") AS \"in\", mean(\"out_"
                + what
                + "_per_sec\") AS \"out\" FROM \"interface\" WHERE "
                + where
                + selected
                + "$timeFilter GROUP BY time($__interval), \"ifname\" fill(none)",
            "$tag_ifname $col"));
  }

  private Panel load() {
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

  private Panel uptime() {
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

  private Panel percent(String title, String description, String query, String alias) {
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

  private static InfluxQuery series(String query, String alias) {
    return InfluxQuery.series("A", Panels.INFLUX, query, alias);
  }

  private static InfluxQuery table(String query) {
    return InfluxQuery.table("A", Panels.INFLUX, query);
  }
}
