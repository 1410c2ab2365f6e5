package io.vigie.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.alerting.influx.InfluxClients;
import io.vigie.alerting.influx.InfluxReader;
import io.vigie.alerting.influx.StatusWriter;
import io.vigie.alerting.service.AlertingService;
import io.vigie.alerting.status.Cycle;
import io.vigie.alerting.status.EngineSettings;
import io.vigie.alerting.status.EngineState;
import io.vigie.alerting.status.Observations;
import io.vigie.alerting.status.StatusEngine;
import io.vigie.alerting.store.StateStore;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.testkit.FreePort;
import io.vigie.testkit.TestClock;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * From the engine's judgement to the inbox, on a test clock: the engine evaluates what a collector
 * would have written, at every poll; each evaluation is stored as the service stores it; the
 * notifier turns the decisions into mails sent to GreenMail. What a client receives when a target
 * flaps, and when a parent falls before its children.
 */
class NoticesIT {
  static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  @TempDir Path dir;
  final TestClock clock = new TestClock(T0);
  GreenMail smtp;
  StateStore store;
  Outbox outbox;
  Notifier notifier;
  Inventory inventory;
  final StatusEngine engine = new StatusEngine(EngineSettings.defaults());
  final EngineState state = new EngineState();

  void start(String yaml, Duration groupWindow) throws Exception {
    inventory = InventoryLoader.withSystemSecrets().parse(yaml, "inventory.yml");
    int port = FreePort.pick();
    smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    store = StateStore.open(dir.resolve("state"));
    AlertingService service =
        new AlertingService(
            () -> inventory,
            new InfluxReader(
                InfluxClients.connect("http://127.0.0.1:1", null, null, Duration.ofSeconds(1)),
                "vigie",
                3),
            new StatusWriter(
                InfluxClients.connect("http://127.0.0.1:1", null, null, Duration.ofSeconds(1)),
                "vigie",
                () -> inventory),
            engine,
            store,
            clock,
            Duration.ofMinutes(5),
            Duration.ofSeconds(5),
            new SimpleMeterRegistry());
    outbox = new Outbox(dir.resolve("state"));
    notifier =
        new Notifier(
            service,
            outbox,
            new Templates(null),
            new Mailer(
                new MailSettings(
                    "127.0.0.1",
                    port,
                    MailSettings.Security.NONE,
                    null,
                    null,
                    "vigie@noc.test",
                    Duration.ofSeconds(5))),
            new NotifySettings(
                groupWindow,
                Duration.ofHours(4),
                Duration.ofHours(24),
                Duration.ofSeconds(30),
                Duration.ofMinutes(10),
                null,
                null,
                ZoneId.of("UTC"),
                Duration.ofHours(1),
                Duration.ofMinutes(5)),
            clock,
            new SimpleMeterRegistry());
  }

  @AfterEach
  void tearDown() {
    if (smtp != null) {
      smtp.stop();
    }
    if (outbox != null) {
      outbox.close();
    }
    if (store != null) {
      store.close();
    }
  }

  /**
   * One poll interval later: the collector's polls of that instant (true: reached; CPU value or
   * null), one evaluation stored as the service stores it, one round of the notifier.
   */
  void poll(Duration interval, Map<String, Double> cpu, Function<String, Boolean> up) {
    clock.advance(interval);
    Instant now = clock.instant();
    Map<String, List<Observations.Poll>> polls = new HashMap<>();
    List<Observations.Metric> metrics = new ArrayList<>();
    for (String id : inventory.targetsById().keySet()) {
      boolean reached = up.apply(id);
      polls.put(
          id,
          List.of(
              new Observations.Poll(now, reached, reached ? "" : "SnmpFailure: timeout", "c1")));
      Double value = cpu.get(id);
      if (reached && value != null) {
        metrics.add(
            new Observations.Metric(id, "cpu.usage_percent", Map.of("cpu", "total"), value));
      }
    }
    Cycle cycle =
        engine.evaluate(
            inventory, new Observations(polls, metrics, List.of(), List.of()), null, now, state);
    store.commit(cycle, state);
    notifier.tick();
  }

  List<MimeMessage> to(String address) throws Exception {
    List<MimeMessage> found = new ArrayList<>();
    for (MimeMessage m : smtp.getReceivedMessages()) {
      if (Arrays.stream(m.getRecipients(Message.RecipientType.TO))
          .anyMatch(a -> a.toString().equals(address))) {
        found.add(m);
      }
    }
    return found;
  }

  static String text(MimeMessage m, String type) throws Exception {
    MimeMultipart parts = (MimeMultipart) m.getContent();
    for (int i = 0; i < parts.getCount(); i++) {
      if (parts.getBodyPart(i).isMimeType(type)) {
        return parts.getBodyPart(i).getContent().toString();
      }
    }
    throw new AssertionError("no " + type + " part");
  }

  static final String FLAPPING =
      """
      version: 1
      defaults:
        interval: %ds
      clients:
        - {id: acme, name: ACME, language: fr, contacts: [ops@acme.test]}
        - {id: globex, name: Globex, language: en, contacts: [it@globex.test]}
      targets:
        - {id: web1, client: acme, kind: local}
        - {id: db1, client: globex, kind: local}
      thresholds:
        defaults:
          - {metric: cpu.usage_percent, where: {cpu: total}, warning: 85, error: 95}
      """;

  /**
   * Two targets toggle between RUN and ERROR at every poll for 10 minutes, then hold still: web1
   * (French client) ends in ERROR, db1 (English client) in RUN. Each client gets two mails: the
   * flapping started, and where it ended once stable, whatever the poll interval and the grouping
   * window (1 s, the default 30 s, 10 min).
   */
  @ParameterizedTest(name = "polls every {0} s, group window {1} s")
  @CsvSource({"2,1", "2,30", "2,600", "10,1", "10,30", "10,600"})
  void aTargetFlappingForTenMinutesGivesTwoMailsStartedAndStableAgain(int every, int window)
      throws Exception {
    start(FLAPPING.formatted(every), Duration.ofSeconds(window));
    Duration interval = Duration.ofSeconds(every);
    int polls = 600 / every;
    for (int i = 0; i < polls; i++) {
      double value = i % 2 == 0 ? 97 : 10;
      poll(interval, Map.of("web1", value, "db1", value), id -> true);
    }
    // Still: web1 in ERROR, db1 in RUN, for 40 minutes (the 15-minute window empties).
    for (int i = 0; i < 2400 / every; i++) {
      poll(interval, Map.of("web1", 97.0, "db1", 10.0), id -> true);
    }

    List<MimeMessage> acme = to("ops@acme.test");
    assertThat(acme).extracting(MimeMessage::getSubject).hasSize(2);
    assertThat(acme.get(0).getSubject())
        .isEqualTo("[OSCILLATION] web1 : notifications suspendues tant qu’elle oscille");
    assertThat(text(acme.get(0), "text/plain"))
        .contains("web1 oscille")
        .contains("vous recevrez un message quand elle sera de nouveau stable");
    assertThat(acme.get(1).getSubject())
        .isEqualTo("[ERROR] web1 de nouveau stable : finit en ERROR");
    assertThat(text(acme.get(1), "text/html")).contains("n’oscille plus");

    List<MimeMessage> globex = to("it@globex.test");
    assertThat(globex).extracting(MimeMessage::getSubject).hasSize(2);
    assertThat(globex.get(0).getSubject())
        .isEqualTo("[FLAPPING] db1: notifications held while it flaps");
    assertThat(text(globex.get(0), "text/plain"))
        .contains("db1 is flapping")
        .contains("you will get one message when it is stable again");
    assertThat(globex.get(1).getSubject()).isEqualTo("[RUN] db1 stable again: ended RUN");
    assertThat(text(globex.get(1), "text/html")).contains("has stopped flapping");
  }

  static String parentAndChildren(int children) {
    StringBuilder yaml =
        new StringBuilder(
            """
            version: 1
            defaults:
              interval: 10s
            clients:
              - {id: acme, name: ACME, language: en, contacts: [ops@acme.test]}
            targets:
              - {id: switch, client: acme, kind: local}
            """);
    for (int i = 1; i <= children; i++) {
      yaml.append("  - {id: host%02d, client: acme, kind: local, parent: switch}\n".formatted(i));
    }
    return yaml.toString();
  }

  /**
   * The switch in front of 50 hosts stops answering; the hosts' timeouts fire one poll before the
   * switch's. One mail: the switch DEAD, with the 50 hosts behind it listed; none for a host.
   */
  @Test
  void fiftyChildrenFailingOnePollBeforeTheirParentGiveOneMailForTheParent() throws Exception {
    start(parentAndChildren(50), Duration.ofSeconds(30));
    Duration interval = Duration.ofSeconds(10);
    for (int i = 0; i < 3; i++) {
      poll(interval, Map.of(), id -> true);
    }
    poll(interval, Map.of(), id -> id.equals("switch")); // the hosts' first failed poll
    for (int i = 0; i < 30; i++) {
      poll(interval, Map.of(), id -> false);
    }

    List<MimeMessage> mails = to("ops@acme.test");
    assertThat(mails).extracting(MimeMessage::getSubject).hasSize(1);
    MimeMessage mail = mails.get(0);
    assertThat(mail.getSubject()).startsWith("[DEAD] switch: ").endsWith(" (+50 behind it)");
    String text = text(mail, "text/plain");
    assertThat(text).contains("50 targets behind it are affected");
    List<String> lines = text.lines().toList();
    IntStream.rangeClosed(1, 50)
        .forEach(i -> assertThat(lines).contains("    - host%02d".formatted(i)));
    assertThat(text(mail, "text/html")).contains("<li>host01</li>").contains("<li>host50</li>");
  }
}
