package io.vigie.alerting.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigie.testkit.FreePort;
import io.vigie.testkit.InfluxServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged service, killed with SIGKILL again and again while a target's status keeps changing:
 * after every restart the state opens, and the decision stream never repeats itself (each decision
 * starts from the status the one before it ended in).
 */
class AlertingCrashIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;
  int port;
  final HttpClient http = HttpClient.newHttpClient();

  Process start() throws Exception {
    String jar = System.getProperty("vigie.alerting.jar");
    assertThat(jar).as("run through Maven (failsafe passes the jar's path)").isNotNull();
    return new ProcessBuilder(
            "java",
            "-Xmx256m",
            "-jar",
            jar,
            "serve",
            "--server.port=" + port,
            "--vigie.inventory=" + dir.resolve("inventory.yml"),
            "--vigie.alerting.users-file=" + dir.resolve("mdp.yml"),
            "--vigie.alerting.data-dir=" + dir.resolve("data"),
            "--vigie.influx.url=" + INFLUX.url(),
            "--vigie.alerting.evaluation.interval=100ms",
            "--vigie.alerting.evaluation.flap-start=100000")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("alerting.log").toFile()))
        .start();
  }

  JsonNode get(String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header(
                "Authorization",
                "Basic " + Base64.getEncoder().encodeToString("val:viewer-password".getBytes()))
            .timeout(Duration.ofSeconds(10))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  boolean answering() {
    try {
      get("/api/statuses");
      return true;
    } catch (Exception | AssertionError e) {
      return false;
    }
  }

  @Test
  void killedAgainAndAgainItNeitherLosesNorRepeatsADecision() throws Exception {
    INFLUX.createDatabase("vigie");
    Files.writeString(
        dir.resolve("inventory.yml"),
        """
        version: 1
        defaults:
          interval: 1s
        clients:
          - {id: acme, name: ACME, language: en, contacts: [it@acme.example]}
        targets:
          - {id: web1, client: acme, kind: local}
        thresholds:
          defaults:
            - {metric: cpu.usage_percent, where: {cpu: total}, warning: 85, error: 95}
        """);
    Files.writeString(
        dir.resolve("mdp.yml"),
        "users:\n  - {name: val, password: \"%s\", roles: [viewer]}\n"
            .formatted(new BCryptPasswordEncoder(4).encode("viewer-password")));
    port = FreePort.pick();

    // The collector's part: a poll every 200 ms, CPU switching between 97% and 10% every 2 s
    // (a status is told once it has lasted a poll interval, 1 s here).
    InfluxDB influx = InfluxDBFactory.connect(INFLUX.url());
    java.util.concurrent.ScheduledExecutorService collector =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    collector.scheduleAtFixedRate(
        () -> {
          long now = System.currentTimeMillis();
          double cpu = (now / 2000) % 2 == 0 ? 97 : 10;
          String tags = ",client=acme,kind=local,target=web1";
          influx.write(
              "vigie",
              "autogen",
              InfluxDB.ConsistencyLevel.ONE,
              TimeUnit.MILLISECONDS,
              List.of(
                  "poll,collector=c1" + tags + " up=1i,reason=\"\" " + now,
                  "cpu,cpu=total" + tags + " usage_percent=" + cpu + " " + now));
        },
        0,
        200,
        TimeUnit.MILLISECONDS);
    Random random = new Random(42);
    Process process = null;
    try {
      for (int kill = 0; kill < 5; kill++) {
        process = start();
        await("the service answering, round " + kill)
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(this::answering);
        // The kill comes at a random moment; until then the service must keep running.
        assertThat(process.waitFor(500 + random.nextInt(2500), TimeUnit.MILLISECONDS))
            .as("the service stopped by itself; see alerting.log")
            .isFalse();
        process.destroyForcibly(); // SIGKILL: no shutdown hook, no clean close of the store
        process.waitFor(10, TimeUnit.SECONDS);
      }
      process = start();
      await().atMost(Duration.ofSeconds(60)).until(this::answering);
      // Caught up: the last restart has judged a poll written after it started.
      java.time.Instant restarted = java.time.Instant.now();
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(
              () ->
                  java.time.Instant.parse(get("/api/targets/web1").path("lastData").asString())
                      .isAfter(restarted.plusMillis(500)));
      // Enough changes to judge, however long the restarts took: the status still changes every
      // 2 s (on a loaded machine the five short lives may have held only a few).
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> web1Decisions() > 5);
    } finally {
      collector.shutdownNow();
      collector.awaitTermination(10, TimeUnit.SECONDS);
      influx.close();
    }
    List<JsonNode> decisions = new ArrayList<>();
    get("/api/decisions?after=0&limit=10000").forEach(decisions::add);
    process.destroyForcibly();
    List<JsonNode> web1 =
        decisions.stream().filter(d -> "web1".equals(d.path("target").asString())).toList();
    assertThat(web1.size()).as("the status changed every 2 s for ~15 s or more").isGreaterThan(5);
    long seq = 0;
    String status = "RUN";
    for (JsonNode d : web1) {
      assertThat(d.get("seq").asLong()).isGreaterThan(seq);
      assertThat(d.get("previous").asString())
          .as("decision %s starts where the one before ended: no repeat, no gap", d.get("seq"))
          .isEqualTo(status);
      assertThat(d.get("status").asString()).isNotEqualTo(status);
      seq = d.get("seq").asLong();
      status = d.get("status").asString();
    }
  }

  long web1Decisions() throws Exception {
    List<JsonNode> all = new ArrayList<>();
    get("/api/decisions?after=0&limit=10000").forEach(all::add);
    return all.stream().filter(d -> "web1".equals(d.path("target").asString())).count();
  }
}
