package io.vigie.dashboards.generate;

import static io.vigie.dashboards.generate.DetailPanels.series;

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

  HostRows(DetailPanels panels) {
    this.panels = panels;
    this.where = panels.where();
    this.gapMs = panels.gapMs();
  }

  /** Adds the Host row and its panels. */
  void add(Layout layout) {
    layout.row("Host");
    layout.add(
        panels.percent(
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
    layout.add(panels.load(), 12, 8);
    layout.add(
        panels.percent(
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
    layout.add(panels.uptime(), 12, 4);
  }
}
