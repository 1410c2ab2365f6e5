package io.vigie.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.collector.influx.InfluxBatchWriter;
import io.vigie.collector.influx.InfluxSettings;
import io.vigie.collector.influx.Shipper;
import io.vigie.collector.influx.ShipperSettings;
import io.vigie.collector.influx.WriteOutcome;
import io.vigie.collector.metrics.CollectorMetrics;
import io.vigie.collector.spool.Spool;
import io.vigie.testkit.InfluxServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Writer throughput into a real InfluxDB 1.x, Vigie beside {@code curl --data-binary} of the same
 * line protocol in the same run: same batches, with and without gzip, each case on a fresh influxd,
 * every point counted back.
 *
 * <p>Senders: {@code curl} is one kept-alive curl process sending every batch ({@code -K} config
 * with {@code next}, as shared/peers/peer-influx-ingest.sh does); {@code vigie-writer} is the
 * collector's {@link InfluxBatchWriter} alone; {@code vigie-spool} is the collector's real path,
 * the {@link Shipper} draining a filled on-disk {@link Spool} (what happens after an outage).
 */
public final class WriterBench {
  static final String[] SENDERS = {"curl", "vigie-writer", "vigie-spool"};

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = options(args);
    if (opts.containsKey("from-log")) {
      // Re-renders the report from the case lines of an earlier run's log.
      List<WriterResult> results = WriterReport.fromLog(Path.of(opts.get("from-log")));
      String markdown =
          WriterReport.render(
              results,
              results.get(0).points(),
              Integer.parseInt(opts.getOrDefault("targets", "2000")),
              Integer.parseInt(opts.getOrDefault("repeats", "1")));
      Report.write(Path.of(opts.getOrDefault("out", "docs/benchmarks.md")), "writer", markdown);
      System.out.println(markdown);
      return;
    }
    long points = Long.parseLong(opts.getOrDefault("points", "1000000"));
    int targets = Integer.parseInt(opts.getOrDefault("targets", "2000"));
    int repeats = Integer.parseInt(opts.getOrDefault("repeats", "3"));
    Path out = Path.of(opts.getOrDefault("out", "docs/benchmarks.md"));
    Path work = Files.createDirectories(Path.of(opts.getOrDefault("workdir", "/tmp/vigie-bench")));
    int[] batches = {5000, 10000};

    log("generating %,d points for %,d targets", points, targets);
    List<String> lines = HostMetricsData.generate(targets, points);
    Map<String, Path> files = new LinkedHashMap<>();
    for (int batch : batches) {
      for (boolean gzip : new boolean[] {false, true}) {
        files.put(batch + "/" + gzip, writeBatchFiles(work, lines, batch, gzip));
      }
    }

    log("warming up the JVM");
    try (InfluxServer influx = BenchServers.influx(work)) {
      List<String> warm = lines.subList(0, Math.min(lines.size(), 200_000));
      runWriter(influx, warm, 5000, true);
      runSpool(influx, work, warm, 5000, false);
    }

    List<WriterResult> results = new ArrayList<>();
    for (int r = 0; r < repeats; r++) {
      for (int batch : batches) {
        for (boolean gzip : new boolean[] {false, true}) {
          // The senders' order rotates between repeats, so that drift in the machine is shared.
          for (int i = 0; i < SENDERS.length; i++) {
            String sender = SENDERS[(i + r) % SENDERS.length];
            results.add(
                runCase(
                    work,
                    lines,
                    java.util.Objects.requireNonNull(
                        files.get(batch + "/" + gzip), "every case's file is written first"),
                    batch,
                    gzip,
                    sender));
          }
        }
      }
    }
    String markdown = WriterReport.render(results, lines.size(), targets, repeats);
    Report.write(out, "writer", markdown);
    System.out.println(markdown);
    try (Stream<Path> walk = Files.walk(work)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    boolean allCounted = results.stream().allMatch(r -> r.counted() == r.points());
    System.exit(allCounted ? 0 : 1);
  }

  private static WriterResult runCase(
      Path work, List<String> lines, Path batchDir, int batch, boolean gzip, String sender)
      throws Exception {
    log("case: %,d-line batches, gzip %s, %s", batch, gzip ? "on" : "off", sender);
    try (InfluxServer influx = BenchServers.influx(work)) {
      double[] timing =
          switch (sender) {
            case "curl" -> runCurl(influx, batchDir, gzip);
            case "vigie-writer" -> runWriter(influx, lines, batch, gzip);
            default -> runSpool(influx, work, lines, batch, gzip);
          };
      double influxCpu = timing[3] - timing[2];
      double other = timing[5] - timing[4] - influxCpu - timing[1];
      long counted = BenchServers.count(influx, HostMetricsData.COUNTED);
      WriterResult result =
          new WriterResult(
              batch, gzip, sender, lines.size(), timing[0], timing[1], influxCpu, other, counted);
      log(
          "  %,.0f points/s, sender %.2f CPU-s, influxd %.2f CPU-s, counted %,d of %,d, wall %.2f s,"
              + " other %.2f CPU-s",
          result.rate(), timing[1], influxCpu, counted, lines.size(), timing[0], other);
      return result;
    }
  }

  /** One kept-alive curl for every batch; CPU from bash's {@code times} of its child. */
  private static double[] runCurl(InfluxServer influx, Path batchDir, boolean gzip)
      throws Exception {
    Path config = batchDir.resolveSibling(batchDir.getFileName() + ".curl");
    StringBuilder cfg = new StringBuilder();
    try (Stream<Path> list = Files.list(batchDir)) {
      for (Path file : list.sorted().toList()) {
        if (cfg.length() > 0) {
          cfg.append("next\n");
        }
        cfg.append("url = \"")
            .append(influx.url())
            .append("/write?db=bench&precision=ms\"\n")
            .append("data-binary = \"@")
            .append(file)
            .append("\"\n")
            .append("output = \"/dev/null\"\n")
            .append("write-out = \"%{http_code}\\n\"\n");
        if (gzip) {
          cfg.append("header = \"Content-Encoding: gzip\"\n");
        }
      }
    }
    Files.writeString(config, cfg);
    double[] window = open(influx);
    long start = System.nanoTime();
    Process p =
        new ProcessBuilder(
                "bash", "-c", "curl -s -K \"$1\" > \"$1.codes\"; times", "bash", config.toString())
            .redirectErrorStream(true)
            .start();
    String times = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    double wall = (System.nanoTime() - start) / 1e9;
    long failures =
        Files.readAllLines(Path.of(config + ".codes")).stream()
            .filter(c -> !c.equals("204"))
            .count();
    if (failures > 0) {
      throw new IllegalStateException(failures + " curl writes failed");
    }
    // times: line 2 is the children's "user sys", as 0m1.234s 0m0.567s
    String[] child = times.strip().split("\n", -1)[1].trim().split("\\s+", -1);
    return close(influx, window, wall, seconds(child[0]) + seconds(child[1]));
  }

  private static double[] runWriter(
      InfluxServer influx, List<String> lines, int batch, boolean gzip) {
    double[] window = open(influx);
    long cpu0 = processCpuNanos();
    long start = System.nanoTime();
    try (InfluxBatchWriter writer = new InfluxBatchWriter(settings(influx, gzip))) {
      for (int i = 0; i < lines.size(); i += batch) {
        WriteOutcome outcome = writer.write(lines.subList(i, Math.min(lines.size(), i + batch)));
        if (!outcome.ok()) {
          throw new IllegalStateException("write failed: " + outcome);
        }
      }
    }
    return close(
        influx, window, (System.nanoTime() - start) / 1e9, (processCpuNanos() - cpu0) / 1e9);
  }

  /** influxd's CPU and the machine's busy time at the start of a measured window. */
  private static double[] open(InfluxServer influx) {
    return new double[] {Procs.cpuSeconds(influx.pid()), Procs.machineBusySeconds()};
  }

  /** {wall, sender CPU, influxd CPU at start and end, machine busy at start and end}. */
  private static double[] close(
      InfluxServer influx, double[] window, double wall, double senderCpu) {
    return new double[] {
      wall,
      senderCpu,
      window[0],
      Procs.cpuSeconds(influx.pid()),
      window[1],
      Procs.machineBusySeconds()
    };
  }

  /** The real path: a spool holding every point, drained by the shipper. */
  private static double[] runSpool(
      InfluxServer influx, Path work, List<String> lines, int batch, boolean gzip)
      throws Exception {
    Path dir = Files.createTempDirectory(work, "spool-");
    CollectorMetrics metrics = new CollectorMetrics(new SimpleMeterRegistry());
    try (Spool spool = Spool.open(dir, 8L << 30, 64L << 20, metrics)) {
      for (int i = 0; i < lines.size(); i += 10_000) {
        spool.append(lines.subList(i, Math.min(lines.size(), i + 10_000)));
      }
      spool.force();
      double[] window = open(influx);
      long cpu0 = processCpuNanos();
      long start = System.nanoTime();
      Shipper shipper =
          new Shipper(
                  spool,
                  new InfluxBatchWriter(settings(influx, gzip)),
                  new ShipperSettings(
                      batch, Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(1)),
                  metrics,
                  Clock.systemUTC(),
                  dir.resolve("rejected.lp"))
              .start();
      if (!shipper.drain(Duration.ofMinutes(30))) {
        throw new IllegalStateException("the spool did not drain");
      }
      double[] timing =
          close(
              influx, window, (System.nanoTime() - start) / 1e9, (processCpuNanos() - cpu0) / 1e9);
      shipper.close();
      return timing;
    } finally {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static InfluxSettings settings(InfluxServer influx, boolean gzip) {
    return new InfluxSettings(
        influx.url(), "bench", null, null, null, gzip, false, Duration.ofSeconds(60));
  }

  private static Path writeBatchFiles(Path work, List<String> lines, int batch, boolean gzip)
      throws IOException {
    Path dir = Files.createDirectories(work.resolve("b" + batch + (gzip ? "-gz" : "")));
    for (int i = 0, n = 0; i < lines.size(); i += batch, n++) {
      byte[] body =
          (String.join("\n", lines.subList(i, Math.min(lines.size(), i + batch))) + "\n")
              .getBytes(StandardCharsets.UTF_8);
      Path file = dir.resolve(String.format("x%05d.lp%s", n, gzip ? ".gz" : ""));
      if (gzip) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream z = new GZIPOutputStream(bytes)) {
          z.write(body);
        }
        body = bytes.toByteArray();
      }
      Files.write(file, body);
    }
    return dir;
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double seconds(String bashTime) {
    int m = bashTime.indexOf('m');
    return Double.parseDouble(bashTime.substring(0, m)) * 60
        + Double.parseDouble(bashTime.substring(m + 1, bashTime.length() - 1));
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--") && i + 1 < args.length) {
        opts.put(args[i].substring(2), args[++i]);
      } else {
        throw new IllegalArgumentException(
            "usage: --points N --targets N --repeats N --out FILE --workdir DIR");
      }
    }
    return opts;
  }

  static void log(String format, Object... args) {
    System.err.printf("[bench] " + format + "%n", args);
  }
}
