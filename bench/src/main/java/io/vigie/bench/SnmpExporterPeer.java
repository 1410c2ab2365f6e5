package io.vigie.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Peer: prometheus-snmp-exporter (the Debian package) with the {@link SnmpExporterConfig} module,
 * on a loopback port, scraped once per cycle for every device by one {@code curl --parallel} (as
 * Prometheus would scrape it, with a bounded number of scrapes in flight). The collector's CPU is
 * the exporter's alone; curl's is reported apart. A fresh exporter per window, so that its peak
 * memory is that window's.
 */
final class SnmpExporterPeer implements AutoCloseable {
  static final int PORT = 19116;
  static final String BINARY = "prometheus-snmp-exporter";

  private final Process process;
  private final Path dir;
  private final int devices;
  private final int parallel;

  private SnmpExporterPeer(Process process, Path dir, int devices, int parallel) {
    this.process = process;
    this.dir = dir;
    this.devices = devices;
    this.parallel = parallel;
  }

  /** One measured window: a fresh exporter, its warm-up and measured cycles, then stopped. */
  static SnmpWindow window(SnmpBench.Settings s, Snmpd snmpd, Path work) throws Exception {
    try (SnmpExporterPeer peer = start(work, s.devices(), s.parallel())) {
      return PeerCycles.measure(
          "prometheus-snmp-exporter", s, snmpd, OptionalLong.of(peer.process.pid()), peer::cycle);
    }
  }

  static SnmpExporterPeer start(Path work, int devices, int parallel) throws Exception {
    Path dir = Files.createDirectories(work.resolve("exporter"));
    Path yml = dir.resolve("snmp.yml");
    Files.writeString(yml, SnmpExporterConfig.yaml(Snmpd.COMMUNITY, 25));
    Procs.run(BINARY, "--config.file=" + yml, "--dry-run");
    // Each scrape's output to its own file: curl --parallel interleaves what goes to one stream.
    Path out = Files.createDirectories(dir.resolve("out"));
    StringBuilder config = new StringBuilder();
    for (int i = 0; i < devices; i++) {
      config
          .append("url = \"")
          .append(scrapeUrl(Snmpd.agent(i)))
          .append("\"\noutput = \"")
          .append(out.resolve("t" + i + ".prom"))
          .append("\"\n");
    }
    Files.writeString(dir.resolve("urls.curl"), config.toString());
    Process process =
        new ProcessBuilder(
                BINARY,
                "--config.file=" + yml,
                "--web.listen-address=127.0.0.1:" + PORT,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("exporter.log").toFile()))
            .start();
    SnmpExporterPeer peer = new SnmpExporterPeer(process, dir, devices, parallel);
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest probe =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/metrics"))
            .timeout(Duration.ofSeconds(2))
            .build();
    for (int i = 0; i < 100; i++) {
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return peer;
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      if (!process.isAlive()) {
        break;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    peer.close();
    throw new IllegalStateException(
        "the exporter did not start; see " + dir.resolve("exporter.log"));
  }

  static String scrapeUrl(String agent) {
    return "http://127.0.0.1:" + PORT + "/snmp?target=" + agent + "&module=if_mib";
  }

  /** Every device scraped once; varbinds from each scrape's snmp_scrape_pdus_returned. */
  PeerCycles.Result cycle() throws Exception {
    Path out = dir.resolve("out");
    for (int i = 0; i < devices; i++) {
      Files.deleteIfExists(out.resolve("t" + i + ".prom"));
    }
    Path codes = dir.resolve("codes");
    double cpu =
        Procs.timed(
            Map.of(),
            codes,
            dir.resolve("curl.err"),
            List.of(
                "curl",
                "-s",
                "--parallel",
                "--parallel-immediate",
                "--parallel-max",
                Integer.toString(parallel),
                "--max-time",
                "60",
                "-w",
                "%{http_code}\\n",
                "-K",
                dir.resolve("urls.curl").toString()));
    long ok = Files.readAllLines(codes).stream().filter("200"::equals).count();
    long varbinds = 0;
    for (int i = 0; i < devices; i++) {
      Path file = out.resolve("t" + i + ".prom");
      if (Files.exists(file)) {
        varbinds += pdusReturned(Files.readString(file, StandardCharsets.UTF_8));
      }
    }
    return new PeerCycles.Result(devices, devices - ok, varbinds, cpu);
  }

  /** The exporter's own count of the varbinds a scrape returned (0 when absent). */
  static long pdusReturned(String scrape) {
    String key = "\nsnmp_scrape_pdus_returned ";
    int at = scrape.indexOf(key);
    if (at < 0) {
      return 0;
    }
    int from = at + key.length();
    int end = scrape.indexOf('\n', from);
    return (long)
        Double.parseDouble(scrape.substring(from, end < 0 ? scrape.length() : end).trim());
  }

  static String version() {
    return Procs.firstLine(BINARY, "--version").split(" \\(", 2)[0];
  }

  @Override
  public void close() {
    Procs.stop(process);
  }
}
