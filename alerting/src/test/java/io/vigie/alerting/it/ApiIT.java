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
import java.util.Base64;
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
        """
            .formatted(bcrypt.encode("viewer-password"), bcrypt.encode("operator-password")));
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
    assertThat(call("GET", "/api/statuses", "val", null).statusCode()).isEqualTo(200);
    HttpRequest wrong =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/statuses"))
            .header(
                "Authorization",
                "Basic " + Base64.getEncoder().encodeToString("olga:guess".getBytes()))
            .build();
    assertThat(HTTP.send(wrong, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
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
