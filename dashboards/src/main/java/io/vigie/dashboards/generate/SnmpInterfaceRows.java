package io.vigie.dashboards.generate;

import static io.vigie.dashboards.generate.DetailPanels.series;

import io.vigie.dashboards.grafana.Panel;
import io.vigie.dashboards.grafana.Variable;
import io.vigie.model.inventory.Language;
import io.vigie.model.inventory.Target;
import io.vigie.model.schema.Schema;
import io.vigie.model.schema.Unit;
import java.util.List;

/**
 * The Interfaces row of an SNMP target's detail dashboard (IF-MIB): traffic, errors, discards and
 * operational status of the interfaces the dashboard's Interface variable selects.
 *
 * <p>Apart from {@link TargetDetail} because each kind's rows are a dashboard section of their own;
 * the detail dashboard only chooses them by kind.
 */
final class SnmpInterfaceRows {
  private final Target target;
  private final String where;
  private final long gapMs;
  private final Language language;

  SnmpInterfaceRows(Target target, DetailPanels panels) {
    this.target = target;
    this.where = panels.where();
    this.gapMs = panels.gapMs();
    this.language = panels.language();
  }

  /** Adds the Interface variable (the interfaces to show), then the Interfaces row. */
  void add(Layout layout, List<Variable> variables) {
    variables.add(
        Variable.multiQuery(
            "interface",
            "Interface",
            Panels.INFLUX,
            "SHOW TAG VALUES FROM \"interface\" WITH KEY = \"ifname\" WHERE "
                + Influxql.targetIs(target.id())));
    layout.row("Interfaces");
    String selected = "\"ifname\" =~ /^$interface$/ AND ";
    layout.add(
        Panels.timeseries(
            "Traffic",
            "Bits per second received and sent on each interface.",
            // bytes/s in the schema, bits/s as network people read traffic
            Metrics.grafanaUnit(Unit.BITS_PER_SECOND),
            gapMs,
            series(
                "SELECT mean(\"in_bytes_per_sec\") * 8"
                    + Metrics.as(Schema.INTERFACE, "in_bytes_per_sec", language)
                    + ", mean(\"out_bytes_per_sec\") * 8"
                    + Metrics.as(Schema.INTERFACE, "out_bytes_per_sec", language)
                    + " FROM \"interface\" WHERE "
                    + where
                    + selected
                    + "$timeFilter GROUP BY time($__interval), \"ifname\" fill(none)",
                "$col $tag_ifname")),
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

  /** {@code in_<what>_per_sec} and {@code out_<what>_per_sec} of the selected interfaces. */
  private Panel inOut(String title, String description, String what, String selected) {
    return Panels.timeseries(
        title,
        description,
        Metrics.unit(Schema.INTERFACE, "in_" + what + "_per_sec"),
        gapMs,
        series(
            "SELECT "
                + DetailPanels.means(
                    Schema.INTERFACE,
                    language,
                    "in_" + what + "_per_sec",
                    "out_" + what + "_per_sec")
                + " FROM \"interface\" WHERE "
                + where
                + selected
                + "$timeFilter GROUP BY time($__interval), \"ifname\" fill(none)",
            "$col $tag_ifname"));
  }
}
