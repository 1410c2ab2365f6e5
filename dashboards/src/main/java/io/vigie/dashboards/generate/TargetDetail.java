package io.vigie.dashboards.generate;

import static io.vigie.dashboards.generate.DetailPanels.series;
import static io.vigie.dashboards.generate.DetailPanels.table;

import io.vigie.dashboards.grafana.Dashboard;
import io.vigie.dashboards.grafana.FieldConfigSource;
import io.vigie.dashboards.grafana.FieldConfigSource.FieldConfig;
import io.vigie.dashboards.grafana.FieldConfigSource.FieldOverride;
import io.vigie.dashboards.grafana.FieldConfigSource.Property;
import io.vigie.dashboards.grafana.Link;
import io.vigie.dashboards.grafana.PanelOptions;
import io.vigie.dashboards.grafana.Variable;
import io.vigie.model.dashboard.DashboardNames;
import io.vigie.model.inventory.Client;
import io.vigie.model.inventory.Target;
import io.vigie.model.inventory.TargetKind;
import io.vigie.model.schema.Schema;
import io.vigie.model.snmp.SnmpProfile;
import io.vigie.model.snmp.SnmpProfiles;
import io.vigie.model.snmp.SnmpSettings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A target's detail dashboard: its status and why, how its polls go, then what its kind measures (a
 * host's CPU, memory, disks and network; a device's interfaces; an SSH host's checks), then a row
 * per probe, and its syslog lines last. A {@code service} target, polled by nothing, has no polling
 * row.
 */
final class TargetDetail {
  private final Target target;
  private final Client client;
  private final DetailPanels panels;
  private final String where;
  private final long gapMs;
  private final LogPanels logs;

  TargetDetail(Target target, Client client, LogPanels logs) {
    this.target = target;
    this.client = client;
    this.logs = logs;
    this.panels = new DetailPanels(target, client.language());
    this.where = panels.where();
    this.gapMs = panels.gapMs();
  }

  Dashboard build() {
    Layout layout = new Layout();
    List<Variable> variables = new ArrayList<>();
    status(layout);
    if (target.polled()) {
      polling(layout);
    }
    switch (target.kind()) {
      case LOCAL -> new HostRows(panels).add(layout);
      case SSH -> {
        new HostRows(panels).add(layout);
        new SshCheckRows(target, panels).add(layout);
      }
      case SNMP -> snmp(layout, variables);
      case SERVICE -> {
        // Nothing polled: its probes' rows (and its logs) are all it has.
      }
    }
    new ProbeRows(target, panels).add(layout);
    logs.addToTarget(layout, client.id(), target.id());
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
            + (target.address() == null || target.address().isEmpty()
                ? ""
                : " at " + target.address())
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
    layout.add(Overviews.transitionsTable(where, false), 24, 7);
  }

  private void polling(Layout layout) {
    layout.row("Polling");
    String extra =
        target.kind() == TargetKind.SSH
            ? ", "
                + DetailPanels.means(
                    Schema.POLL, client.language(), Schema.POLL_CONNECT_MS, Schema.POLL_AUTH_MS)
            : "";
    layout.add(
        Panels.timeseries(
            Metrics.name(Schema.POLL, Schema.POLL_DURATION_MS, client.language()),
            "How long the polls of this target took"
                + (extra.isEmpty() ? "." : "; connect and authenticate when a session opened."),
            Metrics.unit(Schema.POLL, Schema.POLL_DURATION_MS),
            gapMs,
            series(
                "SELECT mean(\"duration_ms\") AS "
                    + Influxql.ident(Metrics.word(client.language(), "mean", "moyenne"))
                    + ", max(\"duration_ms\") AS \"max\""
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
            List.of(
                FieldOverride.byName(
                    Metrics.name(Schema.POLL, Schema.POLL_DURATION_MS, client.language()),
                    new Property("unit", Metrics.unit(Schema.POLL, Schema.POLL_DURATION_MS)))),
            table(
                "SELECT \"up\", \"duration_ms\""
                    + Metrics.as(Schema.POLL, Schema.POLL_DURATION_MS, client.language())
                    + ", \"points\""
                    + Metrics.as(Schema.POLL, Schema.POLL_POINTS, client.language())
                    + ", \"reason\", \"warnings\" FROM \"poll\" WHERE "
                    + where
                    + "$timeFilter ORDER BY time DESC LIMIT 20")),
        24,
        7);
  }

  private void snmp(Layout layout, List<Variable> variables) {
    Set<String> measurements = measurements();
    if (measurements.contains("interface")) {
      new SnmpInterfaceRows(target, panels).add(layout, variables);
    }
    new SnmpDeviceRows(target, panels).add(layout, measurements);
  }

  /** The measurements this SNMP target's profiles write. */
  private Set<String> measurements() {
    Set<String> names = new LinkedHashSet<>();
    SnmpSettings snmp =
        Objects.requireNonNull(
            target.snmp(), "a valid inventory gives every snmp target its settings");
    for (String profile : snmp.profiles()) {
      SnmpProfile p = SnmpProfiles.builtIn().get(profile);
      if (p != null) {
        p.scalars().forEach(s -> names.add(s.measurement()));
        p.tables().forEach(t -> names.add(t.measurement()));
        p.derive().forEach(d -> names.add(d.measurement()));
      }
    }
    return names;
  }
}
