package io.vigie.alerting.influx;

import io.vigie.alerting.status.Observations;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.Target;
import io.vigie.model.inventory.ThresholdRule;
import io.vigie.model.schema.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/**
 * Reads what an evaluation needs for every target at once, in one request of a few InfluxQL
 * statements (never one query per target): the latest polls of each target, the latest value of
 * each series a threshold rule names, the latest plugin results and interface statuses.
 */
public final class InfluxReader {
  private static final Set<String> NOT_SERIES_TAGS =
      Set.of(Schema.TAG_TARGET, Schema.TAG_CLIENT, Schema.TAG_KIND, Schema.TAG_COLLECTOR);

  private final InfluxDB influx;
  private final String database;
  private final int polls;
  private final int intervals;

  /**
   * @param polls how many of each target's latest polls to read (the DEAD threshold)
   * @param intervals how many poll intervals back to look
   */
  public InfluxReader(InfluxDB influx, String database, int polls, int intervals) {
    this.influx = influx;
    this.database = database;
    this.polls = polls;
    this.intervals = intervals;
  }

  /**
   * The statements one evaluation sends, in order: polls, metrics per measurement, checks,
   * interfaces.
   */
  public List<String> statements(Inventory inventory, Instant now) {
    Duration longest =
        inventory.targets().stream()
            .map(Target::interval)
            .max(Duration::compareTo)
            .orElse(inventory.defaultInterval());
    // One interval more than the DEAD threshold, so that "no data for N intervals" can be seen.
    long from =
        TimeUnit.MILLISECONDS.toNanos(
            now.minus(longest.multipliedBy(intervals + 1L)).toEpochMilli());
    String since = " WHERE time > " + from;
    List<String> statements = new ArrayList<>();
    statements.add(
        "SELECT \"up\", \"reason\", \"collector\" FROM \"poll\""
            + since
            + " GROUP BY \"target\" ORDER BY time DESC LIMIT "
            + polls);
    for (Map.Entry<String, Set<String>> m : metricFields(inventory).entrySet()) {
      StringBuilder select = new StringBuilder("SELECT ");
      int i = 0;
      for (String field : m.getValue()) {
        select
            .append(i++ > 0 ? ", " : "")
            .append("last(")
            .append(quote(field))
            .append(") AS ")
            .append(quote(field));
      }
      statements.add(select + " FROM " + quote(m.getKey()) + since + " GROUP BY *");
    }
    statements.add(
        "SELECT last(\"status\") AS \"status\", last(\"message\") AS \"message\" FROM \"check\""
            + since
            + " GROUP BY \"target\", \"check\"");
    statements.add(
        "SELECT last(\"oper_status\") AS \"oper\", last(\"admin_status\") AS \"admin\" FROM"
            + " \"interface\""
            + since
            + " GROUP BY \"target\", \"ifindex\", \"ifname\"");
    return statements;
  }

  /** Every measurement and field that some threshold rule names. */
  static Map<String, Set<String>> metricFields(Inventory inventory) {
    Map<String, Set<String>> fields = new TreeMap<>();
    List<ThresholdRule> rules = new ArrayList<>(inventory.thresholds().defaults());
    inventory.thresholds().byClient().values().forEach(rules::addAll);
    inventory.thresholds().byTarget().values().forEach(rules::addAll);
    for (ThresholdRule rule : rules) {
      int dot = rule.metric().indexOf('.');
      fields
          .computeIfAbsent(rule.metric().substring(0, dot), k -> new TreeSet<>())
          .add(rule.metric().substring(dot + 1));
    }
    return fields;
  }

  /**
   * Reads everything for {@code now}.
   *
   * @throws InfluxReadException when InfluxDB cannot be reached or refuses a statement
   */
  public Observations read(Inventory inventory, Instant now) throws InfluxReadException {
    List<String> statements = statements(inventory, now);
    QueryResult result;
    try {
      result =
          influx.query(new Query(String.join("; ", statements), database), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      throw new InfluxReadException(String.valueOf(e.getMessage()), e);
    }
    if (result.hasError()) {
      throw new InfluxReadException(result.getError(), null);
    }
    List<QueryResult.Result> results = result.getResults();
    if (results == null || results.size() != statements.size()) {
      throw new InfluxReadException(
          "unexpected answer: "
              + statements.size()
              + " statements, "
              + (results == null ? 0 : results.size())
              + " results",
          null);
    }
    for (int i = 0; i < results.size(); i++) {
      if (results.get(i).hasError()) {
        throw new InfluxReadException(
            results.get(i).getError() + " in: " + statements.get(i), null);
      }
    }
    Map<String, List<Observations.Poll>> polls = polls(results.get(0));
    List<Observations.Metric> metrics = new ArrayList<>();
    int next = 1;
    for (String measurement : metricFields(inventory).keySet()) {
      metrics(measurement, results.get(next++), metrics);
    }
    return new Observations(
        polls, metrics, plugins(results.get(next)), interfaces(results.get(next + 1)));
  }

  private static Map<String, List<Observations.Poll>> polls(QueryResult.Result result) {
    Map<String, List<Observations.Poll>> polls = new HashMap<>();
    for (QueryResult.Series series : series(result)) {
      String target = series.getTags().get(Schema.TAG_TARGET);
      Columns c = new Columns(series.getColumns());
      List<Observations.Poll> list = new ArrayList<>(series.getValues().size());
      for (List<Object> row : series.getValues()) {
        list.add(
            new Observations.Poll(
                Instant.ofEpochMilli(((Number) row.get(c.index("time"))).longValue()),
                c.number(row, "up") == 1,
                c.text(row, "reason"),
                c.text(row, "collector")));
      }
      polls.put(target, list);
    }
    return polls;
  }

  private static void metrics(
      String measurement, QueryResult.Result result, List<Observations.Metric> out) {
    for (QueryResult.Series series : series(result)) {
      Map<String, String> tags = series.getTags() == null ? Map.of() : series.getTags();
      String target = tags.get(Schema.TAG_TARGET);
      if (target == null) {
        continue;
      }
      Map<String, String> own = new LinkedHashMap<>();
      tags.forEach(
          (k, v) -> {
            if (!NOT_SERIES_TAGS.contains(k) && v != null && !v.isEmpty()) {
              own.put(k, v);
            }
          });
      List<String> columns = series.getColumns();
      for (List<Object> row : series.getValues()) {
        for (int i = 1; i < columns.size(); i++) {
          if (row.get(i) instanceof Number n) {
            out.add(
                new Observations.Metric(
                    target, measurement + "." + columns.get(i), own, n.doubleValue()));
          }
        }
      }
    }
  }

  private static List<Observations.Plugin> plugins(QueryResult.Result result) {
    List<Observations.Plugin> plugins = new ArrayList<>();
    for (QueryResult.Series series : series(result)) {
      Columns c = new Columns(series.getColumns());
      for (List<Object> row : series.getValues()) {
        plugins.add(
            new Observations.Plugin(
                series.getTags().get(Schema.TAG_TARGET),
                series.getTags().get("check"),
                (int) c.number(row, "status"),
                c.text(row, "message")));
      }
    }
    return plugins;
  }

  private static List<Observations.Interface> interfaces(QueryResult.Result result) {
    List<Observations.Interface> interfaces = new ArrayList<>();
    for (QueryResult.Series series : series(result)) {
      Columns c = new Columns(series.getColumns());
      String name = series.getTags().get("ifname");
      if (name == null || name.isEmpty()) {
        name = "ifindex " + series.getTags().get("ifindex");
      }
      for (List<Object> row : series.getValues()) {
        interfaces.add(
            new Observations.Interface(
                series.getTags().get(Schema.TAG_TARGET),
                name,
                (int) c.number(row, "oper"),
                (int) c.number(row, "admin")));
      }
    }
    return interfaces;
  }

  private static List<QueryResult.Series> series(QueryResult.Result result) {
    return result.getSeries() == null ? List.of() : result.getSeries();
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** Column positions of one series. */
  private record Columns(List<String> names) {
    int index(String name) {
      return names.indexOf(name);
    }

    double number(List<Object> row, String name) {
      int i = index(name);
      return i >= 0 && row.get(i) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    String text(List<Object> row, String name) {
      int i = index(name);
      return i >= 0 && row.get(i) != null ? row.get(i).toString() : "";
    }
  }
}
