package io.vigie.alerting.influx;

import io.vigie.model.poll.FailureKind;
import io.vigie.model.poll.PollOutcome;
import io.vigie.model.schema.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.jspecify.annotations.Nullable;

/**
 * The last polls of one target, for a person looking at it (the console's target page): one small
 * query on that target's {@code poll} series over a bounded window, never the whole pipeline's
 * read. Separate from {@link InfluxReader}, which reads every target at once for an evaluation.
 */
public final class PollHistory {
  private final InfluxReplicas replicas;
  private final String database;
  private final Duration window;

  /**
   * @param window how far back to look: the query stays cheap whatever InfluxDB keeps
   */
  public PollHistory(InfluxDB influx, String database, Duration window) {
    this(InfluxReplicas.of(influx, "influxdb"), database, window);
  }

  /**
   * @param replicas where to read: the replica the evaluations read, another when it fails
   * @param window how far back to look: the query stays cheap whatever InfluxDB keeps
   */
  public PollHistory(InfluxReplicas replicas, String database, Duration window) {
    this.replicas = replicas;
    this.database = database;
    this.window = window;
  }

  /**
   * One poll as the collector wrote it.
   *
   * @param failure {@link FailureKind#NONE} when the poll completed
   * @param reason why it failed or stopped short, in the collector's words; empty when complete
   * @param durationMs how long it took; null when the point does not say
   */
  public record Poll(
      Instant time,
      boolean up,
      FailureKind failure,
      String reason,
      @Nullable Double durationMs,
      String collector) {}

  /** The statement for a target's last polls, newest first. */
  String statement(String target, Instant now, int limit) {
    long start = TimeUnit.MILLISECONDS.toNanos(now.minus(window).toEpochMilli());
    return "SELECT "
        + String.join(
            ", ",
            List.of(
                    Schema.POLL_UP,
                    Schema.POLL_REASON,
                    Schema.POLL_FAILURE,
                    Schema.POLL_DURATION_MS,
                    Schema.TAG_COLLECTOR)
                .stream()
                .map(InfluxReader::quote)
                .toList())
        + " FROM "
        + InfluxReader.quote(Schema.POLL.name())
        + " WHERE "
        + InfluxReader.quote(Schema.TAG_TARGET)
        + " = "
        + literal(target)
        + " AND time > "
        + start
        + " ORDER BY time DESC LIMIT "
        + limit;
  }

  /**
   * The target's polls of the window, newest first, at most {@code limit}.
   *
   * @throws InfluxReadException when InfluxDB cannot be reached or refuses the query
   */
  public List<Poll> last(String target, Instant now, int limit) throws InfluxReadException {
    Query query = new Query(statement(target, now, Math.max(1, limit)), database);
    QueryResult result = replicas.read(influx -> influx.query(query, TimeUnit.MILLISECONDS));
    if (result.hasError()) {
      throw new InfluxReadException(result.getError(), null);
    }
    List<Poll> polls = new ArrayList<>();
    if (result.getResults() == null) {
      return polls;
    }
    for (QueryResult.Result r : result.getResults()) {
      if (r.hasError()) {
        throw new InfluxReadException(r.getError(), null);
      }
      if (r.getSeries() == null) {
        continue;
      }
      for (QueryResult.Series series : r.getSeries()) {
        List<String> columns = series.getColumns();
        for (List<Object> row : series.getValues()) {
          PollOutcome outcome = PollOutcome.read(name -> value(columns, row, name));
          Object duration = value(columns, row, Schema.POLL_DURATION_MS);
          Object collector = value(columns, row, Schema.TAG_COLLECTOR);
          polls.add(
              new Poll(
                  Instant.ofEpochMilli(((Number) row.get(columns.indexOf("time"))).longValue()),
                  outcome.up(),
                  outcome.failure(),
                  outcome.reason(),
                  duration instanceof Number n ? n.doubleValue() : null,
                  collector == null ? "" : collector.toString()));
        }
      }
    }
    // One series per collector that polled it: merged, newest first.
    polls.sort(Comparator.comparing(Poll::time).reversed());
    return polls.size() > limit ? List.copyOf(polls.subList(0, limit)) : polls;
  }

  private static @Nullable Object value(List<String> columns, List<Object> row, String name) {
    int i = columns.indexOf(name);
    return i >= 0 ? row.get(i) : null;
  }

  /** An InfluxQL string literal: a quote or a backslash in the id cannot end it. */
  static String literal(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
