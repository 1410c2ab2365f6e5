package io.vigie.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.collector.metrics.CollectorMetrics;
import io.vigie.collector.schedule.PollScheduler;
import io.vigie.collector.snmp.SnmpEngine;
import io.vigie.collector.snmp.SnmpSource;
import io.vigie.collector.source.Sources;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.model.inventory.SecretResolver;
import io.vigie.model.inventory.TargetKind;
import io.vigie.model.schema.Schema;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import tools.jackson.databind.json.JsonMapper;

/**
 * One window of Vigie polling the benchmark's devices, in a JVM of its own started by {@link
 * SnmpBench} with the flags the launcher gives a collector of that inventory: the collector's
 * scheduler, engine and sources as the collector builds them, the inventory loaded from its YAML
 * file. The process measures itself the way the exporter is measured (/proc), and writes what it
 * saw as JSON. With {@code --profile} it also records the window with JDK Flight Recorder and
 * writes where the CPU and the allocations went ({@link PollProfile}); such a window is not one of
 * the compared ones, as the recording costs CPU of its own.
 *
 * <p>Usage: {@code --inventory FILE --snmpd-pid PID --warmup S --seconds S --interval-s S --out
 * FILE [--profile FILE.jfr]}; the community comes from the environment ({@code COMMUNITY}).
 */
public final class SnmpVigieWindow {
  /** What the window measured; {@code profile} is null unless asked for. */
  record Result(
      SnmpWindow window,
      double heapAfterGcMb,
      Map<String, Double> threadCpuS,
      PollProfile.@org.jspecify.annotations.Nullable Breakdown profile) {}

  private SnmpVigieWindow() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = WriterBench.options(args);
    Inventory inventory =
        new InventoryLoader(SecretResolver.fromSystem(), true).load(Path.of(opts.get("inventory")));
    long snmpdPid = Long.parseLong(opts.get("snmpd-pid"));
    int warmup = Integer.parseInt(opts.get("warmup"));
    int seconds = Integer.parseInt(opts.get("seconds"));
    int intervalS = Integer.parseInt(opts.get("interval-s"));
    String jfr = opts.get("profile");
    Result result = run(inventory, snmpdPid, warmup, seconds, intervalS, jfr);
    JsonMapper.builder().build().writeValue(Path.of(opts.get("out")).toFile(), result);
  }

  private static Result run(
      Inventory inventory,
      long snmpdPid,
      int warmup,
      int seconds,
      int intervalS,
      @org.jspecify.annotations.Nullable String jfr)
      throws Exception {
    AtomicLong polls = new AtomicLong();
    AtomicLong onTime = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong used = new AtomicLong();
    AtomicBoolean measuring = new AtomicBoolean();
    double limitMs = intervalS * 1000.0;
    try (SnmpEngine engine = new SnmpEngine(256)) {
      PollScheduler scheduler =
          new PollScheduler(
              new Sources(
                  Map.of(
                      TargetKind.SNMP,
                      t ->
                          new SnmpSource(
                              engine, t, SecretResolver.fromSystem(), Clock.systemUTC()))),
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
        scheduler.apply(inventory);
        TimeUnit.SECONDS.sleep(warmup);
        long self = ProcessHandle.current().pid();
        Recording recording = null;
        if (jfr != null) {
          recording = new Recording(Configuration.getConfiguration("profile"));
          // Denser than the profile's defaults (20 ms, 300 a second): a window of a few CPU
          // seconds must give enough samples for shares of a few percent.
          recording.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(2));
          recording.enable("jdk.ObjectAllocationSample").with("throttle", "2000/s");
          recording.start();
        }
        Map<String, Double> threads0 = ThreadCpu.byKind();
        double cpu0 = Procs.cpuSeconds(self);
        double snmpd0 = Procs.cpuSeconds(snmpdPid);
        double busy0 = Procs.machineBusySeconds();
        long start = System.nanoTime();
        measuring.set(true);
        double rssMax = 0;
        double rssSum = 0;
        int samples = 0;
        for (int t = 0; t < seconds; t += intervalS) {
          TimeUnit.SECONDS.sleep(Math.min(intervalS, seconds - t));
          double rss = Procs.rssMb(self);
          rssMax = Math.max(rssMax, rss);
          rssSum += rss;
          samples++;
        }
        measuring.set(false);
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = Procs.cpuSeconds(self) - cpu0;
        double snmpdCpu = Procs.cpuSeconds(snmpdPid) - snmpd0;
        double other = Procs.machineBusySeconds() - busy0 - cpu - snmpdCpu;
        Map<String, Double> threads = ThreadCpu.since(threads0);
        PollProfile.Breakdown profile = null;
        if (recording != null && jfr != null) {
          recording.stop();
          Path file = Path.of(jfr);
          recording.dump(file);
          recording.close();
          profile = PollProfile.read(file);
        }
        SnmpWindow window =
            new SnmpWindow(
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
        return new Result(window, heapAfterGcMb(), threads, profile);
      } finally {
        scheduler.close();
      }
    }
  }

  /**
   * The heap in use after a full collection, polls still scheduled: what the collector needs to
   * keep (sessions, targets, counter baselines), as opposed to what the heap has grown to.
   */
  @SuppressWarnings("SystemGc") // the measure itself: live data after a full collection
  private static double heapAfterGcMb() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
  }

  /** Writes the inventory of {@code devices} SNMP devices as YAML, as an operator would. */
  static void writeInventory(Path file, int devices, int intervalS) throws java.io.IOException {
    StringBuilder yaml = new StringBuilder();
    yaml.append("version: 1\n")
        .append("clients:\n  - id: bench\n    name: Bench\n    language: en\n")
        .append("x-device: &device\n")
        .append("  client: bench\n  kind: snmp\n  interval: ")
        .append(intervalS)
        .append("s\n")
        .append("  credentials: {community: {env: COMMUNITY}}\n")
        .append("  snmp: {version: 2c, port: ")
        .append(Snmpd.PORT)
        .append(", profiles: [system, if-mib], timeout: 2s, retries: 1, max_repetitions: 25}\n")
        .append("targets:\n");
    for (int i = 0; i < devices; i++) {
      yaml.append("  - <<: *device\n    id: ")
          .append(String.format("dev%04d", i))
          .append("\n    address: ")
          .append(Snmpd.address(i))
          .append('\n');
    }
    Files.writeString(file, yaml.toString());
  }
}
