package io.vigie.alerting.influx;

import io.vigie.alerting.status.DefaultThresholds;
import io.vigie.alerting.status.LogWindows;
import io.vigie.alerting.status.Observations;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.ThresholdRule;
import io.vigie.model.logs.LogRule;
import io.vigie.model.schema.LogSchema;
import io.vigie.model.schema.ProbeSchema;
import io.vigie.model.schema.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
  private final InfluxReplicas replicas;
  private final String database;
  private final int intervals;
  private final int parallelism;
  private final java.util.concurrent.ExecutorService pool;

  /**
   * @param intervals how many poll intervals back to look
   */
  public InfluxReader(InfluxDB influx, String database, int intervals) {
    this(InfluxReplicas.of(influx, "influxdb"), database, intervals, 2);
  }

  /**
   * @param replicas where to read: the replica in use, another when it fails ({@link
   *     InfluxReplicas})
   * @param parallelism how many requests to send at once (a few cores of InfluxDB's)
   */
  public InfluxReader(InfluxReplicas replicas, String database, int intervals, int parallelism) {
    this.parallelism = parallelism;
    this.pool =
        java.util.concurrent.Executors.newFixedThreadPool(
            parallelism,
            r -> {
              Thread thread = new Thread(r, "vigie-influx-read");
              thread.setDaemon(true);
              return thread;
            });
    this.replicas = replicas;
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
    Duration longest = longestInterval(inventory);
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
    // The log rules' matches: one sum per target and rule over each window a rule uses. Only
    // targets whose lines matched have points, so the cost follows the matches, not the targets.
    long end = TimeUnit.MILLISECONDS.toNanos(now.toEpochMilli());
    for (Duration window : logWindows(inventory)) {
      statements.add(
          "SELECT sum("
              + quote(LogSchema.MATCHES)
              + "), last("
              + quote(LogSchema.LINES)
              + ") FROM "
              + quote(LogSchema.MATCH_MEASUREMENT)
              + " WHERE time > "
              + (end - window.toNanos())
              + " AND time <= "
              + end
              + " GROUP BY "
              + quote(Schema.TAG_TARGET)
              + ", "
              + quote(LogSchema.TAG_RULE));
    }
    return statements;
  }

  /** The longest interval at which some target's polls or probes write. */
  public static Duration longestInterval(Inventory inventory) {
    return inventory.targets().stream()
        .flatMap(
            t ->
                Stream.concat(
                    Stream.of(t.interval()),
                    t.probes().stream()
                        .map(p -> p.interval() == null ? t.interval() : p.interval())))
        .max(Duration::compareTo)
        .orElse(inventory.defaultInterval());
  }

  /** The windows the inventory's log rules use (their within and clear_after), in order. */
  static List<Duration> logWindows(Inventory inventory) {
    Set<Duration> windows = new TreeSet<>();
    for (var target : inventory.targets()) {
      for (LogRule rule : target.logs().rules()) {
        windows.add(rule.within());
        windows.add(rule.clearAfter());
      }
    }
    return List.copyOf(windows);
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
    QueryResult.Result[] results = send(statements);
    Map<String, List<Observations.Poll>> polls = InfluxRows.polls(results[0]);
    List<Observations.Metric> metrics = new ArrayList<>();
    int next = 1;
    for (String measurement : metricFields(inventory).keySet()) {
      InfluxRows.metrics(measurement, results[next++], metrics);
    }
    Map<Duration, Map<LogWindows.Key, LogWindows.Matched>> logs = new TreeMap<>();
    int logNext = next + 4;
    for (Duration window : logWindows(inventory)) {
      logs.put(window, InfluxRows.logMatches(results[logNext++]));
    }
    return new Observations(
        polls,
        metrics,
        InfluxRows.plugins(results[next]),
        InfluxRows.interfaces(results[next + 1]),
        InfluxRows.rejected(results[next + 2]),
        InfluxRows.probes(results[next + 3]),
        new LogWindows(logs));
  }

  /**
   * The log rules' windows alone, ending at {@code now}: what the streaming evaluation reads at
   * each interval (sums over time do not come by the stream).
   *
   * @throws InfluxReadException when InfluxDB cannot be reached or refuses a statement
   */
  public LogWindows readLogs(Inventory inventory, Instant now) throws InfluxReadException {
    List<Duration> windows = logWindows(inventory);
    if (windows.isEmpty()) {
      return new LogWindows(Map.of());
    }
    List<String> all = statements(inventory, now, now);
    List<String> statements = all.subList(all.size() - windows.size(), all.size());
    QueryResult.Result[] results = send(statements);
    Map<Duration, Map<LogWindows.Key, LogWindows.Matched>> logs = new TreeMap<>();
    for (int i = 0; i < windows.size(); i++) {
      logs.put(windows.get(i), InfluxRows.logMatches(results[i]));
    }
    return new LogWindows(logs);
  }

  /**
   * Sends the statements to the replica in use, to another when it does not answer; the results in
   * the statements' order.
   */
  private QueryResult.Result[] send(List<String> statements) throws InfluxReadException {
    return replicas.read(influx -> send(influx, statements));
  }

  /**
   * Sends the statements in a few requests at once to one replica. A request without an answer
   * throws the client's RuntimeException, for {@link InfluxReplicas} to try another replica.
   */
  private QueryResult.Result[] send(InfluxDB influx, List<String> statements)
      throws InfluxReadException {
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
        if (cause instanceof RuntimeException noAnswer) {
          throw noAnswer;
        }
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
    return results;
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
