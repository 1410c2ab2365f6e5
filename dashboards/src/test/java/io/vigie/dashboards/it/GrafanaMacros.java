package io.vigie.dashboards.it;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces Grafana's macros and template variables in an InfluxQL query as Grafana's InfluxDB data
 * source does before it sends the query: {@code $timeFilter} becomes {@code time >= <from>ms and
 * time <= <to>ms}, {@code $__interval} (and {@code $interval}) the panel's interval (range / max
 * data points, rounded as Grafana's {@code roundInterval} does, never below the data source's
 * minimum), and a multi-value variable inside a regex {@code (a|b)} with regex characters escaped.
 */
final class GrafanaMacros {
  private static final Pattern VARIABLE = Pattern.compile("\\$(\\w+)");
  private static final Pattern REGEX_CHARS = Pattern.compile("[\\\\^$*+?.()|\\[\\]{}/]");

  private final Instant from;
  private final Instant to;
  private final String interval;
  private final Map<String, List<String>> variables;

  GrafanaMacros(
      Instant from,
      Instant to,
      int maxDataPoints,
      Duration minInterval,
      Map<String, List<String>> variables) {
    this.from = from;
    this.to = to;
    long raw = Duration.between(from, to).toMillis() / maxDataPoints;
    this.interval = format(Math.max(round(raw), minInterval.toMillis()));
    this.variables = variables;
  }

  String interval() {
    return interval;
  }

  String apply(String query) {
    String q =
        query
            .replace(
                "$timeFilter",
                "time >= " + from.toEpochMilli() + "ms and time <= " + to.toEpochMilli() + "ms")
            .replace("$__interval", interval)
            .replace("$interval", interval);
    Matcher m = VARIABLE.matcher(q);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      List<String> values = variables.get(m.group(1));
      if (values == null) {
        throw new IllegalArgumentException(
            "unknown variable $"
                + m.group(1)
                + " in "
                + query
                + " (variables: "
                + variables.keySet()
                + ")");
      }
      List<String> escaped =
          values.stream().map(v -> REGEX_CHARS.matcher(v).replaceAll("\\\\$0")).toList();
      m.appendReplacement(out, Matcher.quoteReplacement("(" + String.join("|", escaped) + ")"));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Grafana's roundInterval (public/app/core/utils/kbn.ts), in milliseconds. */
  static long round(long ms) {
    long[][] steps = {
      {15, 10},
      {35, 20},
      {75, 50},
      {150, 100},
      {350, 200},
      {750, 500},
      {1_500, 1_000},
      {3_500, 2_000},
      {7_500, 5_000},
      {12_500, 10_000},
      {17_500, 15_000},
      {25_000, 20_000},
      {45_000, 30_000},
      {90_000, 60_000},
      {210_000, 120_000},
      {450_000, 300_000},
      {750_000, 600_000},
      {1_050_000, 900_000},
      {1_500_000, 1_200_000},
      {2_700_000, 1_800_000},
      {5_400_000, 3_600_000},
      {9_000_000, 7_200_000},
      {16_200_000, 10_800_000},
      {32_400_000, 21_600_000},
      {86_400_000, 43_200_000}
    };
    for (long[] step : steps) {
      if (ms < step[0]) {
        return step[1];
      }
    }
    return 86_400_000;
  }

  private static String format(long ms) {
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1_000 == 0) {
      return ms / 1_000 + "s";
    }
    return ms + "ms";
  }
}
