package io.vigie.dashboards.generate;

import static io.vigie.dashboards.generate.DetailPanels.series;

import io.vigie.model.inventory.Language;
import io.vigie.model.schema.Schema;
import io.vigie.model.schema.Unit;

/**
 * The Host row of a host's detail dashboard (a LOCAL or SSH target): CPU, load, memory, disks,
 * network and uptime.
 *
 * <p>Apart from {@link TargetDetail} because each kind's rows are a dashboard section of their own;
 * the detail dashboard only chooses them by kind.
 */
final class HostRows {
  private final DetailPanels panels;
  private final String where;
  private final long gapMs;
  private final Language language;

  HostRows(DetailPanels panels) {
    this.panels = panels;
    this.where = panels.where();
    this.gapMs = panels.gapMs();
    this.language = panels.language();
  }

  /** Adds the Host row and its panels. */
  void add(Layout layout) {
    layout.row("Host");
    layout.add(
        panels.percent(
            "CPU",
            "Busy time of all cores, and its parts.",
            "SELECT "
                + means(
                    Schema.CPU,
                    "usage_percent",
                    "user_percent",
                    "system_percent",
                    "iowait_percent",
                    "steal_percent")
                + " FROM \"cpu\" WHERE "
                + where
                + "\"cpu\" = 'total' AND $timeFilter GROUP BY time($__interval) fill(none)",
            "$col"),
        12,
        8);
    layout.add(panels.load(), 12, 8);
    layout.add(
        panels.percent(
            "Memory",
            "Memory in use (total minus available) and swap in use.",
            "SELECT "
                + means(Schema.MEM, "used_percent", "swap_used_percent")
                + " FROM \"mem\" WHERE "
                + where
                + "$timeFilter GROUP BY time($__interval) fill(none)",
            "$col"),
        12,
        8);
    layout.add(
        panels.percent(
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
            // bytes/s in the schema, bits/s as network people read traffic
            Metrics.grafanaUnit(Unit.BITS_PER_SECOND),
            gapMs,
            series(
                "SELECT mean(\"bytes_recv_per_sec\") * 8"
                    + Metrics.as(Schema.NET, "bytes_recv_per_sec", language)
                    + ", mean(\"bytes_sent_per_sec\") * 8"
                    + Metrics.as(Schema.NET, "bytes_sent_per_sec", language)
                    + " FROM \"net\" WHERE "
                    + where
                    + "$timeFilter GROUP BY time($__interval), \"interface\" fill(none)",
                "$col $tag_interface")),
        12,
        8);
    layout.add(
        Panels.timeseries(
            "Network errors and drops",
            "Receive and send errors, and received packets dropped, per second.",
            Metrics.unit(Schema.NET, "errors_in_per_sec"),
            gapMs,
            series(
                "SELECT "
                    + means(
                        Schema.NET, "errors_in_per_sec", "errors_out_per_sec", "drops_in_per_sec")
                    + " FROM \"net\" WHERE "
                    + where
                    + "$timeFilter GROUP BY time($__interval), \"interface\" fill(none)",
                "$col $tag_interface")),
        12,
        8);
    layout.add(panels.uptime(), 12, 4);
  }

  /** {@code mean("f") AS "<display name>", ...} for {@code fields} of {@code measurement}. */
  private String means(io.vigie.model.schema.MeasurementDef measurement, String... fields) {
    return DetailPanels.means(measurement, language, fields);
  }
}
