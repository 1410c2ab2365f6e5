package io.vigie.bench;

import io.vigie.model.inventory.Client;
import io.vigie.model.inventory.Comparison;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.Language;
import io.vigie.model.inventory.Target;
import io.vigie.model.inventory.TargetKind;
import io.vigie.model.inventory.ThresholdRule;
import io.vigie.model.inventory.Thresholds;
import io.vigie.testkit.InfluxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.influxdb.InfluxDB;

/**
 * The alerting service at scale, live: 10,000 targets with 10 threshold checks each (plus the
 * poll), written every 10 s to a real InfluxDB as a collector writes them, judged by the service
 * with its default settings (points taken as they are written) and, in the same run, by the design
 * before it (every target every 10 s from a read), in interleaved repeats.
 *
 * <p>{@code --targets N (10000) --seconds S (120, measured per run) --repeats N (2) --out FILE}
 */
public final class AlertingBench {
  private static final List<String> MOUNTS = List.of("/", "/var", "/data", "/home");

  public static void main(String[] args) throws Exception {
    int targets = 10_000;
    int seconds = 120;
    int repeats = 2;
    Path out = Path.of("docs/benchmarks.md");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--targets" -> targets = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--repeats" -> repeats = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path work = Files.createTempDirectory("vigie-bench-alerting-");
    try (InfluxServer influxd = BenchServers.influx(work);
        InfluxDB influx =
            io.vigie.alerting.influx.InfluxClients.connect(
                influxd.url(), null, null, Duration.ofSeconds(60))) {
      Inventory inventory = inventory(targets);
      List<StreamBench.Result> results = new ArrayList<>();
      int round = 0;
      for (int r = 0; r < repeats; r++) {
        // Interleaved: the design before, then the stream; the order swapped every repeat.
        for (boolean stream :
            r % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
          System.out.printf(
              Locale.ROOT, "run %d: %s%n", results.size() + 1, stream ? "stream" : "periodic");
          StreamBench.Result result =
              StreamBench.run(
                  influx,
                  influxd.pid(),
                  inventory,
                  work.resolve("run" + results.size()),
                  stream,
                  Duration.ofSeconds(seconds),
                  round);
          round += seconds / 10 + 2;
          results.add(result);
          System.out.println(summary(result, targets));
        }
      }
      String md = AlertingReport.markdown(results, targets, seconds);
      Report.write(out, "alerting", md);
      System.out.println(md);
    } finally {
      try (var files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static String summary(StreamBench.Result r, int targets) {
    return String.format(
        Locale.ROOT,
        "  %s: write to stored p50 %.0f ms, p99 %.0f ms (%d changes); notice after its due time"
            + " p50 %.0f ms, p99 %.0f ms (%d); service CPU %.3f s per s (%.1f us per target per s);"
            + " influxd %.3f s per s; load %.2f",
        r.stream() ? "stream" : "periodic",
        percentile(r.writeToStoredNanos(), 0.5) / 1e6,
        percentile(r.writeToStoredNanos(), 0.99) / 1e6,
        r.writeToStoredNanos().size(),
        percentile(r.dueToDecisionNanos(), 0.5) / 1e6,
        percentile(r.dueToDecisionNanos(), 0.99) / 1e6,
        r.dueToDecisionNanos().size(),
        r.serviceCpuSeconds() / r.seconds(),
        r.serviceCpuSeconds() / r.seconds() / targets * 1e6,
        r.influxCpuSeconds() / r.seconds(),
        r.load());
  }

  static double percentile(List<Long> values, double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * (sorted.length - 1) + 0.5))];
  }

  static Inventory inventory(int n) {
    List<Client> clients = new ArrayList<>();
    for (int c = 0; c < 50; c++) {
      clients.add(new Client("client" + c, "Client " + c, List.of(), Language.EN, null));
    }
    List<Target> targets = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      targets.add(
          new Target(
              String.format("host%05d", i),
              "client" + (i % 50),
              TargetKind.LOCAL,
              "127.0.0.1",
              Duration.ofSeconds(10),
              null,
              Map.of(),
              Map.of(),
              null,
              null));
    }
    List<ThresholdRule> rules = new ArrayList<>();
    rules.add(rule("cpu.usage_percent", Map.of("cpu", "total"), 85, 95));
    rules.add(rule("load.load1", Map.of(), 8, 16));
    rules.add(rule("load.load5", Map.of(), 8, 16));
    rules.add(rule("load.load15", Map.of(), 8, 16));
    rules.add(rule("mem.used_percent", Map.of(), 90, 97));
    rules.add(rule("disk.used_percent", Map.of(), 80, 90));
    rules.add(rule("system.processes", Map.of(), 2000, 5000));
    return new Inventory(
        "bench",
        Duration.ofSeconds(10),
        clients,
        targets,
        new Thresholds(rules, Map.of(), Map.of()));
  }

  private static ThresholdRule rule(String metric, Map<String, String> where, double w, double e) {
    return new ThresholdRule(metric, where, Comparison.ABOVE, w, e, Duration.ZERO, 2);
  }

  static String id(int i) {
    return String.format(Locale.ROOT, "host%05d", i);
  }

  /**
   * One poll of target {@code i} at {@code t} (ms), as the collector writes it; one target in 20
   * beyond its error levels for three rounds out of six (its status lasts 30 s: long enough to be
   * told, after its one-interval hold).
   */
  static List<String> lines(int i, long t, int round) {
    String tags = ",client=client" + (i % 50) + ",kind=local,target=" + id(i);
    boolean hot = i % 20 == 0 && (round / 3) % 2 == 1;
    List<String> lines = new ArrayList<>(11);
    lines.add("poll,collector=c" + (i % 4) + tags + " up=1i,reason=\"\" " + t);
    lines.add("cpu,cpu=total" + tags + " usage_percent=" + (hot ? 97.5 : 20 + i % 30) + " " + t);
    lines.add("load" + tags + " load1=0.5,load5=0.4,load15=0.3 " + t);
    lines.add("mem" + tags + " used_percent=" + (40 + i % 40) + " " + t);
    for (String mount : MOUNTS) {
      lines.add(
          "disk,mount=" + mount + tags + " used_percent=" + (hot ? 92 : 30 + i % 40) + " " + t);
    }
    lines.add("system" + tags + " processes=" + (150 + i % 100) + "i " + t);
    return lines;
  }
}
