package io.vigie.alerting.influx;

import io.vigie.alerting.status.LogWindows;
import io.vigie.alerting.status.Observations;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.schema.ProbeSchema;
import io.vigie.model.schema.Schema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.influxdb.dto.QueryResult;

/**
 * The points InfluxDB forwarded to the subscription, read into {@link Observations} by the very
 * code that reads {@link InfluxReader}'s answers: each point becomes the row the matching statement
 * would have returned (the same columns, the time in milliseconds), so a point means the same
 * whether it came by the stream or by a read. Points of measurements the engine does not read are
 * left out here, as the statements leave them out.
 *
 * <p>The log rules' windows are sums over time, not points: they stay to the periodic read ({@link
 * LogWindows#UNREAD}).
 *
 * <p>Points of one series and time are one point, as InfluxDB stores them: with a subscription on
 * each InfluxDB replica every point comes once per replica, often in the same batch, and a failed
 * poll counted twice would bring DEAD a poll early.
 */
public final class WrittenPoints {
  private static final List<String> POLL_COLUMNS =
      List.of(
          Schema.POLL_UP,
          Schema.POLL_REASON,
          Schema.POLL_FAILURE,
          Schema.TAG_COLLECTOR,
          Schema.TAG_TARGET);
  private static final List<String> CHECK_COLUMNS =
      List.of("status", "message", Schema.TAG_TARGET, "check");
  private static final List<String> INTERFACE_COLUMNS =
      List.of("oper_status", "admin_status", Schema.TAG_TARGET, "ifindex", "ifname");
  private static final List<String> REJECTED_COLUMNS = List.of("count", Schema.TAG_COLLECTOR);

  private WrittenPoints() {}

  /** What {@code points} tell the engine, for the inventory's rules. */
  public static Observations observations(Inventory inventory, List<LineProtocol.Point> points) {
    Map<String, Set<String>> metricFields = InfluxReader.metricFields(inventory);
    Map<String, List<LineProtocol.Point>> byMeasurement = new HashMap<>();
    for (LineProtocol.Point point : distinct(points)) {
      byMeasurement.computeIfAbsent(point.measurement(), k -> new ArrayList<>()).add(point);
    }
    List<Observations.Metric> metrics = new ArrayList<>();
    for (Map.Entry<String, Set<String>> m : metricFields.entrySet()) {
      List<LineProtocol.Point> written = byMeasurement.get(m.getKey());
      if (written == null) {
        continue;
      }
      // The columns of the measurement's statement (InfluxReader#statements).
      Set<String> columns = new LinkedHashSet<>(m.getValue());
      columns.add(Schema.TAG_TARGET);
      Schema.measurement(m.getKey()).ifPresent(def -> columns.addAll(def.tags()));
      columns.remove(Schema.TAG_COLLECTOR);
      InfluxRows.metrics(m.getKey(), result(written, List.copyOf(columns)), metrics);
    }
    List<LineProtocol.Point> collector =
        byMeasurement.getOrDefault(Schema.COLLECTOR.name(), List.of()).stream()
            .filter(p -> Schema.METER_POINTS_REJECTED.equals(p.tags().get("meter")))
            .toList();
    return new Observations(
        InfluxRows.polls(result(of(byMeasurement, Schema.POLL.name()), POLL_COLUMNS)),
        metrics,
        InfluxRows.plugins(result(of(byMeasurement, "check"), CHECK_COLUMNS)),
        InfluxRows.interfaces(result(of(byMeasurement, "interface"), INTERFACE_COLUMNS)),
        InfluxRows.rejected(result(collector, REJECTED_COLUMNS)),
        InfluxRows.probes(
            result(of(byMeasurement, ProbeSchema.PROBE.name()), InfluxReader.PROBE_COLUMNS)),
        LogWindows.UNREAD);
  }

  /** One point per series and time, its fields merged, later ones winning: InfluxDB's rule. */
  static List<LineProtocol.Point> distinct(List<LineProtocol.Point> points) {
    record Key(String measurement, Map<String, String> tags, long nanos) {}
    Map<Key, LineProtocol.Point> one = new java.util.LinkedHashMap<>();
    for (LineProtocol.Point p : points) {
      one.merge(
          new Key(p.measurement(), p.tags(), p.nanos()),
          p,
          (earlier, later) -> {
            Map<String, Object> fields = new java.util.LinkedHashMap<>(earlier.fields());
            fields.putAll(later.fields());
            return new LineProtocol.Point(later.measurement(), later.tags(), fields, later.nanos());
          });
    }
    return one.size() == points.size() ? points : List.copyOf(one.values());
  }

  private static List<LineProtocol.Point> of(
      Map<String, List<LineProtocol.Point>> byMeasurement, String measurement) {
    return byMeasurement.getOrDefault(measurement, List.of());
  }

  /**
   * The answer a statement selecting {@code columns} would give for these points: one series, the
   * time first in milliseconds, oldest first (later rows replace earlier ones where only the newest
   * value is kept).
   */
  private static QueryResult.Result result(List<LineProtocol.Point> points, List<String> columns) {
    List<String> names = new ArrayList<>(columns.size() + 1);
    names.add("time");
    names.addAll(columns);
    List<List<Object>> rows = new ArrayList<>(points.size());
    List<LineProtocol.Point> sorted = new ArrayList<>(points);
    sorted.sort((a, b) -> Long.compare(a.nanos(), b.nanos()));
    for (LineProtocol.Point point : sorted) {
      List<Object> row = new ArrayList<>(names.size());
      row.add(point.nanos() / 1_000_000L);
      for (String column : columns) {
        // A field and a tag of the same name: InfluxQL answers the field.
        Object value = point.fields().get(column);
        row.add(value != null ? value : point.tags().get(column));
      }
      rows.add(row);
    }
    QueryResult.Series series = new QueryResult.Series();
    series.setColumns(names);
    series.setValues(rows);
    QueryResult.Result result = new QueryResult.Result();
    result.setSeries(points.isEmpty() ? List.of() : List.of(series));
    return result;
  }
}
