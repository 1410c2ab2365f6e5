package io.vigie.alerting.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vigie.alerting.app.AlertingApplication;
import io.vigie.testkit.FreePort;
import io.vigie.testkit.InfluxServer;
import jakarta.mail.internet.MimeMessage;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Dead letters through the API of the service as configured in production: listed for viewers,
 * resent by operators with their Message-ID, never resent once delivered, counted from the store
 * across a restart.
 */
class DeadLetterApiIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;
  final HttpClient http = HttpClient.newHttpClient();
  int httpPort;

  ConfigurableApplicationContext start(int smtpPort) {
    httpPort = FreePort.pick();
    return SpringApplication.run(
        AlertingApplication.class,
        "--server.port=" + httpPort,
        "--vigie.inventory=" + dir.resolve("inventory.yml"),
        "--vigie.alerting.users-file=" + dir.resolve("mdp.yml"),
        "--vigie.alerting.data-dir=" + dir.resolve("data"),
        "--vigie.influx.url=" + INFLUX.url(),
        "--vigie.alerting.evaluation.interval=200ms",
        "--vigie.alerting.mail.group-window=1s",
        "--vigie.alerting.mail.tick=200ms",
        // An SMTP server down for longer than the mail is worth: dead-lettered within seconds.
        "--vigie.alerting.mail.retry-for=2s",
        "--vigie.alerting.mail.min-backoff=500ms",
        "--vigie.smtp.host=127.0.0.1",
        "--vigie.smtp.port=" + smtpPort,
        "--vigie.smtp.security=NONE",
        "--vigie.smtp.timeout=5s",
        "--vigie.smtp.from=vigie@noc.test");
  }

  HttpResponse<String> call(String method, String path, String user) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .header(
                "Authorization",
                "Basic " + Base64.getEncoder().encodeToString((user + ":pw-" + user).getBytes()))
            .timeout(Duration.ofSeconds(10))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  JsonNode get(String path) throws Exception {
    HttpResponse<String> response = call("GET", path, "val");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  @Test
  void deadLettersAreListedResentOnceAndCountedAcrossARestart() throws Exception {
    INFLUX.createDatabase("vigie");
    Files.writeString(
        dir.resolve("inventory.yml"),
        """
        version: 1
        defaults:
          interval: 1s
        clients:
          - {id: acme, name: ACME, language: en, contacts: [ops@acme.test]}
        targets:
          - {id: web1, client: acme, kind: local}
        thresholds:
          defaults:
            - {metric: cpu.usage_percent, where: {cpu: total}, warning: 85, error: 95}
        """);
    BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
    Files.writeString(
        dir.resolve("mdp.yml"),
        """
        users:
          - {name: val, password: "%s", roles: [viewer]}
          - {name: olga, password: "%s", roles: [operator]}
        """
            .formatted(bcrypt.encode("pw-val"), bcrypt.encode("pw-olga")));
    int smtpPort = FreePort.pick(); // nothing listens there yet: the SMTP server is down
    InfluxDB influx = InfluxDBFactory.connect(INFLUX.url());
    ScheduledExecutorService collector = Executors.newSingleThreadScheduledExecutor();
    collector.scheduleAtFixedRate(
        () -> {
          long now = System.currentTimeMillis();
          String tags = ",client=acme,kind=local,target=web1";
          influx.write(
              "vigie",
              "autogen",
              InfluxDB.ConsistencyLevel.ONE,
              TimeUnit.MILLISECONDS,
              List.of(
                  "poll,collector=c1" + tags + " up=1i,reason=\"\" " + now,
                  "cpu,cpu=total" + tags + " usage_percent=97 " + now));
        },
        0,
        200,
        TimeUnit.MILLISECONDS);
    GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", "smtp"));
    ConfigurableApplicationContext app = start(smtpPort);
    try {
      List<JsonNode> letters = new ArrayList<>();
      await("a dead letter")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                letters.clear();
                get("/api/mails/dead").forEach(letters::add);
                return !letters.isEmpty();
              });
      JsonNode letter = letters.get(0);
      String key = letter.path("key").asString();
      assertThat(letter.path("recipient").asString()).isEqualTo("ops@acme.test");
      assertThat(letter.path("messageId").asString()).isEqualTo("<" + key + "@vigie>");
      assertThat(letter.path("lastError").asString())
          .startsWith("not sent within PT2S: SMTP server 127.0.0.1:" + smtpPort + " unreachable");

      String resend = "/api/mails/dead/" + key + "/resend";
      assertThat(call("POST", resend, "val").statusCode()).as("a viewer may not").isEqualTo(403);
      assertThat(call("POST", "/api/mails/dead/nope/resend", "olga").statusCode()).isEqualTo(404);

      smtp.start(); // the SMTP server is back
      HttpResponse<String> resent = call("POST", resend, "olga");
      assertThat(resent.statusCode()).as(resent.body()).isEqualTo(202);
      assertThat(JSON.readTree(resent.body()).path("resentBy").asString()).isEqualTo("olga");
      smtp.waitForIncomingEmail(10_000, 1);
      await("the resent mail recorded as sent")
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  get("/api/mails/dead").findValuesAsString("key").stream().noneMatch(key::equals));
      List<String> ids = new ArrayList<>();
      for (MimeMessage m : smtp.getReceivedMessages()) {
        ids.add(m.getMessageID());
      }
      assertThat(ids).as("resent with its Message-ID").contains("<" + key + "@vigie>");
      HttpResponse<String> again = call("POST", resend, "olga");
      assertThat(again.statusCode()).as("delivered: never resent").isEqualTo(409);
      assertThat(again.body()).contains("only a dead letter can be resent");

      JsonNode before = get("/api/mails");
      assertThat(before.path("totals").path("dead").asLong()).isGreaterThanOrEqualTo(1);
      assertThat(before.path("totals").path("sent").asLong()).isGreaterThanOrEqualTo(1);
      app.close();
      app = start(smtpPort);
      JsonNode after = get("/api/mails");
      assertThat(after.path("totals"))
          .as("counted from the store")
          .isEqualTo(before.path("totals"));
      String metrics = call("GET", "/actuator/prometheus", "val").body();
      assertThat(metrics)
          .contains(
              "vigie_notify_mails_total{result=\"dead\"} "
                  + (double) after.path("totals").path("dead").asLong());
    } finally {
      app.close();
      smtp.stop();
      collector.shutdownNow();
      collector.awaitTermination(10, TimeUnit.SECONDS);
      influx.close();
    }
  }
}
