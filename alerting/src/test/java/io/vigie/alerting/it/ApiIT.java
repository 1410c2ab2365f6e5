package io.vigie.alerting.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.alerting.app.AlertingApplication;
import io.vigie.testkit.FreePort;
import io.vigie.testkit.InfluxServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** The alerting service as it runs, against a real InfluxDB, asked over HTTP. */
class ApiIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();

  static ConfigurableApplicationContext app;
  static Path dir;
  static int port;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("vigie-alerting-api-");
    INFLUX.createDatabase("vigie");
    Files.writeString(
        dir.resolve("inventory.yml"),
        """
        version: 1
        defaults:
          interval: 10s
        clients:
          - {id: acme, name: ACME, language: en, contacts: [it@acme.example]}
        targets:
          - {id: web1, client: acme, kind: local}
        """);
    BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
    Files.writeString(
        dir.resolve("mdp.yml"),
        """
        users:
          - name: val
            password: "%s"
            roles: [viewer]
          - name: olga
            password: "%s"
            roles: [operator]
          - name: carl
            password: "%s"
            roles: [viewer]
        """
            .formatted(
                bcrypt.encode("viewer-password"),
                bcrypt.encode("operator-password"),
                // The cost ./vigie hash-password and the Ansible users playbook use.
                new BCryptPasswordEncoder(12).encode("carl-password")));
    port = FreePort.pick();
    app =
        SpringApplication.run(
            AlertingApplication.class,
            "--server.port=" + port,
            "--vigie.inventory=" + dir.resolve("inventory.yml"),
            "--vigie.alerting.users-file=" + dir.resolve("mdp.yml"),
            "--vigie.alerting.data-dir=" + dir.resolve("data"),
            "--vigie.influx.url=" + INFLUX.url(),
            "--vigie.alerting.evaluation.interval=1s");
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  static HttpResponse<String> call(String method, String path, String user, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (user != null) {
      String password = user.equals("val") ? "viewer-password" : "operator-password";
      request.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes()));
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String silence(String target) {
    return """
        {"target": "%s", "ends": "%s", "reason": "disk replacement"}
        """
        .formatted(target, Instant.now().plus(Duration.ofHours(2)));
  }

  @Test
  void anUnauthenticatedRequestIsRefusedButHealthIsOpen() throws Exception {
    assertThat(call("GET", "/api/statuses", null, null).statusCode()).isEqualTo(401);
    HttpResponse<String> health = call("GET", "/actuator/health", null, null);
    assertThat(health.statusCode()).isEqualTo(200);
    // The details name InfluxDB's address and the inventory's path: not for anyone who asks.
    assertThat(health.body())
        .contains("\"status\":\"UP\"")
        .doesNotContain("components")
        .doesNotContain(String.valueOf(INFLUX.port()));
    assertThat(call("GET", "/actuator/health", "val", null).body())
        .contains("\"components\"")
        .contains("\"targets\":1")
        // The replica read (the only one here), for the NOC.
        .contains("\"influxdbReplicas\"")
        .contains("\"reading\":\"" + INFLUX.url() + "\"");
    assertThat(call("GET", "/api/statuses", "val", null).statusCode()).isEqualTo(200);
    HttpRequest wrong =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/statuses"))
            .header(
                "Authorization",
                "Basic " + Base64.getEncoder().encodeToString("olga:guess".getBytes()))
            .build();
    assertThat(HTTP.send(wrong, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
  }

  static long millisToRefuse(String user, String password) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/statuses"))
            .header(
                "Authorization",
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes()))
            .build();
    long start = System.nanoTime();
    int status = HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(status).isEqualTo(401);
    return millis;
  }

  static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  /**
   * Benchmark-style, with a wide margin: the medians of interleaved attempts (so that a busy
   * machine slows both alike) must be within a factor of two of each other. Spring's own answer to
   * an unknown name checks a hash of cost 10 while carl's is 12: about four times faster.
   */
  @Test
  void anUnknownUserIsRefusedAsSlowlyAsAWrongPassword() throws Exception {
    List<Long> wrongPassword = new ArrayList<>();
    List<Long> unknownUser = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      long wrong = millisToRefuse("carl", "not-carls-password");
      long unknown = millisToRefuse("nobody" + i, "not-carls-password");
      if (i >= 2) { // the first attempts warm the JIT up
        wrongPassword.add(wrong);
        unknownUser.add(unknown);
      }
    }
    double ratio = (double) median(unknownUser) / median(wrongPassword);
    System.out.printf(
        "refusal medians: wrong password %d ms, unknown user %d ms, ratio %.2f%n",
        median(wrongPassword), median(unknownUser), ratio);
    assertThat(ratio)
        .as("unknown user %s ms, wrong password %s ms", unknownUser, wrongPassword)
        .isBetween(0.5, 2.0);
  }

  @Test
  void aViewerCannotCreateASilenceAnOperatorCan() throws Exception {
    assertThat(call("POST", "/api/silences", "val", silence("web1")).statusCode()).isEqualTo(403);
    HttpResponse<String> created = call("POST", "/api/silences", "olga", silence("web1"));
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.body()).contains("\"author\":\"olga\"").contains("disk replacement");
    HttpResponse<String> listed = call("GET", "/api/silences", "val", null);
    assertThat(listed.body()).contains("disk replacement");
    String id = created.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
    assertThat(call("DELETE", "/api/silences/" + id, "val", null).statusCode()).isEqualTo(403);
    assertThat(call("DELETE", "/api/silences/" + id, "olga", null).statusCode()).isEqualTo(204);
    assertThat(call("DELETE", "/api/silences/" + id, "olga", null).statusCode()).isEqualTo(404);
  }

  @Test
  void badJsonAndUnknownTargetsGetA400ThatSaysWhy() throws Exception {
    HttpResponse<String> bad = call("POST", "/api/silences", "olga", "{\"target\": \"web1\",");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("not valid JSON").contains("line 1");
    HttpResponse<String> unknown = call("POST", "/api/silences", "olga", silence("web9"));
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("target: unknown target \\\"web9\\\"");
    HttpResponse<String> date =
        call(
            "POST",
            "/api/silences",
            "olga",
            "{\"target\": \"web1\", \"ends\": \"tomorrow\", \"reason\": \"x\"}");
    assertThat(date.statusCode()).isEqualTo(400);
    assertThat(date.body()).contains("tomorrow");
    HttpResponse<String> ack = call("POST", "/api/targets/web9/ack", "olga", "{}");
    assertThat(ack.statusCode()).isEqualTo(400);
    assertThat(ack.body()).contains("unknown target");
    HttpResponse<String> status = call("GET", "/api/statuses?status=BROKEN", "val", null);
    assertThat(status.statusCode()).isEqualTo(400);
    assertThat(status.body()).contains("RUN, WARNING, ERROR or DEAD");
  }

  @Test
  void statusesHistoryAndMetricsAreServed() throws Exception {
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> call("GET", "/api/targets/web1", "val", null).statusCode() == 200);
    HttpResponse<String> target = call("GET", "/api/targets/web1", "val", null);
    assertThat(target.body()).contains("\"status\":\"RUN\"").contains("\"client\":\"acme\"");
    assertThat(call("GET", "/api/targets/web1/history", "val", null).statusCode()).isEqualTo(200);
    assertThat(call("GET", "/api/clients", "val", null).body()).contains("\"client\":\"acme\"");
    HttpResponse<String> ack =
        call("POST", "/api/targets/web1/ack", "olga", "{\"comment\": \"x\"}");
    assertThat(ack.statusCode()).as("a target in RUN has nothing to acknowledge").isEqualTo(400);
    HttpResponse<String> metrics = call("GET", "/actuator/prometheus", "val", null);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("vigie_alerting_evaluation_seconds_count")
        .contains("vigie_alerting_targets{status=\"RUN\"}");
  }
}
