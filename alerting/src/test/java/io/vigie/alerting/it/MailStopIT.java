package io.vigie.alerting.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigie.testkit.FreePort;
import io.vigie.testkit.InfluxServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The packaged service stopped in the middle of a batch of mails to a slow SMTP server (aiosmtpd,
 * {@code slow_smtpd.py}, 2 s per message): killed with SIGKILL, or stopped with SIGTERM as a normal
 * restart does. After a restart every mail arrives, and no Message-ID arrives twice.
 */
class MailStopIT {
  /** What the client's line adds to its contacts: nothing here (no contract, no report mail). */
  String clientExtra() {
    return "";
  }

  /** web1's CPU: beyond the error level, so that each contact gets an alert mail. */
  int cpu() {
    return 97;
  }

  /** Called before each start of the service, its data directory given. */
  void beforeStart(Path data) throws Exception {}

  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();
  static final int CONTACTS = 6;
  static final int DELAY_SECONDS = 2;

  @TempDir Path dir;
  Path sink;
  Process smtp;
  int smtpPort;
  InfluxDB influx;
  ScheduledExecutorService collector;

  @BeforeEach
  void setUp() throws Exception {
    INFLUX.createDatabase("vigie");
    String contacts =
        IntStream.range(0, CONTACTS)
            .mapToObj(i -> "ops" + i + "@acme.test")
            .collect(Collectors.joining(", "));
    Files.writeString(
        dir.resolve("inventory.yml"),
        """
        version: 1
        defaults:
          interval: 1s
        clients:
          - {id: acme, name: ACME, language: en, contacts: [%s]%s}
        targets:
          - {id: web1, client: acme, kind: local}
        thresholds:
          defaults:
            - {metric: cpu.usage_percent, where: {cpu: total}, warning: 85, error: 95}
        """
            .formatted(contacts, clientExtra()));
    Files.writeString(
        dir.resolve("mdp.yml"),
        "users:\n  - {name: val, password: \"%s\", roles: [viewer]}\n"
            .formatted(new BCryptPasswordEncoder(4).encode("viewer-password")));
    sink = Files.createDirectories(dir.resolve("sink"));
    smtpPort = FreePort.pick();
    Path script = Path.of("src/test/resources/smtp/slow_smtpd.py").toAbsolutePath();
    smtp =
        new ProcessBuilder(
                "/usr/bin/python3",
                script.toString(),
                String.valueOf(smtpPort),
                sink.toString(),
                String.valueOf(DELAY_SECONDS))
            .redirectErrorStream(true)
            .start();
    assertThat(new String(smtp.getInputStream().readNBytes(5)))
        .as("the aiosmtpd test server (apt-get install python3-aiosmtpd; ./vigie test does it)")
        .isEqualTo("ready");
    // The collector's part: web1 polled every 200 ms, its CPU beyond the error level throughout.
    influx = InfluxDBFactory.connect(INFLUX.url());
    collector = Executors.newSingleThreadScheduledExecutor();
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
                  "cpu,cpu=total" + tags + " usage_percent=" + cpu() + " " + now));
        },
        0,
        200,
        TimeUnit.MILLISECONDS);
  }

  @AfterEach
  void tearDown(TestInfo test) throws Exception {
    // The temporary directory goes: what the server received and the service's log are kept.
    Path keep =
        Files.createDirectories(
            Path.of("target/mail-stop-it", test.getTestMethod().orElseThrow().getName()));
    for (Path file :
        List.of(dir.resolve("alerting.log"), sink.resolve("started"), sink.resolve("accepted"))) {
      if (Files.exists(file)) {
        Files.copy(file, keep.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    collector.shutdownNow();
    collector.awaitTermination(10, TimeUnit.SECONDS);
    influx.close();
    smtp.destroy();
    smtp.waitFor(10, TimeUnit.SECONDS);
  }

  Process start() throws Exception {
    beforeStart(dir.resolve("data"));
    String jar = System.getProperty("vigie.alerting.jar");
    assertThat(jar).as("run through Maven (failsafe passes the jar's path)").isNotNull();
    return new ProcessBuilder(
            "java",
            "-Xmx256m",
            "-jar",
            jar,
            "serve",
            "--server.port=" + FreePort.pick(),
            "--vigie.inventory=" + dir.resolve("inventory.yml"),
            "--vigie.alerting.users-file=" + dir.resolve("mdp.yml"),
            "--vigie.alerting.data-dir=" + dir.resolve("data"),
            "--vigie.influx.url=" + INFLUX.url(),
            "--vigie.alerting.evaluation.interval=200ms",
            "--vigie.alerting.mail.group-window=1s",
            "--vigie.alerting.mail.tick=200ms",
            "--vigie.smtp.host=127.0.0.1",
            "--vigie.smtp.port=" + smtpPort,
            "--vigie.smtp.security=NONE",
            "--vigie.smtp.timeout=30s",
            "--vigie.smtp.from=vigie@noc.test",
            "--vigie.reports.hour=0")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("alerting.log").toFile()))
        .start();
  }

  List<String> lines(String name) throws IOException {
    Path file = sink.resolve(name);
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }

  /** Waits until two mails were accepted and a third is in the middle of its DATA. */
  void awaitMidBatch(Process service) {
    await("two mails accepted and a third in flight; see alerting.log")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              assertThat(service.isAlive()).as("the service stopped by itself").isTrue();
              return lines("accepted").size() >= 2
                  && lines("started").size() == lines("accepted").size() + 1;
            });
  }

  /** Restarts the service and waits for every contact's mail; none may arrive twice. */
  void restartAndCheckExactlyOnce() throws Exception {
    Process again = start();
    try {
      await("every contact's mail after the restart; see alerting.log")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> lines("accepted").size() >= CONTACTS);
      assertThat(lines("accepted"))
          .as("Message-IDs accepted by the server")
          .doesNotHaveDuplicates();
      // Long enough for a duplicate to show: one more message would take DELAY_SECONDS. (A
      // message cancelled by a kill is in "started" twice, so only new lines count.)
      int started = lines("started").size();
      await("no message started after the last contact's")
          .during(Duration.ofSeconds(DELAY_SECONDS * 2L))
          .atMost(Duration.ofSeconds(DELAY_SECONDS * 3L))
          .until(() -> lines("started").size() == started);
      List<String> accepted = lines("accepted");
      assertThat(accepted).as("Message-IDs accepted by the server").doesNotHaveDuplicates();
      assertThat(accepted).hasSize(CONTACTS).allSatisfy(id -> assertThat(id).endsWith("@vigie>"));
    } finally {
      again.destroy();
      again.waitFor(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void killedMidBatchNoMailIsSentTwice() throws Exception {
    Process service = start();
    awaitMidBatch(service);
    service.destroyForcibly(); // SIGKILL: no shutdown hook
    assertThat(service.waitFor(30, TimeUnit.SECONDS)).isTrue();
    restartAndCheckExactlyOnce();
  }

  @Test
  void stoppedMidBatchTheMailInFlightCompletesAndNoNewOneStarts() throws Exception {
    Process service = start();
    awaitMidBatch(service);
    List<String> startedAtStop = new ArrayList<>(lines("started"));
    String inFlight = startedAtStop.get(startedAtStop.size() - 1);
    service.destroy(); // SIGTERM, as systemctl restart sends
    assertThat(service.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute").isTrue();
    assertThat(lines("accepted")).as("the message in flight completed").contains(inFlight);
    assertThat(lines("started")).as("no new message once stopping").isEqualTo(startedAtStop);
    restartAndCheckExactlyOnce();
  }
}
