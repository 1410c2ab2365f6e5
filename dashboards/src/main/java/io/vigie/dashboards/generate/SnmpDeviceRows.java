package io.vigie.dashboards.generate;

import static io.vigie.dashboards.generate.DetailPanels.series;
import static io.vigie.dashboards.generate.DetailPanels.table;
import static io.vigie.dashboards.generate.Influxql.ident;

import io.vigie.model.inventory.Target;
import io.vigie.model.schema.Schema;
import io.vigie.model.snmp.SnmpProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Device row of an SNMP target's detail dashboard: uptime and identity, CPU, load, memory and
 * storage (HOST-RESOURCES-MIB and the like), each where the target's profiles measure it, then one
 * graph per measurement of the target's own (custom) OIDs.
 *
 * <p>Apart from {@link TargetDetail} because each kind's rows are a dashboard section of their own;
 * the detail dashboard only chooses them by kind.
 */
final class SnmpDeviceRows {
  private final Target target;
  private final DetailPanels panels;
  private final String where;
  private final long gapMs;

  SnmpDeviceRows(Target target, DetailPanels panels) {
    this.target = target;
    this.panels = panels;
    this.where = panels.where();
    this.gapMs = panels.gapMs();
  }

  /**
   * Adds the Device row: the panels of the measurements the target's profiles write, then the
   * target's own objects.
   */
  void add(Layout layout, Set<String> measurements) {
    layout.row("Device");
    if (measurements.contains("system")) {
      layout.add(panels.uptime(), 8, 5);
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
          panels.percent(
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
      layout.add(panels.load(), 12, 8);
    }
    if (measurements.contains("mem")) {
      layout.add(
          panels.percent(
              "Memory",
              "Memory in use as the device counts it.",
              "SELECT "
                  + DetailPanels.means(Schema.MEM, panels.language(), "used_percent")
                  + " FROM \"mem\" WHERE "
                  + where
                  + "$timeFilter GROUP BY time($__interval) fill(none)",
              "$col"),
          12,
          8);
    }
    if (measurements.contains("storage")) {
      layout.add(
          panels.percent(
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
}
