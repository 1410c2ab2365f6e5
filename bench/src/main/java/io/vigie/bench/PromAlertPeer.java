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
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The mail benchmark's peer: Prometheus + Alertmanager (Debian's packages) on loopback, with
 * prometheus-node-exporter's textfile collector exposing {@code vigie_probe_value} from a file. A
 * breach rewrites the file to 99 (the rule fires above 90) with a label {@code breach=N}, so that
 * every breach is a new alert in a new aggregation group and takes the group_wait path; its mail
 * goes to the benchmark's {@link MailSink}.
 */
final class PromAlertPeer implements AutoCloseable {
  /** Intervals in seconds; {@code waitResolved}: await the resolved mail before the next breach. */
  record Settings(
      String name,
      int scrape,
      int evaluation,
      int groupWait,
      int groupInterval,
      boolean waitResolved) {
    /** Matched to Vigie's 10 s poll and 1 s group window. */
    static final Settings MATCHED = new Settings("a", 10, 10, 1, 10, true);

    /**
     * Prometheus' and Alertmanager's defaults, written out. The resolved mail comes up to a
     * group_interval (5 min) after the recovery: not awaited.
     */
    static final Settings DEFAULTS = new Settings("b", 60, 60, 30, 300, false);
  }

  /**
   * One breach, times in epoch seconds, NaN when unknown: the file rewritten ({@code t0}), the
   * first sample of 99 ({@code scraped}), the alert's activeAt in Prometheus ({@code active}), its
   * updatedAt in Alertmanager ({@code received}), the mail's arrival ({@code inbox}); the
   * group_wait in force, in seconds.
   */
  record Breach(
      double delay,
      double t0,
      double scraped,
      double active,
      double received,
      double inbox,
      String status,
      int groupWait) {
    double latency() {
      return inbox - t0;
    }
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Settings settings;
  private final Path dir;
  private final MailSink sink;
  private final Children children = new Children();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String prometheus;
  private final String alertmanager;
  private int count;
  private boolean ready;

  private PromAlertPeer(Settings settings, Path dir, MailSink sink) {
    this.settings = settings;
    this.dir = dir;
    this.sink = sink;
    this.prometheus = "http://127.0.0.1:" + FreePort.pick();
    this.alertmanager = "http://127.0.0.1:" + FreePort.pick();
  }

  /** Writes the configurations and starts the three servers; {@link #awaitReady} before use. */
  static PromAlertPeer start(Settings settings, Path dir, MailSink sink) throws IOException {
    Files.createDirectories(dir.resolve("textfile"));
    PromAlertPeer peer = new PromAlertPeer(settings, dir, sink);
    try {
      peer.launch();
    } catch (IOException | RuntimeException e) {
      peer.close();
      throw e;
    }
    return peer;
  }

  private void launch() throws IOException {
    int nodeExporter = FreePort.pick();
    writeValue("vigie_probe_value 10");
    Files.writeString(
        dir.resolve("prometheus.yml"),
        """
        global:
          scrape_interval: %ds
          evaluation_interval: %ds
          scrape_timeout: 10s
        rule_files: ['%s']
        alerting:
          alertmanagers:
            - static_configs: [{targets: ['%s']}]
        scrape_configs:
          - job_name: vigie_node
            static_configs: [{targets: ['127.0.0.1:%d']}]
        """
            .formatted(
                settings.scrape(),
                settings.evaluation(),
                dir.resolve("rules.yml"),
                hostPort(alertmanager),
                nodeExporter));
    Files.writeString(
        dir.resolve("rules.yml"),
        """
        groups:
          - name: vigie
            rules:
              - alert: VigieProbeBreach
                expr: vigie_probe_value > 90
                labels: {severity: critical}
        """);
    Files.writeString(
        dir.resolve("alertmanager.yml"),
        """
        global:
          smtp_smarthost: '127.0.0.1:%d'
          smtp_from: 'alertmanager@bench.test'
          smtp_hello: 'localhost'
          smtp_require_tls: false
        route:
          receiver: mail
          group_by: ['alertname', 'breach']
          group_wait: %ds
          group_interval: %ds
          repeat_interval: 4h
        receivers:
          - name: mail
            email_configs:
              - to: 'noc@bench.test'
                send_resolved: true
                headers:
                  Subject: 'VIGIE {{ .Status }} peer=%s breach={{ .CommonLabels.breach }}'
        """
            .formatted(
                sink.port(), settings.groupWait(), settings.groupInterval(), settings.name()));
    children.start(
        dir.resolve("node_exporter.log"),
        "prometheus-node-exporter",
        "--web.listen-address=127.0.0.1:" + nodeExporter,
        "--collector.disable-defaults",
        "--collector.textfile",
        "--collector.textfile.directory=" + dir.resolve("textfile"));
    children.start(
        dir.resolve("alertmanager.log"),
        "prometheus-alertmanager",
        "--config.file=" + dir.resolve("alertmanager.yml"),
        "--storage.path=" + dir.resolve("am-data"),
        "--web.listen-address=" + hostPort(alertmanager),
        // No gossip with other Alertmanagers: a single instance, as the peer script ran it.
        "--cluster.listen-address=");
    children.start(
        dir.resolve("prometheus.log"),
        "prometheus",
        "--config.file=" + dir.resolve("prometheus.yml"),
        "--storage.tsdb.path=" + dir.resolve("prom-data"),
        "--storage.tsdb.retention.time=1d",
        "--web.listen-address=" + hostPort(prometheus));
  }

  /**
   * Until Prometheus has scraped the normal value, evaluated its rules once and found Alertmanager;
   * at once when it has been so.
   */
  void awaitReady() throws InterruptedException {
    if (ready) {
      return;
    }
    long end =
        System.nanoTime()
            + TimeUnit.SECONDS.toNanos(2L * settings.scrape() + 2L * settings.evaluation() + 60);
    while (System.nanoTime() < end) {
      JsonNode value = get(prometheus + "/api/v1/query?query=vigie_probe_value");
      JsonNode rules = get(prometheus + "/api/v1/rules");
      JsonNode managers = get(prometheus + "/api/v1/alertmanagers");
      if (value != null
          && rules != null
          && managers != null
          && "10".equals(value.at("/data/result/0/value/1").asString())
          && !rules.at("/data/groups/0/lastEvaluation").asString("0001").startsWith("0001")
          && !managers.at("/data/activeAlertmanagers").isEmpty()) {
        ready = true;
        return;
      }
      TimeUnit.MILLISECONDS.sleep(500);
    }
    throw new IllegalStateException("peer " + settings.name() + " never became ready; see " + dir);
  }

  /**
   * After {@code delayMs}, one breach: the value to 99, the firing mail awaited, the stages read
   * from the APIs, the value back to 10, until Prometheus no longer lists the alert (and the
   * resolved mail when {@link Settings#waitResolved}).
   */
  Breach breach(long delayMs) throws IOException, InterruptedException {
    int n = ++count;
    int s = settings.scrape();
    int e = settings.evaluation();
    TimeUnit.MILLISECONDS.sleep(delayMs);
    int mark = sink.mark();
    writeValue("vigie_probe_value{breach=\"" + n + "\"} 99");
    double t0 = now();
    String subject = " peer=" + settings.name() + " breach=" + n;
    String status = "ok";
    double inbox = Double.NaN;
    try {
      inbox = sink.await(mark, ("VIGIE firing" + subject)::equals, 2L * s + 2L * e + 60);
    } catch (IllegalStateException timeout) {
      status = "no firing mail";
    }
    double active = Double.NaN;
    double received = Double.NaN;
    @Nullable JsonNode alert = alert(get(prometheus + "/api/v1/alerts"), "/data/alerts", n);
    if (alert != null) {
      active = instant(alert.path("activeAt").asString());
    }
    alert = alert(get(alertmanager + "/api/v2/alerts"), "", n);
    if (alert != null) {
      received = instant(alert.path("updatedAt").asString());
    }
    double scraped = firstSample(n);
    mark = sink.mark();
    writeValue("vigie_probe_value 10");
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2L * s + 2L * e + 60);
    while (true) {
      JsonNode alerts = get(prometheus + "/api/v1/alerts");
      if (alerts != null && alert(alerts, "/data/alerts", n) == null) {
        break;
      }
      if (System.nanoTime() > end) {
        status += ", never cleared";
        break;
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
    if (settings.waitResolved() && "ok".equals(status)) {
      try {
        sink.await(
            mark,
            ("VIGIE resolved" + subject)::equals,
            2L * s + 2L * e + 2L * settings.groupInterval() + 30);
      } catch (IllegalStateException timeout) {
        status = "no resolved mail";
      }
    }
    return new Breach(
        delayMs / 1e3, t0, scraped, active, received, inbox, status, settings.groupWait());
  }

  /** The timestamp of the first sample of 99 of breach {@code n}, from Prometheus' TSDB. */
  private double firstSample(int n) {
    String query = "vigie_probe_value{breach=\"" + n + "\"}[30m]";
    JsonNode series =
        get(prometheus + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
    JsonNode first = series == null ? null : series.at("/data/result/0/values/0/0");
    return first == null || first.isMissingNode() ? Double.NaN : first.asDouble();
  }

  /** The alert of breach {@code n} in a Prometheus or Alertmanager alert list, or null. */
  private static @Nullable JsonNode alert(@Nullable JsonNode body, String list, int n) {
    if (body == null) {
      return null;
    }
    for (JsonNode alert : body.at(list)) {
      if (String.valueOf(n).equals(alert.path("labels").path("breach").asString())) {
        return alert;
      }
    }
    return null;
  }

  private @Nullable JsonNode get(String url) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    } catch (IOException | JacksonException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Atomically, so that node_exporter never reads half a file. */
  private void writeValue(String sample) throws IOException {
    Files.createDirectories(dir.resolve("textfile"));
    Path file = dir.resolve("textfile/vigie.prom");
    Path tmp = dir.resolve("textfile/vigie.prom.tmp");
    Files.writeString(tmp, "# TYPE vigie_probe_value gauge\n" + sample + "\n");
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static String hostPort(String url) {
    return url.substring("http://".length());
  }

  private static double now() {
    return System.currentTimeMillis() / 1e3;
  }

  private static double instant(String rfc3339) {
    try {
      Instant at = Instant.parse(rfc3339);
      return at.getEpochSecond() + at.getNano() / 1e9;
    } catch (java.time.format.DateTimeParseException e) {
      return Double.NaN;
    }
  }

  /** Stops the servers by PID and deletes their storage; the configurations and logs stay. */
  @Override
  public void close() {
    children.close();
    for (String data : new String[] {"prom-data", "am-data"}) {
      try (Stream<Path> files = Files.walk(dir.resolve(data))) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        // absent or already gone
      }
    }
  }
}
