package io.vigie.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.alerting.influx.InfluxReader;
import io.vigie.alerting.influx.StatusWriter;
import io.vigie.alerting.service.AlertingService;
import io.vigie.alerting.status.EngineSettings;
import io.vigie.alerting.status.Status;
import io.vigie.alerting.status.StatusEngine;
import io.vigie.alerting.status.TargetState;
import io.vigie.alerting.store.StateStore;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;

/**
 * The alerting service's evaluation cycle at scale: 10,000 targets with 10 threshold checks each
 * (plus the poll), data in a real InfluxDB, timed from the queries to the stored state and the
 * written status points.
 *
 * <p>{@code --targets N (10000) --cycles N (20) --out FILE}
 */
public final class AlertingBench {
  private static final List<String> MOUNTS = List.of("/", "/var", "/data", "/home");

  public static void main(String[] args) throws Exception {
    int targets = 10_000;
    int cycles = 20;
    Path out = Path.of("docs/benchmarks.md");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--targets" -> targets = Integer.parseInt(args[++i]);
        case "--cycles" -> cycles = Integer.parseInt(args[++i]);
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
      // The collector's side: a round of polls every 10 s, written before each cycle (not timed).
      // The clock follows the data, so every cycle is a steady-state cycle of a live system.
      Instant start = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
      MovingClock clock = new MovingClock(start);
      long points = 0;
      for (int round = 0; round < 3; round++) {
        points += fill(influx, targets, start.plusSeconds(10L * round), round);
      }
      clock.set(start.plusSeconds(25));
      System.out.printf(Locale.ROOT, "wrote %,d points for %,d targets%n", points, targets);
      InfluxReader reader = new InfluxReader(influx, "bench", 3);
      int series = targets * 10;
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      try (StateStore store = StateStore.open(work.resolve("state"))) {
        AlertingService service =
            new AlertingService(
                () -> inventory,
                reader,
                new StatusWriter(influx, "bench", () -> inventory),
                new StatusEngine(EngineSettings.defaults()),
                store,
                clock,
                Duration.ofDays(1),
                Duration.ofSeconds(5),
                registry);
        long first = System.nanoTime();
        service.evaluate(); // every target new: the whole window read, all states stored
        double firstMs = (System.nanoTime() - first) / 1e6;
        long[] cycleNanos = new long[cycles];
        long[][] phaseNanos = new long[PHASES.size()][cycles];
        long[] influxCpu = new long[cycles];
        for (int i = 0; i < cycles; i++) {
          Instant t = start.plusSeconds(30L + 10L * i);
          points += fill(influx, targets, t, 3 + i);
          clock.set(t.plusSeconds(5));
          // A collector spreads its writes over the interval; after this burst, let influxd
          // settle (WAL, cache) so that the cycle is timed as in a live system.
          TimeUnit.SECONDS.sleep(3);
          double influx0 = Procs.cpuSeconds(influxd.pid());
          double[] before = phases(registry);
          long c0 = System.nanoTime();
          service.evaluate();
          cycleNanos[i] = System.nanoTime() - c0;
          influxCpu[i] = (long) ((Procs.cpuSeconds(influxd.pid()) - influx0) * 1e9);
          double[] after = phases(registry);
          for (int p = 0; p < PHASES.size(); p++) {
            phaseNanos[p][i] = (long) (after[p] - before[p]);
          }
        }
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        for (TargetState t : service.statuses()) {
          counts.merge(t.status(), 1, Integer::sum);
        }
        Runtime rt = Runtime.getRuntime();
        System.gc();
        double heapMb = (rt.totalMemory() - rt.freeMemory()) / 1e6;
        String md =
            String.format(
                Locale.ROOT,
                "## Alerting: one evaluation cycle for 10,000 targets%n%n"
                    + "`./vigie bench alerting`, run %s. %s%n%n"
                    + "%,d targets (50 clients), each with its `poll` and 10 threshold checks (CPU, load 1/5/15,"
                    + " memory, 4 filesystems, processes), in a real InfluxDB (%,d"
                    + " points, a new round written every 10 s as a collector would). One cycle = the batched InfluxQL"
                    + " request (%d statements, whatever the number of targets) for what was written since the"
                    + " last cycle, judging every check and target, committing the state to the H2 store and"
                    + " writing the status points of the transitions; one target in 20 flips between normal and"
                    + " beyond its error levels every cycle. %,d series read per cycle. No peer: the issue sets"
                    + " an absolute target.%n%n"
                    + "| figure | value |%n|---|---|%n"
                    + "| steady cycle, median of %d | **%.0f ms** (target: 1 s or less) |%n"
                    + "| steady cycle, p90 / max | %.0f ms / %.0f ms |%n"
                    + "| of which, medians: InfluxDB request and parsing / judging / storing / writing"
                    + " status points | %.0f / %.0f / %.0f / %.0f ms |%n"
                    + "| influxd CPU per cycle, median (2 cores shared by influxd and the service) | %.0f ms |%n"
                    + "| first cycle after a start (whole DEAD window read, every state inserted) | %.0f ms |%n"
                    + "| statuses after the run | %s |%n"
                    + "| heap in use after GC | %.0f MB |%n",
                java.time.LocalDate.now(java.time.ZoneOffset.UTC),
                Report.machine(),
                targets,
                points,
                reader.statements(inventory, start, start).size(),
                series,
                cycles,
                median(cycleNanos) / 1e6,
                percentile(cycleNanos, 0.9) / 1e6,
                Arrays.stream(cycleNanos).max().orElse(0) / 1e6,
                median(phaseNanos[0]) / 1e6,
                median(phaseNanos[1]) / 1e6,
                median(phaseNanos[2]) / 1e6,
                median(phaseNanos[3]) / 1e6,
                median(influxCpu) / 1e6,
                firstMs,
                counts,
                heapMb);
        Report.write(out, "alerting", md);
        System.out.println(md);
      }
    } finally {
      try (var files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
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

  /** One poll of every target at {@code t}; one target in 20 beyond its levels on odd rounds. */
  static long fill(InfluxDB influx, int n, Instant t0, int round) {
    long t = t0.toEpochMilli();
    long points = 0;
    List<String> lines = new ArrayList<>(50_000);
    for (int i = 0; i < n; i++) {
      String tags = String.format(",client=client%d,kind=local,target=host%05d", i % 50, i);
      boolean hot = i % 20 == 0 && round % 2 == 1;
      lines.add("poll,collector=c" + (i % 4) + tags + " up=1i,reason=\"\" " + t);
      lines.add("cpu,cpu=total" + tags + " usage_percent=" + (hot ? 97.5 : 20 + i % 30) + " " + t);
      lines.add("load" + tags + " load1=0.5,load5=0.4,load15=0.3 " + t);
      lines.add("mem" + tags + " used_percent=" + (40 + i % 40) + " " + t);
      for (String mount : MOUNTS) {
        lines.add(
            "disk,mount=" + mount + tags + " used_percent=" + (hot ? 92 : 30 + i % 40) + " " + t);
      }
      lines.add("system" + tags + " processes=" + (150 + i % 100) + "i " + t);
      points += 9;
      if (lines.size() >= 45_000) {
        influx.write(
            "bench", "autogen", InfluxDB.ConsistencyLevel.ONE, TimeUnit.MILLISECONDS, lines);
        lines.clear();
      }
    }
    if (!lines.isEmpty()) {
      influx.write("bench", "autogen", InfluxDB.ConsistencyLevel.ONE, TimeUnit.MILLISECONDS, lines);
    }
    return points;
  }

  /** The bench's clock: set to follow the data. */
  static final class MovingClock extends Clock {
    private volatile Instant now;

    MovingClock(Instant now) {
      this.now = now;
    }

    void set(Instant to) {
      now = to;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private static final List<String> PHASES = List.of("read", "judge", "store", "write");

  private static double[] phases(SimpleMeterRegistry registry) {
    double[] totals = new double[PHASES.size()];
    for (int p = 0; p < PHASES.size(); p++) {
      totals[p] =
          registry
              .timer("vigie.alerting.evaluation.phase", "phase", PHASES.get(p))
              .totalTime(TimeUnit.NANOSECONDS);
    }
    return totals;
  }

  static double median(long[] values) {
    return percentile(values, 0.5);
  }

  static double percentile(long[] values, double p) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * (sorted.length - 1) + 0.5))];
  }
}
