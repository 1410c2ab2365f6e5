package io.vigie.bench;

import io.vigie.testkit.FreePort;
import io.vigie.testkit.InfluxServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The local agent's own cost at a 10 s interval beside prometheus-node-exporter, both started at
 * once on the same host for each round: start-up (to the first point written, to the first scrape
 * answered), then CPU (user+sys from /proc) over the window and resident memory sampled every
 * interval. node_exporter is scraped every interval the way Prometheus does; the scraper's and
 * InfluxDB's own costs are counted for neither. The collector runs with the launcher's JVM flags
 * for this inventory ({@code ./vigie collector --print-jvm}), class data sharing archive included.
 * Rounds are repeated on fresh processes; each figure is the median of the rounds with its range.
 */
public final class FootprintBench {
  /**
   * A target whose first turn comes 58 ms after the start (the scheduler spreads first turns by a
   * jitter derived from the id, up to an interval): start-up is measured, not the spread.
   */
  static final String TARGET = "agent-35";

  /** One process's figures in a round. */
  private record Figures(
      double startupS, double cpuPct, double rssMean, double rssMax, double peak) {}

  /** One round: the collector, node_exporter, the polls written in the window, the machine. */
  private record Round(Figures vigie, Figures exporter, long polls, double machinePct) {
    Figures of(int i) {
      return i == 0 ? vigie : exporter;
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = WriterBench.options(args);
    int seconds = Integer.parseInt(opts.getOrDefault("seconds", "300"));
    int warmup = Integer.parseInt(opts.getOrDefault("warmup", "30"));
    int interval = Integer.parseInt(opts.getOrDefault("interval-s", "10"));
    int rounds = Integer.parseInt(opts.getOrDefault("rounds", "3"));
    Path jar = Path.of(opts.get("jar"));
    Path launcher = Path.of(opts.getOrDefault("launcher", "vigie"));
    Path out = Path.of(opts.getOrDefault("out", "docs/benchmarks.md"));
    Path work = Files.createTempDirectory("vigie-footprint-");
    Path inventory = work.resolve("inventory.yml");
    Files.writeString(
        inventory,
        """
        clients:
          - {id: noc, name: NOC}
        targets:
          - {id: %s, client: noc, kind: local, interval: %ds}
        """
            .formatted(TARGET, interval));
    String ne =
        Files.isExecutable(Path.of("/usr/bin/prometheus-node-exporter"))
            ? "/usr/bin/prometheus-node-exporter"
            : "prometheus-node-exporter";
    List<Round> done = new ArrayList<>();
    List<String> flags;
    try (InfluxServer influx = BenchServers.influx(work)) {
      flags = launcherFlags(launcher, inventory);
      if (flags.stream().anyMatch(f -> f.startsWith("-XX:ArchiveClassesAtExit="))) {
        // The launcher's first run makes the archive when it stops: made here, outside the rounds.
        WriterBench.log("making the class data sharing archive (a first run, stopped)");
        Process first = collector(flags, jar, inventory, influx, work, "cds");
        waitFirstPoint(influx, "cds", first, System.nanoTime());
        Procs.stop(first);
        flags = launcherFlags(launcher, inventory);
      }
      for (int r = 1; r <= rounds; r++) {
        WriterBench.log("round %d of %d", r, rounds);
        done.add(round(r, flags, jar, ne, inventory, influx, work, warmup, seconds, interval));
      }
    }
    String md = report(done, flags, Procs.firstLine(ne, "--version"), warmup, seconds, interval);
    Report.write(out, "footprint", md);
    System.out.println(md);
  }

  /**
   * The flags {@code ./vigie collector --print-jvm} gives for this inventory: first word a line.
   */
  static List<String> launcherFlags(Path launcher, Path inventory) throws Exception {
    Process p =
        new ProcessBuilder(
                launcher.toAbsolutePath().toString(),
                "collector",
                "--print-jvm",
                "--inventory",
                inventory.toString())
            .redirectErrorStream(true)
            .start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("./vigie collector --print-jvm failed: " + text);
    }
    return text.lines().filter(l -> l.startsWith("-")).map(l -> l.split("\\s+", -1)[0]).toList();
  }

  private static Round round(
      int r,
      List<String> flags,
      Path jar,
      String ne,
      Path inventory,
      InfluxServer influx,
      Path work,
      int warmup,
      int seconds,
      int interval)
      throws Exception {
    String id = "r" + r;
    int nePort = FreePort.pick();
    HttpClient http = HttpClient.newHttpClient();
    long start = System.nanoTime();
    Process collector = collector(flags, jar, inventory, influx, work, id);
    Process exporter =
        new ProcessBuilder(ne, "--web.listen-address=127.0.0.1:" + nePort)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("node-exporter-" + id + ".log").toFile())
            .start();
    Process[] both = {collector, exporter};
    try {
      double neStartup = Double.NaN;
      while (Double.isNaN(neStartup)) {
        if (scrape(http, nePort)) {
          neStartup = (System.nanoTime() - start) / 1e9;
        } else {
          TimeUnit.MILLISECONDS.sleep(20);
        }
      }
      double startup = waitFirstPoint(influx, id, collector, start);
      Thread scraper = scraper(http, nePort, interval);
      TimeUnit.SECONDS.sleep(warmup);
      double[] cpu0 = cpu(both);
      double busy0 = Procs.machineBusySeconds();
      long polls0 = polls(influx, id);
      List<double[]> rss = new ArrayList<>();
      long begin = System.nanoTime();
      for (int t = 0; t < seconds; t += interval) {
        for (Process p : both) {
          if (!p.isAlive()) {
            throw new IllegalStateException(
                p.info().command().orElse("?") + " exited; see " + work);
          }
        }
        rss.add(new double[] {Procs.rssMb(collector.pid()), Procs.rssMb(exporter.pid())});
        TimeUnit.SECONDS.sleep(Math.min(interval, seconds - t));
      }
      double wall = (System.nanoTime() - begin) / 1e9;
      double[] cpu1 = cpu(both);
      double machine = Procs.machineBusySeconds() - busy0;
      scraper.interrupt();
      Figures[] figures = new Figures[2];
      double[] startups = {startup, neStartup};
      for (int i = 0; i < 2; i++) {
        final int k = i;
        figures[i] =
            new Figures(
                startups[i],
                100 * (cpu1[i] - cpu0[i]) / wall,
                rss.stream().mapToDouble(x -> x[k]).average().orElse(Double.NaN),
                rss.stream().mapToDouble(x -> x[k]).max().orElse(Double.NaN),
                Procs.peakRssMb(both[i].pid()));
      }
      return new Round(figures[0], figures[1], polls(influx, id) - polls0, 100 * machine / wall);
    } finally {
      for (Process p : both) {
        Procs.stop(p);
      }
    }
  }

  private static double[] cpu(Process[] processes) {
    double[] cpu = new double[processes.length];
    for (int i = 0; i < processes.length; i++) {
      cpu[i] = Procs.cpuSeconds(processes[i].pid());
    }
    return cpu;
  }

  private static long polls(InfluxServer influx, String id) {
    return influx.count(
        BenchServers.DATABASE, "SELECT count(up) FROM poll WHERE collector = '" + id + "'");
  }

  /** Seconds from {@code start} to the first poll point of the collector in InfluxDB. */
  private static double waitFirstPoint(
      InfluxServer influx, String id, Process collector, long start) throws Exception {
    long deadline = start + TimeUnit.MINUTES.toNanos(2);
    while (polls(influx, id) == 0) {
      if (!collector.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("collector " + id + " wrote no point; see its log");
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static boolean scrape(HttpClient http, int port) throws InterruptedException {
    try {
      return http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .header(
                          "Accept",
                          "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5")
                      .header("Accept-Encoding", "gzip")
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    }
  }

  private static Thread scraper(HttpClient http, int port, int interval) {
    Thread scraper =
        new Thread(
            () -> {
              try {
                while (!Thread.currentThread().isInterrupted()) {
                  scrape(http, port);
                  TimeUnit.SECONDS.sleep(interval);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "scraper");
    scraper.setDaemon(true);
    scraper.start();
    return scraper;
  }

  private static Process collector(
      List<String> flags, Path jar, Path inventory, InfluxServer influx, Path work, String id)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(flags);
    command.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "collector",
            "--inventory=" + inventory,
            "--influx-url=" + influx.url(),
            "--database=" + BenchServers.DATABASE,
            "--data-dir=" + work.resolve("data-" + id),
            "--port=" + FreePort.pick(),
            "--vigie.collector-id=" + id));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(work.resolve("collector-" + id + ".log").toFile())
        .start();
  }

  private static String report(
      List<Round> rounds,
      List<String> flags,
      String neVersion,
      int warmup,
      int seconds,
      int interval) {
    StringBuilder md = new StringBuilder();
    md.append("## Local agent footprint: Vigie beside node_exporter\n\n")
        .append("`./vigie bench footprint`, run ")
        .append(java.time.LocalDate.now(java.time.ZoneOffset.UTC))
        .append(". ")
        .append(Report.machine())
        .append("\n\n")
        .append(
            f(
                "%d rounds. In each, the collector and node_exporter start at the same moment on this"
                    + " host, fresh processes, at a %d s interval: the collector polls this host (CPU,"
                    + " load, memory, disks, network, uptime) and writes to a private InfluxDB;"
                    + " node_exporter is scraped as Prometheus does. Start-up: from the process's start"
                    + " to the first poll point stored in InfluxDB (its first turn comes at once, the"
                    + " shipper writes within a second), and to node_exporter's first scrape answered."
                    + " After a %d s warm-up, CPU is user+sys from /proc/PID/stat over %d s, as %% of one"
                    + " core; RSS is sampled every interval (mean and max), peak is VmHWM. Each figure"
                    + " is the median of the rounds, with the range [min–max].%n%n",
                rounds.size(), interval, warmup, seconds))
        .append(
            "- Vigie: the launcher's JVM flags for this inventory (`./vigie collector --print-jvm`): `")
        // The archive's path as in the repository, not this checkout's.
        .append(String.join(" ", flags).replace(Path.of("").toAbsolutePath() + "/", ""))
        .append("`.\n- ")
        .append(neVersion.replaceAll(" \\(.*", ""))
        .append(", default collectors.\n\n")
        .append("| process | start-up s | CPU % of a core | RSS mean MB | RSS max MB | peak MB |\n")
        .append("|---|---|---|---|---|---|\n");
    String[] names = {"vigie collector", "prometheus-node-exporter"};
    for (int i = 0; i < 2; i++) {
      final int k = i;
      md.append("| ")
          .append(names[i])
          .append(" | ")
          .append(cell(rounds, r -> r.of(k).startupS(), "%.2f"))
          .append(" | ")
          .append(cell(rounds, r -> r.of(k).cpuPct(), "%.2f"))
          .append(" | ")
          .append(cell(rounds, r -> r.of(k).rssMean(), "%.0f"))
          .append(" | ")
          .append(cell(rounds, r -> r.of(k).rssMax(), "%.0f"))
          .append(" | ")
          .append(cell(rounds, r -> r.of(k).peak(), "%.0f"))
          .append(" |\n");
    }
    md.append(
        f(
            "%nRatios to node_exporter, per round: CPU %s (target: 2 at most), resident memory %s"
                + " (target: 3 at most). The collector wrote %s poll points a window (expected %d);"
                + " the whole machine was %s%% busy (of 200%%).%n",
            cell(rounds, r -> r.vigie().cpuPct() / r.exporter().cpuPct(), "%.1f×"),
            cell(rounds, r -> r.vigie().rssMean() / r.exporter().rssMean(), "%.1f×"),
            cell(rounds, r -> r.polls(), "%.0f"),
            seconds / interval,
            cell(rounds, Round::machinePct, "%.0f")));
    return md.toString();
  }

  /** The median of the rounds, and their range when more than one. */
  private static String cell(List<Round> rounds, ToDoubleFunction<Round> value, String format) {
    List<Double> values = rounds.stream().map(value::applyAsDouble).toList();
    double[] m = SnmpReport.medianRange(values);
    String median = f(format, m[0]);
    return values.size() < 2
        ? median
        : median + " [" + f(format, m[1]) + "–" + f(format, m[2]) + "]";
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
