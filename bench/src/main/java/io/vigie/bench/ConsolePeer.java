package io.vigie.bench;

import io.vigie.testkit.FreePort;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The console benchmark's peer: Debian's prometheus-alertmanager on loopback, a null receiver,
 * grouped by client (as Vigie's page groups its problems), its UI from {@link AlertmanagerUi}; the
 * alerts are posted to its API v2 as Prometheus would send them.
 */
final class ConsolePeer implements AutoCloseable {
  private final Path dir;
  private final Children children = new Children();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String url = "http://127.0.0.1:" + FreePort.pick();
  private final String version;

  private ConsolePeer(Path dir, String version) {
    this.dir = dir;
    this.version = version;
  }

  /** Writes the UI and the configuration, starts Alertmanager and waits until it is ready. */
  static ConsolePeer start(Path dir, Path vfsdata) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    AlertmanagerUi.extract(vfsdata, dir.resolve("ui"));
    String version = Procs.firstLine("prometheus-alertmanager", "--version");
    ConsolePeer peer = new ConsolePeer(dir, version);
    try {
      peer.launch();
    } catch (IOException | RuntimeException | InterruptedException e) {
      peer.close();
      throw e;
    }
    return peer;
  }

  private void launch() throws IOException, InterruptedException {
    Files.writeString(
        dir.resolve("alertmanager.yml"),
        """
        route:
          receiver: 'null'
          group_by: ['client']
        receivers:
          - name: 'null'
        """);
    Path log = dir.resolve("alertmanager.log");
    Process am =
        children.start(
            log,
            "prometheus-alertmanager",
            "--config.file=" + dir.resolve("alertmanager.yml"),
            "--storage.path=" + dir.resolve("data"),
            "--web.listen-address=" + url.substring("http://".length()),
            "--web.ui-path=" + dir.resolve("ui") + "/",
            "--cluster.listen-address=");
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      children.checkAlive(am, log);
      try {
        if (http.send(
                    HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException notYet) {
        // starting
      }
      if (System.nanoTime() > end) {
        throw new IllegalStateException("Alertmanager never became ready; see " + log);
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
  }

  /** The alerts page of its UI. */
  String page() {
    return url + "/#/alerts";
  }

  /** The origin, for the browser's settings. */
  String origin() {
    return url + "/";
  }

  /** {@code prometheus-alertmanager --version}'s first line. */
  String version() {
    return version;
  }

  /** One firing alert per target, in batches as Prometheus sends them (64 a request). */
  void fire(List<ConsoleVigie.Problem> problems) throws IOException, InterruptedException {
    List<String> batch = new ArrayList<>();
    for (ConsoleVigie.Problem p : problems) {
      batch.add(alert(p, Instant.now().plus(Duration.ofDays(1))));
      if (batch.size() == 64) {
        post(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      post(batch);
    }
  }

  /** Resolves an alert: the same labels with its end now. */
  void resolve(ConsoleVigie.Problem p) throws IOException, InterruptedException {
    post(List.of(alert(p, Instant.now())));
  }

  /** Active alerts now, from its API (the UI's own source). */
  int active() throws IOException, InterruptedException {
    String body =
        http.send(
                HttpRequest.newBuilder(URI.create(url + "/api/v2/alerts?active=true")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    int n = 0;
    for (int i = body.indexOf("\"fingerprint\"");
        i >= 0;
        i = body.indexOf("\"fingerprint\"", i + 1)) {
      n++;
    }
    return n;
  }

  private static String alert(ConsoleVigie.Problem p, Instant endsAt) {
    return """
        {"labels":{"alertname":"VigieProblem","client":"%s","target":"%s","status":"%s"},\
        "annotations":{"cause":"%s"},"endsAt":"%s"}"""
        .formatted(p.client(), p.target(), p.status(), p.cause().replace("\"", "'"), endsAt);
  }

  private void post(List<String> alerts) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "/api/v2/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[" + String.join(",", alerts) + "]"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("Alertmanager refused the alerts: " + r.statusCode() + " " + r.body());
    }
  }

  @Override
  public void close() {
    children.close();
  }
}
