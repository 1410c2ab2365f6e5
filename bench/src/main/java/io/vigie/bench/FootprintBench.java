package io.vigie.bench;

import io.vigie.testkit.FreePort;
import io.vigie.testkit.InfluxServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The local agent's own cost at a 10 s interval beside prometheus-node-exporter, in the same window
 * on the same host: CPU (user+sys from /proc) and resident memory sampled every interval.
 * node_exporter is scraped every interval the way Prometheus does; the scraper's and InfluxDB's own
 * costs are counted for neither. Two collector JVMs run: the launcher's default flags, and leaner
 * flags for a host where memory is tight.
 */
public final class FootprintBench {
  static final String DEFAULT_OPTS = "-Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError";
  static final String LEAN_OPTS =
      "-Xmx64m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=24m"
          + " -XX:MaxMetaspaceSize=96m -XX:+ExitOnOutOfMemoryError";

  private record Subject(String name, String how, Process process) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = WriterBench.options(args);
    int seconds = Integer.parseInt(opts.getOrDefault("seconds", "300"));
    int warmup = Integer.parseInt(opts.getOrDefault("warmup", "30"));
    int interval = Integer.parseInt(opts.getOrDefault("interval-s", "10"));
    Path jar = Path.of(opts.get("jar"));
    Path out = Path.of(opts.getOrDefault("out", "docs/benchmarks.md"));
    Path work = Files.createTempDirectory("vigie-footprint-");
    HttpClient http = HttpClient.newHttpClient();

    List<Subject> subjects = new ArrayList<>();
    try (InfluxServer influx = BenchServers.influx(work)) {
      Path inventory = work.resolve("inventory.yml");
      Files.writeString(
          inventory,
          """
          clients:
            - {id: noc, name: NOC}
          targets:
            - {id: this-host, client: noc, kind: local, interval: %ds}
          """
              .formatted(interval));
      subjects.add(collector("vigie collector", DEFAULT_OPTS, jar, inventory, influx, work, "a"));
      subjects.add(
          collector("vigie collector, lean JVM", LEAN_OPTS, jar, inventory, influx, work, "b"));
      int nePort = FreePort.pick();
      String ne =
          Files.isExecutable(Path.of("/usr/bin/prometheus-node-exporter"))
              ? "/usr/bin/prometheus-node-exporter"
              : "prometheus-node-exporter";
      subjects.add(
          new Subject(
              "prometheus-node-exporter",
              Procs.firstLine(ne, "--version").replaceAll(" \\(.*", "")
                  + ", default collectors, scraped every "
                  + interval
                  + " s",
              new ProcessBuilder(ne, "--web.listen-address=127.0.0.1:" + nePort)
                  .redirectErrorStream(true)
                  .redirectOutput(work.resolve("node-exporter.log").toFile())
                  .start()));

      Thread scraper =
          new Thread(
              () -> {
                while (!Thread.currentThread().isInterrupted()) {
                  try {
                    http.send(
                        HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + nePort + "/metrics"))
                            .header(
                                "Accept",
                                "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5")
                            .header("Accept-Encoding", "gzip")
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                        HttpResponse.BodyHandlers.discarding());
                    TimeUnit.SECONDS.sleep(interval);
                  } catch (IOException e) {
                    sleepQuietly(1);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "scraper");
      scraper.setDaemon(true);
      scraper.start();

      WriterBench.log("warming up %d s (JVM start, first polls)", warmup);
      TimeUnit.SECONDS.sleep(warmup);
      for (Subject s : subjects) {
        if (!s.process().isAlive()) {
          throw new IllegalStateException(s.name() + " exited; see " + work);
        }
      }
      double[] cpu0 =
          subjects.stream().mapToDouble(s -> Procs.cpuSeconds(s.process().pid())).toArray();
      double busy0 = Procs.machineBusySeconds();
      long polls0 = BenchServers.count(influx, "poll.up");
      List<double[]> rss = new ArrayList<>();
      long start = System.nanoTime();
      WriterBench.log("measuring %d s", seconds);
      for (int t = 0; t < seconds; t += interval) {
        rss.add(subjects.stream().mapToDouble(s -> Procs.rssMb(s.process().pid())).toArray());
        TimeUnit.SECONDS.sleep(Math.min(interval, seconds - t));
      }
      double wall = (System.nanoTime() - start) / 1e9;
      double[] cpu = new double[subjects.size()];
      for (int i = 0; i < subjects.size(); i++) {
        cpu[i] = Procs.cpuSeconds(subjects.get(i).process().pid()) - cpu0[i];
      }
      double machine = Procs.machineBusySeconds() - busy0;
      double[] peak =
          subjects.stream().mapToDouble(s -> Procs.peakRssMb(s.process().pid())).toArray();
      long polls = BenchServers.count(influx, "poll.up") - polls0;
      scraper.interrupt();

      StringBuilder md = new StringBuilder();
      md.append("## Local agent footprint: Vigie beside node_exporter\n\n")
          .append("`./vigie bench footprint`, run ")
          .append(java.time.LocalDate.now(java.time.ZoneOffset.UTC))
          .append(". ")
          .append(Report.machine())
          .append("\n\n")
          .append(
              String.format(
                  Locale.ROOT,
                  "All three ran at once on this host for %.0f s after a %d s warm-up, at a %d s interval:"
                      + " each collector polls this host (CPU, load, memory, disks, network, uptime) and"
                      + " writes to a private InfluxDB; node_exporter is scraped as Prometheus does. CPU is"
                      + " user+sys from /proc/PID/stat over the window, as %% of one core; RSS is sampled"
                      + " every interval (mean and max), peak is VmHWM. The collectors wrote %d poll points"
                      + " between them in the window. The whole machine was %.0f%% busy (of 200%%).%n%n",
                  wall,
                  warmup,
                  interval,
                  polls,
                  100 * machine / wall))
          .append(
              "| process | how | CPU % of a core | CPU s | RSS mean MB | RSS max MB | peak MB |\n")
          .append("|---|---|---|---|---|---|---|\n");
      for (int i = 0; i < subjects.size(); i++) {
        final int k = i;
        double mean = rss.stream().mapToDouble(r -> r[k]).average().orElse(Double.NaN);
        double max = rss.stream().mapToDouble(r -> r[k]).max().orElse(Double.NaN);
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %.2f | %.1f | %.0f | %.0f | %.0f |%n",
                subjects.get(i).name(),
                subjects.get(i).how(),
                100 * cpu[i] / wall,
                cpu[i],
                mean,
                max,
                peak[i]));
      }
      double neCpu = cpu[2] / wall;
      double neRss = rss.stream().mapToDouble(r -> r[2]).average().orElse(Double.NaN);
      md.append(
          String.format(
              Locale.ROOT,
              "%nRatios to node_exporter: CPU %.1f× (default JVM) and %.1f× (lean JVM); resident memory %.1f× and %.1f×.%n",
              cpu[0] / wall / neCpu,
              cpu[1] / wall / neCpu,
              rss.stream().mapToDouble(r -> r[0]).average().orElse(0) / neRss,
              rss.stream().mapToDouble(r -> r[1]).average().orElse(0) / neRss));
      Report.write(out, "footprint", md.toString());
      System.out.println(md);
    } finally {
      for (Subject s : subjects) {
        s.process().destroy();
        if (!s.process().waitFor(20, TimeUnit.SECONDS)) {
          s.process().destroyForcibly();
        }
      }
    }
  }

  private static Subject collector(
      String name, String jvm, Path jar, Path inventory, InfluxServer influx, Path work, String id)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvm.split(" ")));
    command.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "collector",
            "--inventory=" + inventory,
            "--influx-url=" + influx.url(),
            "--database=bench",
            "--data-dir=" + work.resolve("data-" + id),
            "--port=" + FreePort.pick(),
            "--vigie.collector-id=" + id));
    return new Subject(
        name,
        "`" + jvm + "`",
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("collector-" + id + ".log").toFile())
            .start());
  }

  private static void sleepQuietly(long seconds) {
    try {
      TimeUnit.SECONDS.sleep(seconds);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
