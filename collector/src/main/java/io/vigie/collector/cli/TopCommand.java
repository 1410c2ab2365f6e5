package io.vigie.collector.cli;

import io.vigie.model.inventory.Durations;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigie top}: a live table of the latest values per target, read back from InfluxDB. It
 * shows what actually reached the database, not what the collector believes it sent.
 */
@Command(
    name = "top",
    mixinStandardHelpOptions = true,
    description = "Prints the latest values of every target, read from InfluxDB, each interval.")
final class TopCommand implements Callable<Integer> {

  @Option(
      names = "--influx-url",
      defaultValue = "http://127.0.0.1:8086",
      description = "InfluxDB URL")
  @SuppressWarnings("NullAway.Init") // has a default value: set by picocli before call()
  String influxUrl;

  @SuppressWarnings("NullAway.Init") // has a default value: set by picocli before call()
  @Option(names = "--database", defaultValue = "vigie", description = "InfluxDB database")
  String database;

  @SuppressWarnings("NullAway.Init") // has a default value: set by picocli before call()
  @Option(names = "--interval", defaultValue = "10s", description = "refresh interval")
  String interval;

  @Option(names = "--once", description = "print one table and exit")
  boolean once;

  private static final String QUERIES =
      String.join(
          ";",
          "SELECT last(up) AS up, last(reason) AS reason FROM poll WHERE time > now() - 10m GROUP BY target",
          "SELECT last(usage_percent) FROM cpu WHERE cpu = 'total' AND time > now() - 10m GROUP BY target",
          "SELECT last(load1) FROM load WHERE time > now() - 10m GROUP BY target",
          "SELECT last(used_percent) FROM mem WHERE time > now() - 10m GROUP BY target",
          "SELECT max(p) FROM (SELECT last(used_percent) AS p FROM disk WHERE time > now() - 10m"
              + " GROUP BY target, mount) GROUP BY target",
          "SELECT sum(rx), sum(tx) FROM (SELECT last(bytes_recv_per_sec) AS rx,"
              + " last(bytes_sent_per_sec) AS tx FROM net WHERE interface != 'lo' AND time > now() - 10m"
              + " GROUP BY target, interface) GROUP BY target",
          "SELECT last(uptime_s) FROM system WHERE time > now() - 10m GROUP BY target",
          "SELECT count(up) FROM poll WHERE time > now() - 10m GROUP BY target",
          "SELECT last(value) FROM vigie_collector WHERE meter = 'vigie.spool.pending' AND time > now() - 10m",
          "SELECT last(count) FROM vigie_collector WHERE meter = 'vigie.points.written' AND time > now() - 10m",
          // Written by the alerting service, when one runs (the demo starts one).
          "SELECT last(status) FROM status WHERE time > now() - 1h GROUP BY target",
          // Service probes: a target with probes and no polls (a service) shows them in POLL.
          "SELECT last(up), last(reason) FROM probe WHERE time > now() - 10m GROUP BY target, probe");

  /**
   * Whether the output is a terminal, where the screen is cleared between tables. Before JDK 22,
   * System.console() is null unless the JVM runs on a terminal; from JDK 22 on it is there even
   * when the streams are redirected, and Console.isTerminal() tells (called by reflection: this
   * code is built for Java 17, which has no such method).
   */
  // The null check alone is what this check warns of; isTerminal() is asked too, where it exists.
  @SuppressWarnings("SystemConsoleNull")
  static boolean terminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return Boolean.TRUE.equals(java.io.Console.class.getMethod("isTerminal").invoke(console));
    } catch (ReflectiveOperationException e) {
      return true; // before JDK 22: a console is there only on a terminal
    }
  }

  @Override
  public Integer call() throws Exception {
    Duration every =
        Durations.parse(interval)
            .orElseThrow(
                () -> new IllegalArgumentException("--interval: not a duration: " + interval));
    try (InfluxDB influx =
        InfluxDBFactory.connect(
            influxUrl, new OkHttpClient.Builder().retryOnConnectionFailure(false))) {
      PrintStream out = System.out;
      boolean terminal = terminal();
      while (true) {
        String table;
        try {
          table = render(influx.query(new Query(QUERIES, database)));
        } catch (RuntimeException e) {
          table = "InfluxDB at " + influxUrl + " does not answer: " + e.getMessage() + "\n";
        }
        if (terminal && !once) {
          out.print("\033[H\033[2J");
        }
        out.println(
            "vigie top  "
                + Instant.now().toString().substring(0, 19).replace('T', ' ')
                + " UTC  "
                + influxUrl
                + "/"
                + database
                + "  (Ctrl-C to stop)");
        out.print(table);
        out.flush();
        if (once) {
          return VigieCli.OK;
        }
        Thread.sleep(every.toMillis());
      }
    }
  }

  static String render(QueryResult result) {
    Map<String, String[]> rows = new TreeMap<>();
    Map<String, int[]> probes = new TreeMap<>();
    List<QueryResult.Result> results = result.getResults();
    String pending = "-";
    String written = "-";
    for (int statement = 0; statement < results.size(); statement++) {
      QueryResult.Result r = results.get(statement);
      if (r.getSeries() == null) {
        continue;
      }
      for (QueryResult.Series series : r.getSeries()) {
        List<Object> values = series.getValues().get(0);
        if (statement == 8 || statement == 9) {
          String value = format(values.get(1), 0);
          if (statement == 8) {
            pending = value;
          } else {
            written = value;
          }
          continue;
        }
        String target = series.getTags() == null ? "?" : series.getTags().get("target");
        String[] row = rows.computeIfAbsent(target, t -> new String[11]);
        switch (statement) {
          case 0 -> {
            row[0] = Double.valueOf(String.valueOf(values.get(1))) >= 1 ? "UP" : "DOWN";
            row[9] = values.get(2) == null ? "" : String.valueOf(values.get(2));
          }
          case 1 -> row[1] = format(values.get(1), 1);
          case 2 -> row[2] = format(values.get(1), 2);
          case 3 -> row[3] = format(values.get(1), 1);
          case 4 -> row[4] = format(values.get(1), 1);
          case 5 -> {
            row[5] = bytes(values.get(1));
            row[6] = bytes(values.get(2));
          }
          case 6 -> row[7] = uptime(values.get(1));
          case 7 -> row[8] = format(values.get(1), 0);
          case 10 -> row[10] = String.valueOf(values.get(1));
          case 11 -> {
            boolean up = Double.valueOf(String.valueOf(values.get(1))) >= 1;
            int[] count = probes.computeIfAbsent(target, t -> new int[2]);
            count[0] += up ? 1 : 0;
            count[1]++;
            String probe = series.getTags() == null ? "?" : series.getTags().get("probe");
            if (!up && (row[9] == null || row[9].isEmpty()) && values.get(2) != null) {
              row[9] = "probe " + probe + ": " + values.get(2);
            }
          }
          default -> {}
        }
      }
    }
    // A target polled by nothing but its probes: POLL says how many of them are up (2/3).
    probes.forEach(
        (target, count) -> {
          String[] row = rows.computeIfAbsent(target, t -> new String[11]);
          if (row[0] == null) {
            row[0] = count[0] + "/" + count[1];
          }
        });
    StringBuilder out = new StringBuilder();
    String format = "%-24s %-7s %-5s %7s %7s %7s %8s %11s %11s %10s %7s  %s%n";
    out.append(
        String.format(
            format,
            "TARGET",
            "STATUS",
            "POLL",
            "CPU%",
            "LOAD1",
            "MEM%",
            "DISK%max",
            "NET rx/s",
            "NET tx/s",
            "UPTIME",
            "POLLS",
            "REASON"));
    if (rows.isEmpty()) {
      out.append("(no data in the last 10 minutes yet)\n");
    }
    rows.forEach(
        (target, row) -> {
          List<Object> cells = new ArrayList<>();
          cells.add(target);
          cells.add(row[10] == null ? "-" : row[10]);
          for (int i = 0; i < 10; i++) {
            // Reasons come from outside (devices, servers): no control character reaches the
            // screen.
            cells.add(row[i] == null ? "-" : io.vigie.model.text.Escape.controls(row[i]));
          }
          out.append(String.format(format, cells.toArray()));
        });
    out.append("collector: ")
        .append(written)
        .append(" points written, ")
        .append(pending)
        .append(" waiting in the spool\n");
    return out.toString();
  }

  private static String format(Object value, int decimals) {
    if (!(value instanceof Number number)) {
      return "-";
    }
    return String.format("%." + decimals + "f", number.doubleValue());
  }

  private static String bytes(Object value) {
    if (!(value instanceof Number number)) {
      return "-";
    }
    double v = number.doubleValue();
    String[] units = {"B", "kB", "MB", "GB"};
    int unit = 0;
    while (v >= 1000 && unit < units.length - 1) {
      v /= 1000;
      unit++;
    }
    return String.format("%.1f %s", v, units[unit]);
  }

  private static String uptime(Object value) {
    if (!(value instanceof Number number)) {
      return "-";
    }
    long s = number.longValue();
    return s >= 86400
        ? (s / 86400) + "d" + (s % 86400 / 3600) + "h"
        : (s / 3600) + "h" + (s % 3600 / 60) + "m";
  }
}
