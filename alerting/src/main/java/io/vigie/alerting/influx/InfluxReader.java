package io.vigie.alerting.influx;

import io.vigie.alerting.status.DefaultThresholds;
import io.vigie.alerting.status.Observations;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.ThresholdRule;
import io.vigie.model.poll.FailureKind;
import io.vigie.model.poll.PollOutcome;
import io.vigie.model.schema.ProbeSchema;
import io.vigie.model.schema.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.jspecify.annotations.Nullable;

/**
 * Reads what an evaluation needs for every target at once, in one request of a few InfluxQL
 * statements (never one query per target): the polls written since the last evaluation, the newest
 * value of each series a threshold rule names, the newest plugin results and interface statuses,
 * and the runs of the service probes. Reading only what is new keeps the cost of an evaluation
 * proportional to the points written in one interval, not to the window the DEAD rules look back
 * on: that memory is in the engine's state (last data time, consecutive failures).
 */
public final class InfluxReader {
  private final InfluxDB influx;
  private final String database;
  private final int intervals;
  private final int parallelism;
  private final java.util.concurrent.ExecutorService pool;

  /**
   * @param intervals how many poll intervals back to look
   */
  public InfluxReader(InfluxDB influx, String database, int intervals) {
    this(influx, database, intervals, 2);
  }

  /**
   * @param parallelism how many requests to send at once (a few cores of InfluxDB's)
   */
  public InfluxReader(InfluxDB influx, String database, int intervals, int parallelism) {
    this.parallelism = parallelism;
    this.pool =
        java.util.concurrent.Executors.newFixedThreadPool(
            parallelism,
            r -> {
              Thread thread = new Thread(r, "vigie-influx-read");
              thread.setDaemon(true);
              return thread;
            });
    this.influx = influx;
    this.database = database;
    this.intervals = intervals;
  }

  /**
   * The statements one evaluation sends, in order: polls, metrics per measurement, checks,
   * interfaces, the collectors' refused points, probe runs. Plain selects of the columns needed, no
   * per-series functions: InfluxDB 1.x pays for every series it groups, and the newest value per
   * series is kept here instead.
   *
   * @param since read points after this time; null for the whole window that the DEAD rules need
   *     (at start)
   */
  public List<String> statements(Inventory inventory, Instant now, @Nullable Instant since) {
    Duration longest =
        inventory.targets().stream()
            .flatMap(
                t ->
                    Stream.concat(
                        Stream.of(t.interval()),
                        t.probes().stream()
                            .map(p -> p.interval() == null ? t.interval() : p.interval())))
            .max(Duration::compareTo)
            .orElse(inventory.defaultInterval());
    // One interval more than the DEAD threshold, so that "no data for N intervals" can be seen.
    Instant start = since != null ? since : now.minus(longest.multipliedBy(intervals + 1L));
    String where = " WHERE time > " + TimeUnit.MILLISECONDS.toNanos(start.toEpochMilli());
    List<String> statements = new ArrayList<>();
    statements.add(
        "SELECT "
            + String.join(
                ", ",
                Stream.of(
                        Schema.POLL_UP,
                        Schema.POLL_REASON,
                        Schema.POLL_FAILURE,
                        Schema.TAG_COLLECTOR,
                        Schema.TAG_TARGET)
                    .map(InfluxReader::quote)
                    .toList())
            + " FROM "
            + quote(Schema.POLL.name())
            + where);
    for (Map.Entry<String, Set<String>> m : metricFields(inventory).entrySet()) {
      Set<String> columns = new LinkedHashSet<>(m.getValue());
      columns.add(Schema.TAG_TARGET);
      Schema.measurement(m.getKey()).ifPresent(def -> columns.addAll(def.tags()));
      columns.remove(Schema.TAG_COLLECTOR);
      statements.add(
          "SELECT "
              + String.join(", ", columns.stream().map(InfluxReader::quote).toList())
              + " FROM "
              + quote(m.getKey())
              + where);
    }
    statements.add("SELECT \"status\", \"message\", \"target\", \"check\" FROM \"check\"" + where);
    statements.add(
        "SELECT \"oper_status\", \"admin_status\", \"target\", \"ifindex\", \"ifname\" FROM"
            + " \"interface\""
            + where);
    // One series per collector, a point every self-metrics interval: cheap.
    statements.add(
        "SELECT \"count\", \"collector\" FROM "
            + quote(Schema.COLLECTOR.name())
            + where
            + " AND \"meter\" = '"
            + Schema.METER_POINTS_REJECTED
            + "'");
    // Every run of every probe: its outcome and the fields its cause names. One series per probe.
    statements.add(
        "SELECT "
            + String.join(", ", PROBE_COLUMNS.stream().map(InfluxReader::quote).toList())
            + " FROM "
            + quote(ProbeSchema.PROBE.name())
            + where);
    return statements;
  }

  /** The columns of a probe run read for the engine: outcome, tags, and what its cause says. */
  static final List<String> PROBE_COLUMNS =
      List.of(
          ProbeSchema.UP,
          ProbeSchema.FAILURE,
          ProbeSchema.REASON,
          Schema.TAG_COLLECTOR,
          Schema.TAG_TARGET,
          ProbeSchema.TAG_PROBE,
          ProbeSchema.TAG_TYPE,
          ProbeSchema.HTTP_STATUS,
          ProbeSchema.SIP_STATUS,
          ProbeSchema.RTSP_STATUS,
          ProbeSchema.DNS_RCODE,
          ProbeSchema.TLS_LEAF_DAYS,
          ProbeSchema.TLS_CHAIN_DAYS,
          ProbeSchema.LOSS_PERCENT,
          ProbeSchema.RTSP_MEDIA);

  /**
   * Every measurement and field that some threshold rule names, the engine's own defaults ({@link
   * DefaultThresholds}) included when some target has probes.
   */
  static Map<String, Set<String>> metricFields(Inventory inventory) {
    Map<String, Set<String>> fields = new TreeMap<>();
    List<ThresholdRule> rules = new ArrayList<>(inventory.thresholds().defaults());
    if (inventory.targets().stream().anyMatch(t -> !t.probes().isEmpty())) {
      rules.addAll(DefaultThresholds.RULES);
    }
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
   * Reads what was written after {@code since} (or the whole window when null).
   *
   * @throws InfluxReadException when InfluxDB cannot be reached or refuses a statement
   */
  public Observations read(Inventory inventory, Instant now, @Nullable Instant since)
      throws InfluxReadException {
    List<String> statements = statements(inventory, now, since);
    // The statements go in a few requests at once: InfluxDB answers each on a core of its own.
    int requests = Math.max(1, Math.min(parallelism, statements.size()));
    List<List<Integer>> groups = new ArrayList<>();
    for (int g = 0; g < requests; g++) {
      groups.add(new ArrayList<>());
    }
    for (int i = 0; i < statements.size(); i++) {
      groups.get(i % requests).add(i);
    }
    List<java.util.concurrent.Future<QueryResult>> answers = new ArrayList<>();
    for (List<Integer> group : groups) {
      String query = String.join("; ", group.stream().map(statements::get).toList());
      answers.add(
          pool.submit(() -> influx.query(new Query(query, database), TimeUnit.MILLISECONDS)));
    }
    QueryResult.Result[] results = new QueryResult.Result[statements.size()];
    for (int g = 0; g < requests; g++) {
      QueryResult result;
      try {
        result = answers.get(g).get();
      } catch (java.util.concurrent.ExecutionException e) {
        answers.forEach(a -> a.cancel(true));
        // A task's failure is always wrapped with what it threw.
        Throwable cause = Objects.requireNonNull(e.getCause(), "a task failure without its cause");
        throw new InfluxReadException(String.valueOf(cause.getMessage()), cause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InfluxReadException("interrupted", e);
      }
      if (result.hasError()) {
        throw new InfluxReadException(result.getError(), null);
      }
      List<Integer> group = groups.get(g);
      if (result.getResults() == null || result.getResults().size() != group.size()) {
        throw new InfluxReadException(
            "unexpected answer: "
                + group.size()
                + " statements, "
                + (result.getResults() == null ? 0 : result.getResults().size())
                + " results",
            null);
      }
      for (int k = 0; k < group.size(); k++) {
        QueryResult.Result r = result.getResults().get(k);
        if (r.hasError()) {
          throw new InfluxReadException(
              r.getError() + " in: " + statements.get(group.get(k)), null);
        }
        results[group.get(k)] = r;
      }
    }
    Map<String, List<Observations.Poll>> polls = polls(results[0]);
    List<Observations.Metric> metrics = new ArrayList<>();
    int next = 1;
    for (String measurement : metricFields(inventory).keySet()) {
      metrics(measurement, results[next++], metrics);
    }
    return new Observations(
        polls,
        metrics,
        plugins(results[next]),
        interfaces(results[next + 1]),
        rejected(results[next + 2]),
        probes(results[next + 3]));
  }

  /** Each target's probe runs, newest first. */
  private static Map<String, List<Observations.ProbeRun>> probes(QueryResult.Result result) {
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
        for (String column : PROBE_COLUMNS.subList(7, PROBE_COLUMNS.size())) {
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
  private static Map<String, List<Observations.Poll>> polls(QueryResult.Result result) {
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
  private static void metrics(
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

  private static List<Observations.Plugin> plugins(QueryResult.Result result) {
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

  private static List<Observations.Interface> interfaces(QueryResult.Result result) {
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
  private static List<Observations.Rejected> rejected(QueryResult.Result result) {
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
