package io.vigie.alerting.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vigie.alerting.app.AlertingApplication;
import io.vigie.alerting.service.AlertingService;
import io.vigie.alerting.status.Condition;
import io.vigie.alerting.status.Decision;
import io.vigie.alerting.status.Status;
import io.vigie.alerting.status.TargetState;
import io.vigie.model.poll.FailureKind;
import io.vigie.model.schema.Schema;
import io.vigie.testkit.FreePort;
import io.vigie.testkit.InfluxServer;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * A collector group of three members against the service as it runs (real InfluxDB, the stream,
 * real SMTP), the members' points written now as collectors write them: self metrics and polls
 * every 500 ms. One member killed, its targets taken over; then every member; then they come back.
 */
class CollectorGroupIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();

  static final List<String> TARGETS = List.of("sw1", "sw2", "sw3", "sw4");

  @TempDir Path dir;

  /** Who holds each target's lease, as the members agree in NATS. */
  final Map<String, String> poller = new ConcurrentHashMap<>();

  /** The members alive. */
  final Set<String> running = ConcurrentHashMap.newKeySet();

  int port;

  @Test
  void aLostMemberIsTheNocsAndASilentGroupKeepsItsTargetsWithoutAStorm() throws Exception {
    INFLUX.createDatabase("vigie");
    GreenMail smtp = new GreenMail(new ServerSetup(FreePort.pick(), "127.0.0.1", "smtp"));
    smtp.start();
    StringBuilder targets = new StringBuilder();
    for (int i = 1; i <= 4; i++) {
      targets.append(
          "  - {id: sw%d, client: acme, kind: snmp, address: 10.0.0.%d, credentials: {community: {env: HOME}}}\n"
              .formatted(i, i));
    }
    Files.writeString(
        dir.resolve("inventory.yml"),
        """
        version: 1
        defaults:
          interval: 5s
        clients:
          - {id: acme, name: ACME, language: en, contacts: [ops@acme.test]}
        targets:
        %scollector_groups:
          - id: paris
            members: [col-a, col-b, col-c]
            clients: [acme]
        """
            .formatted(targets));
    Files.writeString(
        dir.resolve("mdp.yml"),
        "users:\n  - {name: cli, password: \"%s\", roles: [viewer], clients: [acme]}\n"
            .formatted(new BCryptPasswordEncoder(4).encode("client-password")));
    port = FreePort.pick();
    poller.putAll(Map.of("sw1", "col-a", "sw2", "col-a", "sw3", "col-b", "sw4", "col-c"));
    running.addAll(List.of("col-a", "col-b", "col-c"));
    ConfigurableApplicationContext app =
        SpringApplication.run(
            AlertingApplication.class,
            "--server.port=" + port,
            "--vigie.inventory=" + dir.resolve("inventory.yml"),
            "--vigie.alerting.users-file=" + dir.resolve("mdp.yml"),
            "--vigie.alerting.data-dir=" + dir.resolve("data"),
            "--vigie.influx.url=" + INFLUX.url(),
            "--vigie.alerting.evaluation.member-silent-after=4s",
            "--vigie.alerting.mail.group-window=1s",
            "--vigie.alerting.mail.tick=200ms",
            "--vigie.alerting.mail.noc-address=noc@noc.test",
            "--vigie.smtp.host=127.0.0.1",
            "--vigie.smtp.port=" + smtp.getSmtp().getPort(),
            "--vigie.smtp.security=NONE",
            "--vigie.smtp.from=vigie@noc.test");
    ScheduledExecutorService collectors = Executors.newSingleThreadScheduledExecutor();
    try (InfluxDB influx = InfluxDBFactory.connect(INFLUX.url())) {
      AlertingService service = app.getBean(AlertingService.class);
      collectors.scheduleAtFixedRate(() -> write(influx), 0, 500, TimeUnit.MILLISECONDS);
      await(
          "every target RUN",
          Duration.ofSeconds(20),
          () -> TARGETS.stream().allMatch(t -> status(service, t) == Status.RUN));

      // col-a is killed; about 1.5 s later the others hold its leases.
      running.remove("col-a");
      long killed = System.nanoTime();
      Thread.sleep(1500); // the members' rhythm: a lease expires, another takes it
      poller.put("sw1", "col-b");
      poller.put("sw2", "col-c");
      await(
          "the group lost col-a",
          Duration.ofSeconds(20),
          () -> keys(service).contains("group:paris:member:col-a"));
      assertThat(condition(service, "group:paris:member:col-a").message())
          .contains("collector group paris lost member col-a")
          .contains("2 of 3 members alive");
      // Past the 15 s no-data deadline of col-a's last polls: judged from col-b's and col-c's.
      sleepUntil(killed, Duration.ofSeconds(17));
      assertThat(TARGETS)
          .allSatisfy(
              t -> {
                assertThat(status(service, t)).as(t).isEqualTo(Status.RUN);
                assertThat(state(service, t).stale()).as(t).isFalse();
              });
      assertThat(state(service, "sw1").collector()).isEqualTo("col-b");
      assertThat(keys(service)).containsExactly("group:paris:member:col-a");
      await(
          "the NOC's mail",
          Duration.ofSeconds(20),
          () -> subjects(smtp, "noc@noc.test").stream().anyMatch(s -> s.contains("col-a")));
      assertThat(get("/api/conditions")).as("a client's user").isEqualTo("[]");
      assertThat(get("/api/statuses")).contains("sw1").doesNotContain("group:paris");

      // Every member stops: the site is cut off.
      running.clear();
      long cut = System.nanoTime();
      await(
          "the group silent as a whole",
          Duration.ofSeconds(20),
          () -> keys(service).contains("group:paris"));
      sleepUntil(cut, Duration.ofSeconds(18)); // past every target's no-data deadline
      assertThat(TARGETS)
          .allSatisfy(
              t -> {
                assertThat(status(service, t)).as(t).isEqualTo(Status.RUN);
                assertThat(state(service, t).stale()).as(t).isTrue();
              });
      assertThat(keys(service))
          .as("one condition for the group, col-a's still")
          .containsExactlyInAnyOrder("group:paris", "group:paris:member:col-a");

      // col-b comes back and takes every lease; then the others.
      TARGETS.forEach(t -> poller.put(t, "col-b"));
      running.add("col-b");
      await(
          "the group heard again",
          Duration.ofSeconds(20),
          () -> !keys(service).contains("group:paris"));
      await(
          "the two still silent are lost members",
          Duration.ofSeconds(20),
          () ->
              keys(service)
                  .containsAll(List.of("group:paris:member:col-a", "group:paris:member:col-c")));
      running.addAll(List.of("col-a", "col-c"));
      await("every condition cleared", Duration.ofSeconds(20), () -> keys(service).isEmpty());
      await(
          "every target judged again",
          Duration.ofSeconds(20),
          () -> TARGETS.stream().noneMatch(t -> state(service, t).stale()));

      List<Decision> decisions = service.decisionsAfter(0, 1000);
      assertThat(decisions)
          .as("no target decision at all: no storm, nothing for the client")
          .allSatisfy(
              d -> {
                assertThat(d.target()).isNull();
                assertThat(d.client()).isNull();
              });
      assertThat(decisions)
          .filteredOn(d -> d.kind() == Decision.Kind.CONDITION_CLEARED)
          .extracting(Decision::check)
          .contains("group:paris", "group:paris:member:col-a", "group:paris:member:col-c");
      Thread.sleep(1500); // a group window and a tick: a mail the clearing would make is out
      assertThat(recipients(smtp)).as("mails to the NOC only").containsOnly("noc@noc.test");
    } finally {
      collectors.shutdownNow();
      app.close();
      smtp.stop();
    }
  }

  /** What the running members write now: their self metrics and a poll of each target held. */
  private void write(InfluxDB influx) {
    long now = System.currentTimeMillis();
    List<String> lines = new ArrayList<>();
    for (String member : running) {
      lines.add(
          Schema.COLLECTOR.name()
              + ",collector="
              + member
              + ",meter="
              + Schema.METER_POINTS_REJECTED
              + " count=0 "
              + now);
    }
    poller.forEach(
        (target, member) -> {
          if (running.contains(member)) {
            lines.add(
                "poll,collector="
                    + member
                    + ",client=acme,kind=snmp,target="
                    + target
                    + " up=1i,reason=\"\","
                    + Schema.POLL_FAILURE
                    + "=\""
                    + FailureKind.NONE.code()
                    + "\" "
                    + now);
          }
        });
    if (!lines.isEmpty()) {
      influx.write("vigie", "autogen", InfluxDB.ConsistencyLevel.ONE, TimeUnit.MILLISECONDS, lines);
    }
  }

  private static Status status(AlertingService service, String target) {
    TargetState state = service.target(target);
    return state == null ? Status.DEAD : state.status();
  }

  private static TargetState state(AlertingService service, String target) {
    return java.util.Objects.requireNonNull(service.target(target), target);
  }

  private static List<String> keys(AlertingService service) {
    return service.conditions().stream().map(Condition::key).toList();
  }

  private static Condition condition(AlertingService service, String key) {
    return service.conditions().stream().filter(c -> c.key().equals(key)).findFirst().orElseThrow();
  }

  private static void await(
      String what, Duration atMost, java.util.concurrent.Callable<Boolean> ok) {
    Awaitility.await(what).atMost(atMost).pollInterval(Duration.ofMillis(200)).until(ok);
  }

  /** Sleeps until {@code after} has passed since {@code start} (a System.nanoTime()). */
  private static void sleepUntil(long start, Duration after) throws InterruptedException {
    long left = after.toMillis() - Duration.ofNanos(System.nanoTime() - start).toMillis();
    if (left > 0) {
      Thread.sleep(left); // the deadline is wall time: nothing to wait for but it
    }
  }

  private static List<String> subjects(GreenMail smtp, String recipient) throws Exception {
    List<String> subjects = new ArrayList<>();
    for (MimeMessage m : smtp.getReceivedMessages()) {
      if (Arrays.stream(m.getAllRecipients()).map(Address::toString).anyMatch(recipient::equals)) {
        subjects.add(m.getSubject());
      }
    }
    return subjects;
  }

  private static List<String> recipients(GreenMail smtp) throws Exception {
    List<String> all = new ArrayList<>();
    for (MimeMessage m : smtp.getReceivedMessages()) {
      Arrays.stream(m.getAllRecipients()).map(Address::toString).forEach(all::add);
    }
    return all;
  }

  /** A GET by the client's user (acme only). */
  private String get(String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30))
                    .header(
                        "Authorization",
                        "Basic "
                            + Base64.getEncoder()
                                .encodeToString(
                                    "cli:client-password".getBytes(StandardCharsets.UTF_8)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }
}
