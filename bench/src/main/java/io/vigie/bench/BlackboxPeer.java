package io.vigie.bench;

import io.vigie.testkit.FreePort;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Peer: Debian's prometheus-blackbox-exporter with the modules of {@link ProbePlan#blackboxYaml},
 * on a loopback port, scraped as Prometheus scrapes it: every probe is a scrape of {@code
 * /probe?module=M&target=T} once per interval, the scrapes spread evenly over the interval (each
 * its own fixed offset, as Prometheus gives each target), a scrape never overlapping the previous
 * one of the same probe, and Prometheus's {@code X-Prometheus-Scrape-Timeout-Seconds: 10} header.
 * The scraper is this JVM: a timer thread and a bounded pool of threads sending with the JDK's
 * HttpClient ({@code --parallel} at most in flight); its CPU is reported apart, as the client's. A
 * fresh exporter per window.
 */
final class BlackboxPeer implements AutoCloseable {
  static final String BINARY = "prometheus-blackbox-exporter";
  private final Process process;
  private final int port;

  private BlackboxPeer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static BlackboxPeer start(Path dir, String yaml) throws Exception {
    Files.createDirectories(dir);
    Path yml = dir.resolve("blackbox.yml");
    Files.writeString(yml, yaml);
    Procs.run(BINARY, "--config.file=" + yml, "--config.check");
    int port = FreePort.pick();
    Process process =
        new ProcessBuilder(
                BINARY,
                "--config.file=" + yml,
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("exporter.log").toFile()))
            .start();
    BlackboxPeer peer = new BlackboxPeer(process, port);
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest ping =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(2))
            .build();
    for (int i = 0; i < 100 && process.isAlive(); i++) {
      try {
        if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return peer;
        }
      } catch (IOException e) {
        // not listening yet
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    peer.close();
    throw new IllegalStateException(
        "the exporter did not start; see " + dir.resolve("exporter.log"));
  }

  /** One window: a fresh exporter scraped for the warm-up, then measured. */
  static ProbeWindow window(
      ProbeBench.Settings s, ProbePlan plan, ProbeBench.Servers servers, Path dir)
      throws Exception {
    try (BlackboxPeer peer = start(dir, plan.blackboxYaml(servers.caFile()))) {
      return peer.scrape(s, plan, servers);
    }
  }

  private ProbeWindow scrape(ProbeBench.Settings s, ProbePlan plan, ProbeBench.Servers servers)
      throws Exception {
    long intervalMs = s.intervalS() * 1000L;
    DriftLog drifts = new DriftLog(TimeUnit.MILLISECONDS.toNanos(intervalMs));
    Map<String, Boolean> last = new ConcurrentHashMap<>();
    Set<String> busy = ConcurrentHashMap.newKeySet();
    AtomicBoolean measuring = new AtomicBoolean();
    AtomicLong skipped = new AtomicLong();
    AtomicLong down = new AtomicLong();
    AtomicLong failedScrapes = new AtomicLong();
    ExecutorService senders =
        Executors.newFixedThreadPool(s.parallel(), ProbeBench.daemon("scrape"));
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(ProbeBench.daemon("scrape-timer"));
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try {
      List<ProbePlan.Planned> probes = plan.probes;
      for (int i = 0; i < probes.size(); i++) {
        ProbePlan.Planned p = probes.get(i);
        String key = p.key();
        HttpRequest request =
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + port
                            + "/probe?module="
                            + p.module()
                            + "&target="
                            + URLEncoder.encode(p.exporterTarget(), StandardCharsets.UTF_8)))
                .header("X-Prometheus-Scrape-Timeout-Seconds", "10")
                .timeout(Duration.ofSeconds(12))
                .build();
        long offset = i * intervalMs / probes.size();
        var unused =
            timer.scheduleAtFixedRate(
                () -> {
                  if (!busy.add(key)) {
                    if (measuring.get()) {
                      skipped.incrementAndGet();
                    }
                    return;
                  }
                  try {
                    senders.execute(
                        () -> {
                          drifts.started(key, System.nanoTime());
                          try {
                            HttpResponse<String> r =
                                http.send(request, HttpResponse.BodyHandlers.ofString());
                            @Nullable Boolean up = r.statusCode() == 200 ? success(r.body()) : null;
                            if (up == null) {
                              failedScrapes.incrementAndGet();
                            } else {
                              last.put(key, up);
                              if (!up && measuring.get()) {
                                down.incrementAndGet();
                              }
                            }
                          } catch (IOException e) {
                            failedScrapes.incrementAndGet();
                          } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                          } finally {
                            busy.remove(key);
                          }
                        });
                  } catch (RuntimeException e) {
                    busy.remove(key); // stopping
                  }
                },
                offset,
                intervalMs,
                TimeUnit.MILLISECONDS);
      }
      TimeUnit.SECONDS.sleep(s.warmup());
      ProbeBench.Meter meter = ProbeBench.Meter.start(process.pid(), servers);
      long from = System.nanoTime();
      measuring.set(true);
      TimeUnit.SECONDS.sleep(s.seconds());
      measuring.set(false);
      long to = System.nanoTime();
      Map<String, Boolean> snapshot = Map.copyOf(last);
      ProbeBench.Meter end = ProbeBench.Meter.start(process.pid(), servers);
      double[] d = drifts.driftsMs(from, to);
      long onTime = java.util.Arrays.stream(d).filter(x -> x <= 1000).count();
      if (failedScrapes.get() > 0) {
        WriterBench.log("blackbox_exporter: %d scrapes failed (not 200)", failedScrapes.get());
      }
      return meter.window(
          "blackbox_exporter",
          end,
          (to - from) / 1e9,
          d.length,
          skipped.get(),
          onTime,
          DriftLog.quantile(d, 0.95),
          d.length == 0 ? Double.NaN : d[d.length - 1],
          down.get(),
          Procs.rssMb(process.pid()),
          snapshot);
    } finally {
      timer.shutdownNow();
      senders.shutdownNow();
      senders.awaitTermination(15, TimeUnit.SECONDS);
    }
  }

  /** {@code probe_success} of a scrape: true for 1, false for 0, null when absent. */
  static @Nullable Boolean success(String body) {
    for (String line : body.split("\n", -1)) {
      if (line.startsWith("probe_success ")) {
        return Double.parseDouble(line.substring("probe_success ".length()).trim()) == 1.0;
      }
    }
    return null;
  }

  static String version() {
    return Procs.firstLine(BINARY, "--version").split(" \\(", 2)[0];
  }

  @Override
  public void close() {
    Procs.stop(process);
  }
}
