package io.vigie.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * SNMP polling of many devices (one snmpd answering on as many loopback addresses): Vigie's
 * scheduler and engine, in a JVM of their own with the launcher's flags, polling each with the
 * {@code system} and {@code if-mib} profiles every interval, beside prometheus-snmp-exporter
 * fetching the same varbinds and snmpbulkwalk, all started here. Windows are interleaved, exporter
 * then Vigie (then snmpbulkwalk in the first rounds), round after round, each the same length after
 * the same warm-up; the report gives the median of the per-round ratios of varbinds per collector
 * CPU-second, outlier windows flagged and left out ({@link Repeats}), and every window's figures. A
 * last Vigie window, not compared, is recorded by Flight Recorder for the profile.
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
      int parallel,
      int profileSeconds) {}

  static final String USAGE =
      "options: --devices N (1000) --seconds N (300, each window) --warmup N (30, before each"
          + " window) --interval-s N (10) --rounds N (3) --bulkwalk-rounds N (1) --parallel N (64,"
          + " scrapes or walks in flight) --profile-seconds N (60, a last Vigie window recorded by"
          + " Flight Recorder; 0: none) --peer-rounds N (rounds, exporter windows; 0: Vigie only)"
          + " --out FILE (docs/benchmarks.md) --section NAME (snmp)";

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
            Integer.parseInt(opts.getOrDefault("parallel", "64")),
            Integer.parseInt(opts.getOrDefault("profile-seconds", "60")));
    int peerRounds = Integer.parseInt(opts.getOrDefault("peer-rounds", "" + s.rounds()));
    Path out = Path.of(opts.getOrDefault("out", "docs/benchmarks.md"));
    String section = opts.getOrDefault("section", "snmp");
    Path work = Files.createTempDirectory("vigie-snmp-bench-");
    // snmpd runs as nobody when the benchmark runs as root: it must reach its directory below.
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<SnmpWindow> exporter = new ArrayList<>();
    List<SnmpVigieWindow.Result> vigie = new ArrayList<>();
    List<SnmpWindow> bulkwalk = new ArrayList<>();
    try (Snmpd snmpd = Snmpd.start(work.resolve("snmpd"), s.devices())) {
      int interfaces = snmpd.interfaces();
      Path inventory = work.resolve("inventory.yml");
      SnmpVigieWindow.writeInventory(inventory, s.devices(), s.intervalS());
      List<String> flags = collectorFlags(inventory);
      WriterBench.log(
          "%d devices, %d interfaces each; %d rounds of %d s windows after %d s warm-ups; Vigie's"
              + " JVM: %s",
          s.devices(), interfaces, s.rounds(), s.seconds(), s.warmup(), String.join(" ", flags));
      for (int round = 1; round <= s.rounds(); round++) {
        if (round <= peerRounds) {
          exporter.add(logged(round, SnmpExporterPeer.window(s, snmpd, work)));
        }
        SnmpVigieWindow.Result v = vigie(s, snmpd, inventory, flags, work, null);
        logged(round, v.window());
        vigie.add(v);
        if (round <= s.bulkwalkRounds()) {
          bulkwalk.add(logged(round, BulkwalkPeer.window(s, snmpd, work)));
        }
      }
      SnmpVigieWindow.Result profiled = null;
      if (s.profileSeconds() > 0) {
        profiled = vigie(s, snmpd, inventory, flags, work, work.resolve("vigie.jfr"));
        WriterBench.log("profile window: %s", String.valueOf(profiled.profile()));
      }
      String md =
          new SnmpReport(s, interfaces, flags, vigie, exporter, bulkwalk, profiled).markdown();
      Report.write(out, section, md);
      System.out.println(md);
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static SnmpWindow logged(int round, SnmpWindow w) {
    WriterBench.log(
        "round %d %s: %,d varbinds, %.1f collector CPU-s, %,.0f varbinds/CPU-s, %d of %d on time,"
            + " %.1f other CPU-s",
        round,
        w.collector(),
        w.varbinds(),
        w.collectorCpuS(),
        w.varbindsPerCpuS(),
        w.onTime(),
        w.requests(),
        w.otherCpuS());
    return w;
  }

  /**
   * One window of Vigie: the collector's scheduler and engine in a JVM of its own ({@link
   * SnmpVigieWindow}), started with the launcher's flags for this inventory, its warm-up, then the
   * measured window; with {@code jfr}, recorded by Flight Recorder.
   */
  static SnmpVigieWindow.Result vigie(
      Settings s, Snmpd snmpd, Path inventory, List<String> flags, Path work, @Nullable Path jfr)
      throws Exception {
    Path result = work.resolve("vigie-window.json");
    Files.deleteIfExists(result);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(flags);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            SnmpVigieWindow.class.getName(),
            "--inventory",
            inventory.toString(),
            "--snmpd-pid",
            Long.toString(snmpd.pid()),
            "--warmup",
            Integer.toString(s.warmup()),
            "--seconds",
            Integer.toString(jfr != null ? s.profileSeconds() : s.seconds()),
            "--interval-s",
            Integer.toString(s.intervalS()),
            "--out",
            result.toString()));
    if (jfr != null) {
      command.addAll(List.of("--profile", jfr.toString()));
    }
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("vigie.log").toFile()));
    builder.environment().put("COMMUNITY", Snmpd.COMMUNITY);
    Process process = builder.start();
    if (!process.waitFor(s.warmup() + s.seconds() + s.profileSeconds() + 120L, TimeUnit.SECONDS)
        || process.exitValue() != 0) {
      Procs.stop(process);
      throw new IllegalStateException("Vigie's window failed; see " + work.resolve("vigie.log"));
    }
    return JsonMapper.builder().build().readValue(result.toFile(), SnmpVigieWindow.Result.class);
  }

  /**
   * The launcher's JVM flags for the benchmark's inventory ({@code ./vigie collector --print-jvm}),
   * less class data sharing: its archive is the collector jar's, and this JVM runs from the
   * benchmark's class path.
   */
  static List<String> collectorFlags(Path inventory) throws Exception {
    return FootprintBench.launcherFlags(Path.of("vigie"), inventory).stream()
        .filter(f -> !f.contains("SharedArchiveFile") && !f.contains("ArchiveClassesAtExit"))
        .filter(f -> !f.startsWith("-Xlog:cds"))
        .toList();
  }
}
