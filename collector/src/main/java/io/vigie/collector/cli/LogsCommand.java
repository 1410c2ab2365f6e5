package io.vigie.collector.cli;

import io.vigie.model.inventory.Durations;
import io.vigie.model.logs.Severity;
import io.vigie.model.schema.LogSchema;
import io.vigie.model.schema.Schema;
import io.vigie.model.text.Escape;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigie logs}: the recent log lines stored in InfluxDB, for troubleshooting, oldest first,
 * then new ones as they arrive with {@code --follow}. What it prints is what reached the database.
 * Control characters of the lines are shown escaped: a line never moves the terminal's cursor.
 */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description = "Prints recent log lines from InfluxDB (and new ones with --follow).")
final class LogsCommand implements Callable<Integer> {

  @SuppressWarnings("NullAway.Init") // has a default value: set by picocli before call()
  @Option(
      names = "--influx-url",
      defaultValue = "${env:VIGIE_INFLUX_URL:-http://127.0.0.1:8086}",
      description = "InfluxDB URL (default: VIGIE_INFLUX_URL or ${DEFAULT-VALUE})")
  String influxUrl;

  @SuppressWarnings("NullAway.Init")
  @Option(
      names = "--database",
      defaultValue = "${env:VIGIE_INFLUX_DATABASE:-vigie}",
      description = "InfluxDB database")
  String database;

  @SuppressWarnings("NullAway.Init")
  @Option(
      names = "--retention-policy",
      defaultValue = "${env:VIGIE_LOGS_RETENTION_POLICY:-logs}",
      description = "the logs' retention policy")
  String retentionPolicy;

  @Option(names = "--client", description = "only this client's lines")
  @Nullable String client;

  @Option(names = "--target", description = "only this target's lines")
  @Nullable String target;

  @Option(names = "--severity", description = "only lines this severe or more (err, warning...)")
  @Nullable String severity;

  @SuppressWarnings("NullAway.Init")
  @Option(names = "--since", defaultValue = "1h", description = "how far back (${DEFAULT-VALUE})")
  String since;

  @Option(names = "--limit", defaultValue = "100", description = "at most so many recent lines")
  int limit;

  @Option(
      names = {"-f", "--follow"},
      description = "then print new lines as they arrive")
  boolean follow;

  @Override
  public Integer call() throws Exception {
    Duration back =
        Durations.parse(since)
            .orElseThrow(() -> new IllegalArgumentException("--since: not a duration: " + since));
    @Nullable Severity atLeast = null;
    if (severity != null) {
      atLeast =
          Severity.parse(severity)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "--severity: one of emerg, alert, crit, err, warning, notice, info,"
                              + " debug; found "
                              + Escape.quoted(severity)));
    }
    PrintStream out = System.out;
    try (InfluxDB influx =
        InfluxDBFactory.connect(
            influxUrl, new OkHttpClient.Builder().retryOnConnectionFailure(false))) {
      String filter = filter(atLeast);
      List<List<Object>> rows =
          rows(
              influx,
              select()
                  + " WHERE time > now() - "
                  + back.toSeconds()
                  + "s"
                  + filter
                  + " ORDER BY time DESC LIMIT "
                  + Math.max(1, limit));
      long last = 0;
      for (int i = rows.size() - 1; i >= 0; i--) {
        last = Math.max(last, print(out, rows.get(i)));
      }
      while (follow) {
        Thread.sleep(2000);
        String after = last == 0 ? "now() - 2s" : String.valueOf(last);
        for (List<Object> row :
            rows(influx, select() + " WHERE time > " + after + filter + " ORDER BY time ASC")) {
          last = Math.max(last, print(out, row));
        }
      }
    }
    return 0;
  }

  private String select() {
    return "SELECT "
        + String.join(
            ", ",
            Schema.TAG_CLIENT,
            Schema.TAG_TARGET,
            LogSchema.TAG_SEVERITY,
            LogSchema.TAG_HOSTNAME,
            LogSchema.TAG_APPNAME,
            LogSchema.MESSAGE)
        + " FROM "
        + identifier(retentionPolicy)
        + "."
        + identifier(LogSchema.MEASUREMENT);
  }

  private String filter(@Nullable Severity atLeast) {
    StringBuilder f = new StringBuilder();
    if (client != null) {
      f.append(" AND ").append(Schema.TAG_CLIENT).append(" = ").append(literal(client));
    }
    if (target != null) {
      f.append(" AND ").append(Schema.TAG_TARGET).append(" = ").append(literal(target));
    }
    if (atLeast != null) {
      f.append(" AND ").append(LogSchema.SEVERITY_CODE).append(" <= ").append(atLeast.code());
    }
    return f.toString();
  }

  private List<List<Object>> rows(InfluxDB influx, String query) {
    QueryResult result = influx.query(new Query(query, database), TimeUnit.NANOSECONDS);
    if (result.hasError()) {
      throw new IllegalStateException(result.getError());
    }
    List<List<Object>> rows = new ArrayList<>();
    for (QueryResult.Result r : result.getResults()) {
      if (r.hasError()) {
        throw new IllegalStateException(r.getError() + " in: " + query);
      }
      if (r.getSeries() != null) {
        r.getSeries().forEach(s -> rows.addAll(s.getValues()));
      }
    }
    return rows;
  }

  /** One line: time, client/target, severity, host, app: message. Returns its time (ns). */
  static long print(PrintStream out, List<Object> row) {
    long nanos = row.get(0) instanceof Number n ? n.longValue() : 0;
    Instant at = Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
    String origin =
        text(row.get(1)).isEmpty() ? "(noc)" : text(row.get(1)) + "/" + text(row.get(2));
    out.println(
        at
            + " "
            + Escape.controls(origin)
            + " "
            + text(row.get(3))
            + " "
            + Escape.controls(text(row.get(4)))
            + " "
            + Escape.controls(text(row.get(5)))
            + ": "
            + Escape.controls(text(row.get(6))));
    return nanos;
  }

  private static String text(@Nullable Object v) {
    return v == null ? "" : v.toString();
  }

  private static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static String identifier(String name) {
    return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
