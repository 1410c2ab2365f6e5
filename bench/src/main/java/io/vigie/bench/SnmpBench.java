package io.vigie.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.collector.metrics.CollectorMetrics;
import io.vigie.collector.schedule.PollScheduler;
import io.vigie.collector.snmp.SnmpEngine;
import io.vigie.collector.snmp.SnmpSource;
import io.vigie.collector.source.Sources;
import io.vigie.model.inventory.Client;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.Language;
import io.vigie.model.inventory.SecretRef;
import io.vigie.model.inventory.SecretResolver;
import io.vigie.model.inventory.Target;
import io.vigie.model.inventory.TargetKind;
import io.vigie.model.inventory.Thresholds;
import io.vigie.model.schema.Schema;
import io.vigie.model.snmp.SnmpSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * SNMP polling of many devices (one snmpd answering on as many loopback addresses): Vigie's
 * scheduler and engine polling each with the {@code system} and {@code if-mib} profiles every
 * interval, beside prometheus-snmp-exporter fetching the same varbinds and snmpbulkwalk, all
 * started here. Windows are interleaved, exporter then Vigie (then snmpbulkwalk in the first
 * rounds), round after round, each the same length after the same warm-up; the report gives the
 * median of the per-round ratios of varbinds per collector CPU-second, and every window's figures.
 */
public final class SnmpBench {
  /** The benchmark's options; see {@link #USAGE}. */
  record Settings(
      int devices,
      int seconds,
      int warmup,
      int intervalS,
      int rounds,
      int bulkwalkRounds,
      int parallel) {}

  static final String USAGE =
      "options: --devices N (1000) --seconds N (300, each window) --warmup N (30, before each"
          + " window) --interval-s N (10) --rounds N (3) --bulkwalk-rounds N (1) --parallel N (64,"
          + " scrapes or walks in flight) --out FILE (docs/benchmarks.md)";

  private SnmpBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println(USAGE);
      return;
    }
    Map<String, String> opts = WriterBench.options(args);
    Settings s =
        new Settings(
            Integer.parseInt(opts.getOrDefault("devices", "1000")),
            Integer.parseInt(opts.getOrDefault("seconds", "300")),
            Integer.parseInt(opts.getOrDefault("warmup", "30")),
            Integer.parseInt(opts.getOrDefault("interval-s", "10")),
            Integer.parseInt(opts.getOrDefault("rounds", "3")),
            Integer.parseInt(opts.getOrDefault("bulkwalk-rounds", "1")),
            Integer.parseInt(opts.getOrDefault("parallel", "64")));
    Path out = Path.of(opts.getOrDefault("out", "docs/benchmarks.md"));
    Path work = Files.createTempDirectory("vigie-snmp-bench-");
    // snmpd runs as nobody when the benchmark runs as root: it must reach its directory below.
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<SnmpWindow> exporter = new ArrayList<>();
    List<SnmpWindow> vigie = new ArrayList<>();
    List<SnmpWindow> bulkwalk = new ArrayList<>();
    try (Snmpd snmpd = Snmpd.start(work.resolve("snmpd"), s.devices())) {
      int interfaces = snmpd.interfaces();
      WriterBench.log(
          "%d devices, %d interfaces each; %d rounds of %d s windows after %d s warm-ups",
          s.devices(), interfaces, s.rounds(), s.seconds(), s.warmup());
      for (int round = 1; round <= s.rounds(); round++) {
        exporter.add(logged(round, SnmpExporterPeer.window(s, snmpd, work)));
        vigie.add(logged(round, vigie(s, snmpd)));
        if (round <= s.bulkwalkRounds()) {
          bulkwalk.add(logged(round, BulkwalkPeer.window(s, snmpd, work)));
        }
      }
      String md = new SnmpReport(s, interfaces, vigie, exporter, bulkwalk).markdown();
      Report.write(out, "snmp", md);
      System.out.println(md);
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static SnmpWindow logged(int round, SnmpWindow w) {
    WriterBench.log(
        "round %d %s: %,d varbinds, %.1f collector CPU-s, %,.0f varbinds/CPU-s, %d failed",
        round, w.collector(), w.varbinds(), w.collectorCpuS(), w.varbindsPerCpuS(), w.failed());
    return w;
  }

  /** One window of Vigie: a fresh engine and scheduler, warm-up, then the measured window. */
  static SnmpWindow vigie(Settings s, Snmpd snmpd) throws Exception {
    AtomicLong polls = new AtomicLong();
    AtomicLong onTime = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong used = new AtomicLong();
    AtomicBoolean measuring = new AtomicBoolean();
    double limitMs = s.intervalS() * 1000.0;
    try (SnmpEngine engine = new SnmpEngine(256)) {
      SecretResolver secrets = new SecretResolver(Map.of("COMMUNITY", Snmpd.COMMUNITY));
      PollScheduler scheduler =
          new PollScheduler(
              new Sources(
                  Map.of(
                      TargetKind.SNMP, t -> new SnmpSource(engine, t, secrets, Clock.systemUTC()))),
              batch -> {
                if (!measuring.get()) {
                  return;
                }
                Map<String, Object> poll = batch.get(batch.size() - 1).fields();
                polls.incrementAndGet();
                used.addAndGet(poll.get("values") instanceof Long v ? v : 0);
                String reason = poll.get(Schema.POLL_REASON) instanceof String r ? r : "";
                boolean up = Long.valueOf(1).equals(poll.get(Schema.POLL_UP));
                double ms =
                    poll.get(Schema.POLL_DURATION_MS) instanceof Double d ? d : Double.MAX_VALUE;
                if (!up || !reason.isEmpty()) {
                  failed.incrementAndGet(); // skipped polls too
                } else if (ms < limitMs) {
                  onTime.incrementAndGet();
                }
              },
              new CollectorMetrics(new SimpleMeterRegistry()),
              Clock.systemUTC(),
              "bench",
              2);
      try {
        scheduler.apply(inventory(s));
        TimeUnit.SECONDS.sleep(s.warmup());
        long self = ProcessHandle.current().pid();
        double cpu0 = WriterBench.processCpuNanos() / 1e9;
        double snmpd0 = Procs.cpuSeconds(snmpd.pid());
        double busy0 = Procs.machineBusySeconds();
        long start = System.nanoTime();
        measuring.set(true);
        double rssMax = 0;
        double rssSum = 0;
        int samples = 0;
        for (int t = 0; t < s.seconds(); t += s.intervalS()) {
          TimeUnit.SECONDS.sleep(Math.min(s.intervalS(), s.seconds() - t));
          double rss = Procs.rssMb(self);
          rssMax = Math.max(rssMax, rss);
          rssSum += rss;
          samples++;
        }
        measuring.set(false);
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = WriterBench.processCpuNanos() / 1e9 - cpu0;
        double snmpdCpu = Procs.cpuSeconds(snmpd.pid()) - snmpd0;
        double other = Procs.machineBusySeconds() - busy0 - cpu - snmpdCpu;
        return new SnmpWindow(
            "Vigie",
            wall,
            polls.get(),
            onTime.get(),
            failed.get(),
            used.get(),
            cpu,
            0,
            snmpdCpu,
            Math.max(0, other),
            rssSum / samples,
            rssMax);
      } finally {
        scheduler.close();
      }
    }
  }

  /**
   * Every device as an SNMPv2c target with the system and if-mib profiles, Vigie's 2 s timeout and
   * 1 retry.
   */
  private static Inventory inventory(Settings s) {
    List<Target> targets = new ArrayList<>();
    for (int i = 0; i < s.devices(); i++) {
      targets.add(
          new Target(
              String.format("dev%04d", i),
              "bench",
              TargetKind.SNMP,
              Snmpd.address(i),
              Duration.ofSeconds(s.intervalS()),
              null,
              Map.of("community", SecretRef.env("COMMUNITY")),
              Map.of(),
              new SnmpSettings(
                  SnmpSettings.Version.V2C,
                  Snmpd.PORT,
                  List.of("system", "if-mib"),
                  Duration.ofSeconds(2),
                  1,
                  25,
                  null,
                  null,
                  null,
                  null,
                  null),
              null));
    }
    return new Inventory(
        "bench",
        Duration.ofSeconds(s.intervalS()),
        List.of(new Client("bench", "Bench", List.of(), Language.EN, null)),
        targets,
        Thresholds.none());
  }
}
