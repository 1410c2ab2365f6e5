package io.vigie.bench;

import io.vigie.testkit.GeneratedInventory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./vigie bench validate}: the whole {@code vigie validate --offline} command on a generated
 * NOC-sized inventory (20,000 SNMP targets), JVM start included, with the launcher's JVM options,
 * once as {@code ./vigie validate} runs it (without the optimising compiler) and once with the
 * options the services run with: wall time, CPU and peak RSS from {@code /usr/bin/time -v}, several
 * fresh processes, median and range. There is no peer: no other tool validates this format, so the
 * figures are set beside the goal (under 2 s and 256 MB) and beside the previous version's.
 */
public final class ValidateBench {
  /** The launcher's default, ./vigie's VIGIE_JAVA_OPTS. */
  static final String LAUNCHER_OPTS = "-Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError";

  /** What ./vigie adds for validate, a one-shot command. */
  static final String VALIDATE_OPTS = "-XX:TieredStopAtLevel=1";

  private ValidateBench() {}

  /** One run of the command. */
  record Run(double wallSeconds, double cpuSeconds, double peakRssMb) {}

  /** The runs of one set of JVM options. */
  record Config(String name, String opts, List<Run> runs) {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of("docs/benchmarks.md");
    Path jar = Path.of("collector/target/vigie-collector-exec.jar");
    int targets = 20_000;
    int repeats = 5;
    String opts = System.getenv().getOrDefault("VIGIE_JAVA_OPTS", LAUNCHER_OPTS);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--out" -> out = Path.of(args[++i]);
        case "--jar" -> jar = Path.of(args[++i]);
        case "--targets" -> targets = Integer.parseInt(args[++i]);
        case "--repeats" -> repeats = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path dir = Files.createTempDirectory("vigie-bench-validate");
    try {
      Path inventory = GeneratedInventory.snmp(dir.resolve("inventory.yml"), targets);
      long bytes = Files.size(inventory);
      String load = loadAverage();
      run(jar, opts, inventory, dir); // into the page cache; not counted
      List<Config> configs =
          List.of(
              new Config("`./vigie validate`", opts + " " + VALIDATE_OPTS, new ArrayList<>()),
              new Config("services' options", opts, new ArrayList<>()));
      // Interleaved, so that a change in the machine's load touches both alike.
      for (int r = 0; r < repeats; r++) {
        for (Config config : configs) {
          Run run = run(jar, config.opts(), inventory, dir);
          System.out.printf(
              Locale.ROOT,
              "%s run %d: %.2f s wall, %.2f s CPU, %.0f MB peak RSS%n",
              config.name(),
              r + 1,
              run.wallSeconds(),
              run.cpuSeconds(),
              run.peakRssMb());
          config.runs().add(run);
        }
      }
      String markdown = report(targets, bytes, repeats, configs, load, loadAverage());
      Report.write(out, "validate", markdown);
      System.out.println(markdown);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static Run run(Path jar, String opts, Path inventory, Path dir)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-v", "java"));
    command.addAll(Arrays.asList(opts.trim().split("\\s+", -1)));
    command.addAll(List.of("-jar", jar.toString(), "validate", "--offline", inventory.toString()));
    Path stdout = dir.resolve("stdout.txt");
    Path stderr = dir.resolve("stderr.txt");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    int exit = process.waitFor();
    String said = Files.readString(stdout, StandardCharsets.UTF_8);
    String time = Files.readString(stderr, StandardCharsets.UTF_8);
    if (exit != 0 || !said.contains("valid (100 clients")) {
      throw new IllegalStateException("validate failed (exit " + exit + "): " + said + time);
    }
    return new Run(
        wallSeconds(field(time, "Elapsed (wall clock) time (h:mm:ss or m:ss)")),
        Double.parseDouble(field(time, "User time (seconds)"))
            + Double.parseDouble(field(time, "System time (seconds)")),
        Double.parseDouble(field(time, "Maximum resident set size (kbytes)")) / 1024.0);
  }

  private static String field(String timeOutput, String name) {
    for (String line : timeOutput.split("\n", -1)) {
      String trimmed = line.trim();
      if (trimmed.startsWith(name + ":")) {
        return trimmed.substring(name.length() + 1).trim();
      }
    }
    throw new IllegalStateException("/usr/bin/time -v gave no " + name + ": " + timeOutput);
  }

  /** {@code m:ss.cc} or {@code h:mm:ss}. */
  static double wallSeconds(String clock) {
    double seconds = 0;
    for (String part : clock.split(":", -1)) {
      seconds = seconds * 60 + Double.parseDouble(part);
    }
    return seconds;
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+", -1);
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String report(
      int targets,
      long bytes,
      int repeats,
      List<Config> configs,
      String loadBefore,
      String loadAfter) {
    StringBuilder md = new StringBuilder();
    md.append("## Validating a NOC-sized inventory: `vigie validate`, no peer\n\n")
        .append("`./vigie bench validate`, run ")
        .append(java.time.LocalDate.now(java.time.ZoneOffset.UTC))
        .append(". Machine: ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores, ")
        .append(Procs.firstLine("uname", "-sr"))
        .append(", Java ")
        .append(System.getProperty("java.version"))
        .append("; load average ")
        .append(loadBefore)
        .append(" before, ")
        .append(loadAfter)
        .append(" after (other work shared the machine: wall time suffers from it, CPU less).\n\n")
        .append(
            String.format(
                Locale.ROOT,
                "The whole command `java OPTIONS -jar collector/target/vigie-collector-exec.jar"
                    + " validate --offline FILE`, JVM start included, on a generated inventory of"
                    + " %,d SNMP targets (100 clients, labels, parents, community references,"
                    + " per-client thresholds; %.1f MB), %d fresh processes per set of options,"
                    + " interleaved, after one untimed run; wall time, user+sys CPU and peak RSS"
                    + " from `/usr/bin/time -v`. Options: the launcher's `%s`; `./vigie validate`"
                    + " adds `%s` (a one-shot check: the optimising compiler would cost more CPU"
                    + " than the check). No peer: no other tool validates this format. The goal is"
                    + " under 2 s and 256 MB. Before this work (commit ea8863a, services' options),"
                    + " 11,000 of these targets took 2.2 to 3.5 s wall, 3.3 s CPU and 220 MB, and"
                    + " 20,000 were refused (the YAML parser's 3 MiB limit).\n\n",
                targets,
                bytes / 1e6,
                repeats,
                configs.get(1).opts(),
                VALIDATE_OPTS))
        .append("| options | measure | median | min | max | goal | met |\n")
        .append("|---|---|---|---|---|---|---|\n");
    for (Config config : configs) {
      double[] wall = config.runs().stream().mapToDouble(Run::wallSeconds).sorted().toArray();
      double[] cpu = config.runs().stream().mapToDouble(Run::cpuSeconds).sorted().toArray();
      double[] rss = config.runs().stream().mapToDouble(Run::peakRssMb).sorted().toArray();
      md.append(row(config.name(), "wall s", wall, 2.0))
          .append(row(config.name(), "CPU s (user+sys)", cpu, Double.NaN))
          .append(row(config.name(), "peak RSS MB", rss, 256));
    }
    return md.toString();
  }

  private static String row(String config, String name, double[] sorted, double goal) {
    double median = median(sorted);
    return String.format(
        Locale.ROOT,
        "| %s | %s | %.2f | %.2f | %.2f | %s | %s |%n",
        config,
        name,
        median,
        sorted[0],
        sorted[sorted.length - 1],
        Double.isNaN(goal) ? "" : String.format(Locale.ROOT, "%.0f", goal),
        Double.isNaN(goal) ? "" : median <= goal ? "yes" : "no");
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
