package io.vigie.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.collector.Collector;
import io.vigie.collector.metrics.CollectorMetrics;
import io.vigie.collector.point.Point;
import io.vigie.collector.probe.Probers;
import io.vigie.collector.schedule.PollScheduler;
import io.vigie.collector.schedule.ProbeSources;
import io.vigie.collector.source.Source;
import io.vigie.collector.source.Sources;
import io.vigie.model.inventory.TargetKind;
import io.vigie.model.poll.FailureKind;
import io.vigie.model.schema.ProbeSchema;
import io.vigie.model.schema.Schema;
import io.vigie.testkit.FreePort;
import io.vigie.testkit.Nginx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Service probes (issue 16): a mix of tcp, http, https, icmp and dns probes ({@link ProbePlan})
 * against loopback peers started here (nginx from the test kit, with its certificates; dnsmasq; a
 * closed port; 127.0.0.0/8 for ICMP), run every interval by Vigie's own scheduler and probers, and
 * by prometheus-blackbox-exporter scraped as Prometheus does ({@link BlackboxPeer}). Windows are
 * interleaved, exporter then Vigie, round after round, each the same length after the same warm-up.
 * The report gives the median of the per-round ratios of CPU-seconds per 1,000 probes, Vigie's
 * share of probes started within 1 s of schedule and its p95 drift, and whether both said the same
 * up/down for every probe.
 */
public final class ProbeBench {
  /** The benchmark's options; see {@link #USAGE}. */
  record Settings(
      int probes,
      int seconds,
      int warmup,
      int intervalS,
      int rounds,
      int parallel,
      int workers,
      List<String> types,
      boolean icmpAsSystemd) {}

  static final String USAGE =
      "options: --probes N (2000) --seconds N (300, each window) --warmup N (30, before each"
          + " window) --interval-s N (30) --rounds N (3) --parallel N (64, exporter scrapes in"
          + " flight) --workers N (8, Vigie's poll workers, as the collector's default) --types LIST"
          + " (tcp,http,https,icmp,dns: a subset, for diagnosis) --icmp systemd|as-found (systemd:"
          + " net.ipv4.ping_group_range as Debian's systemd sets it, for the run) --out FILE"
          + " (docs/benchmarks.md)";

  /** The peers that answer the probes, and the CA their certificates chain to. */
  record Servers(long nginxPid, long dnsmasqPid, Path caFile) {
    double cpuSeconds() {
      return Procs.treeCpuSeconds(nginxPid) + Procs.treeCpuSeconds(dnsmasqPid);
    }
  }

  private ProbeBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println(USAGE);
      return;
    }
    Map<String, String> opts = WriterBench.options(args);
    Settings s =
        new Settings(
            Integer.parseInt(opts.getOrDefault("probes", "2000")),
            Integer.parseInt(opts.getOrDefault("seconds", "300")),
            Integer.parseInt(opts.getOrDefault("warmup", "30")),
            Integer.parseInt(opts.getOrDefault("interval-s", "30")),
            Integer.parseInt(opts.getOrDefault("rounds", "3")),
            Integer.parseInt(opts.getOrDefault("parallel", "64")),
            Integer.parseInt(opts.getOrDefault("workers", "8")),
            types(opts.getOrDefault("types", String.join(",", ProbePlan.TYPES))),
            icmpMode(opts.getOrDefault("icmp", "systemd")));
    Path out = Path.of(opts.getOrDefault("out", "docs/benchmarks.md"));
    Path work = Files.createTempDirectory("vigie-probe-bench-");
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    Duration interval = Duration.ofSeconds(s.intervalS());
    List<ProbeWindow> exporter = new ArrayList<>();
    List<ProbeWindow> vigie = new ArrayList<>();
    try (PingGroupRange range = PingGroupRange.set(s.icmpAsSystemd());
        Nginx nginx = Nginx.launch()) {
      int closedPort = FreePort.pick();
      // The names are known before dnsmasq's port: a plan with a placeholder port lists them.
      List<String> names =
          ProbePlan.build(s.probes(), s.types(), interval, nginx, closedPort, 1).dnsHosts();
      try (ProbeDnsmasq dnsmasq = ProbeDnsmasq.start(work.resolve("dnsmasq"), names)) {
        ProbePlan plan =
            ProbePlan.build(s.probes(), s.types(), interval, nginx, closedPort, dnsmasq.port());
        Servers servers =
            new Servers(
                Long.parseLong(Files.readString(nginx.dir().resolve("nginx.pid")).trim()),
                dnsmasq.pid(),
                nginx.certificates().rootCa());
        WriterBench.log(
            "%d probes %s every %d s; %d rounds of %d s windows after %d s warm-ups",
            plan.probes.size(), plan.byType, s.intervalS(), s.rounds(), s.seconds(), s.warmup());
        for (int round = 1; round <= s.rounds(); round++) {
          exporter.add(
              logged(round, BlackboxPeer.window(s, plan, servers, work.resolve("exporter"))));
          vigie.add(logged(round, vigie(s, plan, servers)));
        }
        String md = new ProbeReport(s, plan, vigie, exporter, range).markdown();
        Report.write(out, "probes", md);
        System.out.println(md);
      }
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static boolean icmpMode(String mode) {
    return switch (mode) {
      case "systemd" -> true;
      case "as-found" -> false;
      default -> throw new IllegalArgumentException("--icmp: systemd or as-found, not " + mode);
    };
  }

  /** The types asked for, in the mix's order; unknown ones refused. */
  private static List<String> types(String list) {
    List<String> asked = List.of(list.split(",", -1));
    for (String t : asked) {
      if (!ProbePlan.TYPES.contains(t)) {
        throw new IllegalArgumentException("--types: unknown type " + t + "; " + ProbePlan.TYPES);
      }
    }
    return ProbePlan.TYPES.stream().filter(asked::contains).toList();
  }

  private static ProbeWindow logged(int round, ProbeWindow w) {
    WriterBench.log(
        "round %d %s: %,d probes, %.2f%% on time, p95 drift %.0f ms, %.1f CPU-s (%.2f per 1,000),"
            + " client %.1f, servers %.1f, %d down",
        round,
        w.collector(),
        w.probes(),
        100 * w.onTimeShare(),
        w.p95DriftMs(),
        w.collectorCpuS(),
        w.cpuPerThousand(),
        w.clientCpuS(),
        w.serversCpuS(),
        w.down());
    return w;
  }

  /**
   * One window of Vigie: fresh probers ({@link Collector#defaultProbers} trusting the test CA) and
   * a fresh scheduler with the plan's inventory, its points to a counting sink (no database: what
   * is measured is the probing), a warm-up, then the measured window. Each probe's start is when
   * its source is called on a worker, which is what {@link DriftLog} times.
   */
  static ProbeWindow vigie(Settings s, ProbePlan plan, Servers servers) throws Exception {
    DriftLog drifts = new DriftLog(TimeUnit.SECONDS.toNanos(s.intervalS()));
    Map<String, Boolean> last = new ConcurrentHashMap<>();
    AtomicBoolean measuring = new AtomicBoolean();
    AtomicLong skipped = new AtomicLong();
    AtomicLong down = new AtomicLong();
    String missed = FailureKind.MISSED.code();
    String overrun = FailureKind.OVERRUN.code();
    try (Probers probers = Collector.defaultProbers(servers.caFile())) {
      ProbeSources timed =
          (target, probe) -> {
            Source source = probers.create(target, probe);
            String key = target.id() + "/" + probe.name();
            return new Source() {
              @Override
              public java.util.concurrent.CompletionStage<io.vigie.collector.source.PollResult>
                  poll() {
                drifts.started(key, System.nanoTime());
                return source.poll();
              }

              @Override
              public void close() {
                source.close();
              }
            };
          };
      PollScheduler scheduler =
          new PollScheduler(
              // Only probes here: no target is polled (service targets only).
              new Sources(
                  Map.of(
                      TargetKind.SNMP,
                      t -> {
                        throw new IllegalStateException("this benchmark polls no " + t.kind());
                      })),
              timed,
              batch -> {
                for (Point p : batch) {
                  String key =
                      p.tags().get(Schema.TAG_TARGET) + "/" + p.tags().get(ProbeSchema.TAG_PROBE);
                  Object failure = p.fields().get(ProbeSchema.FAILURE);
                  boolean up = Long.valueOf(1).equals(p.fields().get(ProbeSchema.UP));
                  if (missed.equals(failure) || overrun.equals(failure)) {
                    if (measuring.get()) {
                      skipped.incrementAndGet();
                    }
                    continue;
                  }
                  last.put(key, up);
                  if (!up && measuring.get()) {
                    down.incrementAndGet();
                  }
                }
              },
              new CollectorMetrics(new SimpleMeterRegistry()),
              Clock.systemUTC(),
              "bench",
              s.workers());
      try {
        scheduler.apply(plan.inventory(Duration.ofSeconds(s.intervalS())));
        TimeUnit.SECONDS.sleep(s.warmup());
        long self = ProcessHandle.current().pid();
        Meter meter = Meter.start(self, servers);
        long from = System.nanoTime();
        measuring.set(true);
        TimeUnit.SECONDS.sleep(s.seconds());
        measuring.set(false);
        long to = System.nanoTime();
        Map<String, Boolean> snapshot = Map.copyOf(last);
        Meter end = Meter.start(self, servers);
        double[] d = drifts.driftsMs(from, to);
        long onTime = Arrays.stream(d).filter(x -> x <= 1000).count();
        return meter.window(
            "Vigie",
            end,
            (to - from) / 1e9,
            d.length,
            skipped.get(),
            onTime,
            DriftLog.quantile(d, 0.95),
            d.length == 0 ? Double.NaN : d[d.length - 1],
            down.get(),
            Procs.rssMb(self),
            snapshot);
      } finally {
        scheduler.close();
      }
    }
  }

  /**
   * CPU readings at one instant: the prober (Vigie's JVM with its reaped children, or the
   * exporter), this JVM (the scraper, in an exporter window), the servers, the machine.
   */
  record Meter(long pid, double prober, double self, double servers, double busy) {
    static Meter start(long pid, Servers s) {
      long me = ProcessHandle.current().pid();
      double self = Procs.cpuSecondsWithReaped(me);
      return new Meter(
          pid,
          pid == me ? self : Procs.cpuSeconds(pid),
          self,
          s.cpuSeconds(),
          Procs.machineBusySeconds());
    }

    ProbeWindow window(
        String name,
        Meter end,
        double wallS,
        long probes,
        long skipped,
        long onTime,
        double p95,
        double max,
        long down,
        double rssMb,
        Map<String, Boolean> last) {
      boolean own = pid == ProcessHandle.current().pid();
      double prober = end.prober - this.prober;
      double client = own ? 0 : end.self - this.self;
      double servers = end.servers - this.servers;
      double other = end.busy - busy - prober - client - servers;
      return new ProbeWindow(
          name,
          wallS,
          probes,
          skipped,
          onTime,
          p95,
          max,
          down,
          prober,
          client,
          servers,
          Math.max(0, other),
          rssMb,
          last);
    }
  }

  static ThreadFactory daemon(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "bench-" + prefix + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
