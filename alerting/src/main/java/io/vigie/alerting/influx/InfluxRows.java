package io.vigie.alerting.influx;

import io.vigie.alerting.status.LogWindows;
import io.vigie.alerting.status.Observations;
import io.vigie.model.poll.FailureKind;
import io.vigie.model.poll.PollOutcome;
import io.vigie.model.schema.LogSchema;
import io.vigie.model.schema.ProbeSchema;
import io.vigie.model.schema.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.influxdb.dto.QueryResult;
import org.jspecify.annotations.Nullable;

/**
 * The rows of {@link InfluxReader}'s statements read into {@link Observations}: polls, the newest
 * value of each metric series, plugin results, interface statuses, the collectors' refused points
 * and the probe runs.
 */
final class InfluxRows {

  private InfluxRows() {}

  /** Each target's probe runs, newest first. */
  static Map<String, List<Observations.ProbeRun>> probes(QueryResult.Result result) {
    Map<String, List<Observations.ProbeRun>> runs = new HashMap<>();
    for (QueryResult.Series series : series(result)) {
      Columns c = new Columns(series.getColumns());
      int time = c.index("time");
      for (List<Object> row : series.getValues()) {
        String target = c.text(row, Schema.TAG_TARGET);
        String probe = c.text(row, ProbeSchema.TAG_PROBE);
        if (target.isEmpty() || probe.isEmpty()) {
          continue;
        }
        boolean up = c.number(row, ProbeSchema.UP) == 1;
        // The failure is read by its code, never by the words of the reason.
        FailureKind failure =
            up
                ? FailureKind.NONE
                : FailureKind.fromCode(c.text(row, ProbeSchema.FAILURE))
                    .orElse(FailureKind.UNKNOWN);
        Map<String, Object> fields = new HashMap<>();
        for (String column :
            InfluxReader.PROBE_COLUMNS.subList(7, InfluxReader.PROBE_COLUMNS.size())) {
          Object v = c.value(row, column);
          if (v instanceof Number n) {
            fields.put(column, n.doubleValue());
          } else if (v != null && !v.toString().isEmpty()) {
            fields.put(column, v.toString());
          }
        }
        runs.computeIfAbsent(target, k -> new ArrayList<>())
            .add(
                new Observations.ProbeRun(
                    Instant.ofEpochMilli(((Number) row.get(time)).longValue()),
                    probe,
                    c.text(row, ProbeSchema.TAG_TYPE),
                    up,
                    failure,
                    c.text(row, ProbeSchema.REASON),
                    c.text(row, Schema.TAG_COLLECTOR),
                    fields));
      }
    }
    runs.values().forEach(list -> list.sort((a, b) -> b.time().compareTo(a.time())));
    return runs;
  }

  /** Each target's polls, newest first. */
  static Map<String, List<Observations.Poll>> polls(QueryResult.Result result) {
    Map<String, List<Observations.Poll>> polls = new HashMap<>();
    for (QueryResult.Series series : series(result)) {
      Columns c = new Columns(series.getColumns());
      int time = c.index("time");
      int target = c.index(Schema.TAG_TARGET);
      for (List<Object> row : series.getValues()) {
        if (row.get(target) == null) {
          continue;
        }
        Instant at = Instant.ofEpochMilli(((Number) row.get(time)).longValue());
        // The poll contract: the schema's field names and the failure's code, read as a type; a
        // point of the old shape (no failure field) is judged as PollOutcome documents.
        PollOutcome outcome = PollOutcome.read(name -> c.value(row, name));
        polls
            .computeIfAbsent(row.get(target).toString(), k -> new ArrayList<>())
            .add(
                new Observations.Poll(
                    at,
                    outcome.up(),
                    outcome.reason(),
                    c.text(row, Schema.TAG_COLLECTOR),
                    outcome.failure()));
      }
    }
    polls.values().forEach(list -> list.sort((a, b) -> b.time().compareTo(a.time())));
    return polls;
  }

  /** The newest value of every series: rows come oldest first, so later ones replace. */
  static void metrics(
      String measurement, QueryResult.Result result, List<Observations.Metric> out) {
    Set<String> tags =
        Schema.measurement(measurement)
            .map(def -> (Set<String>) new java.util.HashSet<>(def.tags()))
            .orElse(Set.of());
    Map<String, Observations.Metric> newest = new LinkedHashMap<>();
    for (QueryResult.Series series : series(result)) {
      List<String> columns = series.getColumns();
      int target = columns.indexOf(Schema.TAG_TARGET);
      List<Integer> tagColumns = new ArrayList<>();
      List<Integer> fieldColumns = new ArrayList<>();
      for (int i = 1; i < columns.size(); i++) {
        if (i != target) {
          (tags.contains(columns.get(i)) ? tagColumns : fieldColumns).add(i);
        }
      }
      for (List<Object> row : series.getValues()) {
        Object id = row.get(target);
        if (id == null) {
          continue;
        }
        Map<String, String> own = new TreeMap<>();
        for (int i : tagColumns) {
          Object v = row.get(i);
          if (v != null && !v.toString().isEmpty()) {
            own.put(columns.get(i), v.toString());
          }
        }
        for (int i : fieldColumns) {
          if (row.get(i) instanceof Number n) {
            String metric = measurement + "." + columns.get(i);
            newest.put(
                id + "\u0000" + metric + "\u0000" + own,
                new Observations.Metric(id.toString(), metric, own, n.doubleValue()));
          }
        }
      }
    }
    out.addAll(newest.values());
  }

  static List<Observations.Plugin> plugins(QueryResult.Result result) {
    Map<String, Observations.Plugin> newest = new LinkedHashMap<>();
    for (QueryResult.Series series : series(result)) {
      Columns c = new Columns(series.getColumns());
      for (List<Object> row : series.getValues()) {
        String target = c.text(row, Schema.TAG_TARGET);
        String check = c.text(row, "check");
        double status = c.number(row, "status");
        if (!target.isEmpty() && !Double.isNaN(status)) {
          newest.put(
              target + "\u0000" + check,
              new Observations.Plugin(target, check, (int) status, c.text(row, "message")));
        }
      }
    }
    return new ArrayList<>(newest.values());
  }

  static List<Observations.Interface> interfaces(QueryResult.Result result) {
    Map<String, Observations.Interface> newest = new LinkedHashMap<>();
    for (QueryResult.Series series : series(result)) {
      Columns c = new Columns(series.getColumns());
      for (List<Object> row : series.getValues()) {
        String target = c.text(row, Schema.TAG_TARGET);
        String name = c.text(row, "ifname");
        if (name.isEmpty()) {
          name = "ifindex " + c.text(row, "ifindex");
        }
        double oper = c.number(row, "oper_status");
        if (!target.isEmpty() && !Double.isNaN(oper)) {
          newest.put(
              target + "\u0000" + name,
              new Observations.Interface(
                  target, name, (int) oper, (int) c.number(row, "admin_status")));
        }
      }
    }
    return new ArrayList<>(newest.values());
  }

  /** Each collector's refused-points counter, oldest first, as the engine compares them. */
  static List<Observations.Rejected> rejected(QueryResult.Result result) {
    List<Observations.Rejected> out = new ArrayList<>();
    for (QueryResult.Series series : series(result)) {
      Columns c = new Columns(series.getColumns());
      int time = c.index("time");
      for (List<Object> row : series.getValues()) {
        String collector = c.text(row, Schema.TAG_COLLECTOR);
        double count = c.number(row, "count");
        if (!collector.isEmpty() && !Double.isNaN(count)) {
          out.add(
              new Observations.Rejected(
                  collector, Instant.ofEpochMilli(((Number) row.get(time)).longValue()), count));
        }
      }
    }
    out.sort(java.util.Comparator.comparing(Observations.Rejected::time));
    return out;
  }

  /** Each target's rule's sum of matches and last quoted lines, one series per target and rule. */
  static Map<LogWindows.Key, LogWindows.Matched> logMatches(QueryResult.Result result) {
    Map<LogWindows.Key, LogWindows.Matched> out = new HashMap<>();
    for (QueryResult.Series series : series(result)) {
      Map<String, String> tags = series.getTags() == null ? Map.of() : series.getTags();
      String target = tags.getOrDefault(Schema.TAG_TARGET, "");
      String rule = tags.getOrDefault(LogSchema.TAG_RULE, "");
      if (target.isEmpty() || rule.isEmpty() || series.getValues() == null) {
        continue;
      }
      for (List<Object> row : series.getValues()) {
        // time, sum, last
        double sum = row.size() > 1 && row.get(1) instanceof Number n ? n.doubleValue() : 0;
        Object lines = row.size() > 2 ? row.get(2) : null;
        out.put(
            new LogWindows.Key(target, rule),
            new LogWindows.Matched(
                (long) sum, lines == null ? List.of() : lines.toString().lines().toList()));
      }
    }
    return out;
  }

  private static List<QueryResult.Series> series(QueryResult.Result result) {
    return result.getSeries() == null ? List.of() : result.getSeries();
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

    @Nullable Object value(List<Object> row, String name) {
      int i = index(name);
      return i >= 0 ? row.get(i) : null;
    }

    String text(List<Object> row, String name) {
      int i = index(name);
      return i >= 0 && row.get(i) != null ? row.get(i).toString() : "";
    }
  }
}
