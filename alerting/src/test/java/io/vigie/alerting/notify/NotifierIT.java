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
import io.vigie.alerting.status.Decision;
import io.vigie.alerting.status.EngineSettings;
import io.vigie.alerting.status.EngineState;
import io.vigie.alerting.status.Status;
import io.vigie.alerting.status.StatusEngine;
import io.vigie.alerting.status.TargetState;
import io.vigie.alerting.store.StateStore;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.testkit.FreePort;
import io.vigie.testkit.TestClock;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifier against real SMTP servers: GreenMail in this JVM, and an aiosmtpd server that
 * refuses a recipient. Decisions are put in the state store as the engine puts them; time is a test
 * clock.
 */
class NotifierIT {
  static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  static final String INVENTORY =
      """
      version: 1
      clients:
        - {id: acme, name: ACME, language: fr, contacts: [ops@acme.test, cto@acme.test]}
        - {id: globex, name: Globex, language: en, contacts: [it@globex.test]}
      targets:
        - {id: web1, client: acme, kind: local}
        - {id: db1, client: globex, kind: local}
      """;

  @TempDir Path dir;
  final TestClock clock = new TestClock(T0);
  Inventory inventory;
  int port;
  GreenMail smtp;
  StateStore store;
  AlertingService service;
  Outbox outbox;
  Notifier notifier;
  // A directory of override templates; none unless a test sets one before start.
  @Nullable Path templates;
  long seq;
  NotifySettings settings =
      new NotifySettings(
          Duration.ofSeconds(30),
          Duration.ofHours(4),
          Duration.ofHours(6),
          Duration.ofSeconds(30),
          Duration.ofMinutes(10),
          "noc@vigie.test",
          "https://grafana.test/d/{target}",
          ZoneId.of("UTC"),
          Duration.ofHours(1),
          Duration.ofMinutes(5));

  @BeforeEach
  void setUp() throws Exception {
    inventory = InventoryLoader.withSystemSecrets().parse(INVENTORY, "inventory.yml");
    port = FreePort.pick();
    smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    store = StateStore.open(dir.resolve("state"));
  }

  @AfterEach
  void tearDown() {
    smtp.stop();
    if (outbox != null) {
      outbox.close();
    }
    store.close();
  }

  /** The service and the notifier, as after a (re)start; the SMTP server on {@code smtpPort}. */
  void start(int smtpPort) {
    service =
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
            new StatusEngine(EngineSettings.defaults()),
            store,
            clock,
            Duration.ofMinutes(5),
            Duration.ofSeconds(5),
            new SimpleMeterRegistry());
    if (outbox != null) {
      outbox.close();
    }
    outbox = new Outbox(dir.resolve("state"));
    notifier =
        new Notifier(
            service,
            outbox,
            new Templates(templates),
            new Mailer(
                new MailSettings(
                    "127.0.0.1",
                    smtpPort,
                    MailSettings.Security.NONE,
                    null,
                    null,
                    "vigie@noc.test",
                    Duration.ofSeconds(5))),
            settings,
            clock,
            new SimpleMeterRegistry());
    service.watchCondition("mail", notifier::stuckMessage); // as the service's wiring does
  }

  /** Stores decisions as an evaluation of the engine does. */
  void decide(Decision... decisions) {
    store.commit(
        new Cycle(List.of(), Arrays.asList(decisions), Set.of(), Set.of(), false),
        new EngineState());
  }

  Decision problem(String client, String target, Status status) {
    return new Decision(
        0,
        clock.instant(),
        Decision.Kind.PROBLEM,
        client,
        target,
        status,
        Status.RUN,
        "cpu.usage_percent{cpu=total}",
        "cpu.usage_percent = 97, above error level 95",
        97.0,
        95.0,
        clock.instant(),
        "status changed");
  }

  Decision recovery(String client, String target) {
    return new Decision(
        0,
        clock.instant(),
        Decision.Kind.RECOVERY,
        client,
        target,
        Status.RUN,
        Status.ERROR,
        "",
        "",
        null,
        null,
        clock.instant(),
        "status changed");
  }

  void after(Duration d) {
    clock.advance(d);
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

  @Test
  void eachClientGetsItsOwnTargetsInItsLanguageAndTheNocGetsEverything() throws Exception {
    start(port);
    decide(problem("acme", "web1", Status.ERROR), problem("globex", "db1", Status.DEAD));
    after(Duration.ofSeconds(1));
    assertThat(smtp.getReceivedMessages()).as("the group window is still open").isEmpty();
    after(Duration.ofSeconds(30));
    assertThat(smtp.getReceivedMessages()).hasSize(4);
    for (String contact : List.of("ops@acme.test", "cto@acme.test")) {
      MimeMessage m = to(contact).get(0);
      assertThat(m.getSubject())
          .isEqualTo("[ERROR] web1 : cpu.usage_percent = 97, above error level 95");
      assertThat(text(m, "text/plain"))
          .contains("Un problème a été détecté sur web1")
          .contains("https://grafana.test/d/web1")
          .doesNotContain("db1");
      assertThat(text(m, "text/html")).contains("<strong>web1</strong>").doesNotContain("db1");
      assertThat(m.getFrom()[0].toString()).isEqualTo("vigie@noc.test");
      assertThat(m.getMessageID()).endsWith("@vigie>");
    }
    MimeMessage globex = to("it@globex.test").get(0);
    assertThat(globex.getSubject()).startsWith("[DEAD] db1: ");
    assertThat(text(globex, "text/plain"))
        .contains("A problem was detected on db1")
        .doesNotContain("web1");
    MimeMessage noc = to("noc@vigie.test").get(0);
    assertThat(noc.getSubject()).isEqualTo("[DEAD] 2 changes for NOC");
    assertThat(text(noc, "text/plain")).contains("web1").contains("db1");
    after(Duration.ofMinutes(5));
    assertThat(smtp.getReceivedMessages()).as("nothing sent twice").hasSize(4);
  }

  @Test
  void changesWithinTheWindowGoOutAsOneDigestAndARecoveryHasItsOwnMail() throws Exception {
    start(port);
    decide(problem("globex", "db1", Status.WARNING));
    after(Duration.ofSeconds(10));
    decide(problem("globex", "db1", Status.ERROR));
    after(Duration.ofSeconds(10));
    decide(problem("globex", "db1", Status.DEAD));
    after(Duration.ofSeconds(11));
    List<MimeMessage> mails = to("it@globex.test");
    assertThat(mails).hasSize(1);
    assertThat(mails.get(0).getSubject()).isEqualTo("[DEAD] 3 changes for Globex");
    decide(recovery("globex", "db1"));
    after(Duration.ofSeconds(31));
    mails = to("it@globex.test");
    assertThat(mails).hasSize(2);
    assertThat(mails.get(1).getSubject()).isEqualTo("[RUN] db1 recovered");
    assertThat(text(mails.get(1), "text/plain"))
        .contains("db1 is running normally again (it was ERROR)");
  }

  @Test
  void anUnacknowledgedProblemIsRemindedEveryFourHoursUntilAcknowledged() throws Exception {
    EngineState state = new EngineState();
    state
        .targets()
        .put(
            "db1",
            new TargetState(
                "db1",
                "globex",
                "local",
                Status.ERROR,
                "cpu.usage_percent{cpu=total}",
                "cpu.usage_percent = 97, above error level 95",
                T0,
                Map.of(),
                T0,
                T0,
                "c1",
                0,
                Status.ERROR,
                false,
                List.of(),
                false,
                false));
    store.commit(new Cycle(List.of(), List.of(), Set.of("db1"), Set.of(), false), state);
    start(port);
    decide(problem("globex", "db1", Status.ERROR));
    after(Duration.ofSeconds(31));
    assertThat(to("it@globex.test")).hasSize(1);
    after(Duration.ofHours(3));
    assertThat(to("it@globex.test")).as("not yet").hasSize(1);
    after(Duration.ofHours(1));
    List<MimeMessage> mails = to("it@globex.test");
    assertThat(mails).hasSize(2);
    assertThat(mails.get(1).getSubject()).startsWith("[Reminder] [ERROR] db1 since ");
    after(Duration.ofHours(4));
    assertThat(to("it@globex.test")).hasSize(3);
    service.acknowledge("db1", "olga", "on it");
    after(Duration.ofHours(4));
    after(Duration.ofHours(4));
    assertThat(to("it@globex.test")).as("acknowledged: no more reminders").hasSize(3);
  }

  @Test
  void anSmtpOutageWithARestartInTheMiddleLosesNothingAndSendsNothingTwice() throws Exception {
    start(port);
    smtp.stop();
    decide(problem("acme", "web1", Status.ERROR), problem("globex", "db1", Status.ERROR));
    after(Duration.ofSeconds(31)); // queued, first attempt fails
    after(Duration.ofSeconds(31)); // second attempt fails
    assertThat(outbox.count("PENDING")).isEqualTo(4);
    start(port); // the service restarts during the outage
    decide(recovery("globex", "db1"));
    after(Duration.ofSeconds(31));
    after(Duration.ofMinutes(2));
    smtp.start();
    for (int i = 0; i < 10 && outbox.count("PENDING") > 0; i++) {
      after(Duration.ofMinutes(10));
    }
    smtp.waitForIncomingEmail(5_000, 6);
    after(Duration.ofMinutes(30));
    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(received)
        .as("2 to acme, 1 to globex, 1 to the NOC, then the recovery to globex and the NOC")
        .hasSize(6);
    assertThat(
            Arrays.stream(received)
                .map(
                    m -> {
                      try {
                        return m.getMessageID();
                      } catch (Exception e) {
                        throw new AssertionError(e);
                      }
                    })
                .distinct()
                .count())
        .isEqualTo(6);
    assertThat(outbox.count("SENT")).isEqualTo(6);
    assertThat(outbox.count("DEAD")).isZero();
  }

  @Test
  void aRecipientRefusedByTheServerDoesNotDelayTheOthers() throws Exception {
    inventory =
        InventoryLoader.withSystemSecrets()
            .parse(
                INVENTORY.replace(
                    "[ops@acme.test, cto@acme.test]", "[nobody@acme.test, ops@acme.test]"),
                "inventory.yml");
    int rejecting = FreePort.pick();
    Path log = dir.resolve("accepted.log");
    Path script = Path.of("src/test/resources/smtp/rejecting_smtpd.py").toAbsolutePath();
    Process server =
        new ProcessBuilder(
                "/usr/bin/python3", script.toString(), String.valueOf(rejecting), log.toString())
            .redirectErrorStream(true)
            .start();
    try {
      String ready = new String(server.getInputStream().readNBytes(5));
      assertThat(ready)
          .as("the aiosmtpd test server (apt-get install python3-aiosmtpd; ./vigie test does it)")
          .isEqualTo("ready");
      start(rejecting);
      decide(problem("acme", "web1", Status.ERROR));
      after(Duration.ofSeconds(31));
      assertThat(Files.readAllLines(log))
          .as("sent on the first attempt")
          .containsExactlyInAnyOrder("ops@acme.test", "noc@vigie.test");
      assertThat(outbox.count("DEAD")).as("refused for good: dead-lettered at once").isEqualTo(1);
      assertThat(outbox.count("PENDING")).isZero();
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** ACME, and a client whose id is the one the NOC's audience once had (examples/demo.yml). */
  static final String WITH_A_NOC_CLIENT =
      """
      version: 1
      clients:
        - {id: noc, name: NOC internal, language: en, contacts: [team@noc.test]}
        - {id: acme, name: ACME, language: fr, contacts: [ops@acme.test]}
      targets:
        - {id: alerting, client: noc, kind: local}
        - {id: intranet, client: acme, kind: local}
      """;

  @Test
  void aClientNamedNocIsNotTakenForTheNocWhenThereIsNoNocAddress() throws Exception {
    // DemoIT, once: the demo's client noc had a change, its group was taken for the NOC's, and
    // without a NOC address every round failed on it: ACME never got its mail.
    inventory = InventoryLoader.withSystemSecrets().parse(WITH_A_NOC_CLIENT, "inventory.yml");
    settings =
        new NotifySettings(
            settings.groupWindow(),
            settings.reminderEvery(),
            settings.retryFor(),
            settings.minBackoff(),
            settings.maxBackoff(),
            null,
            settings.dashboardUrl(),
            settings.zone(),
            settings.maxAge(),
            settings.stuckAfter());
    start(port);
    decide(problem("noc", "alerting", Status.ERROR), problem("acme", "intranet", Status.DEAD));
    after(Duration.ofSeconds(31));
    assertThat(to("team@noc.test")).hasSize(1);
    assertThat(to("team@noc.test").get(0).getSubject()).startsWith("[ERROR] alerting");
    assertThat(to("ops@acme.test")).hasSize(1);
    assertThat(to("ops@acme.test").get(0).getSubject()).startsWith("[DEAD] intranet");
    assertThat(smtp.getReceivedMessages()).hasSize(2);
  }

  @Test
  void aClientNamedNocAndTheNocEachGetTheirOwnMail() throws Exception {
    // With a NOC address, the client's changes went into the NOC's group: its contacts got none.
    inventory = InventoryLoader.withSystemSecrets().parse(WITH_A_NOC_CLIENT, "inventory.yml");
    start(port);
    decide(problem("noc", "alerting", Status.ERROR));
    after(Duration.ofSeconds(31));
    assertThat(to("team@noc.test")).as("the client's contacts, in its own mail").hasSize(1);
    assertThat(text(to("team@noc.test").get(0), "text/plain")).contains("alerting");
    assertThat(to("noc@vigie.test")).as("the NOC's copy").hasSize(1);
    assertThat(smtp.getReceivedMessages()).hasSize(2);
  }

  @Test
  void aGroupThatCannotBeRenderedHoldsBackNoOtherClientsMail() throws Exception {
    // An override of the French problem mail that names what its model does not have: ACME's
    // mail cannot be made, Globex's (in English) goes out all the same.
    templates = Files.createDirectories(dir.resolve("templates"));
    Files.writeString(templates.resolve("problem.fr.txt"), "Subject: {{no_such_name}}\n\nx\n");
    start(port);
    decide(problem("acme", "web1", Status.ERROR), problem("globex", "db1", Status.DEAD));
    after(Duration.ofSeconds(31));
    assertThat(to("it@globex.test")).hasSize(1);
    assertThat(to("ops@acme.test")).isEmpty();
    after(Duration.ofSeconds(1));
    assertThat(to("it@globex.test")).as("nothing sent twice").hasSize(1);
  }

  @Test
  void aTargetNamedToInjectHeadersAddsNoRecipientAndNoHeader() throws Exception {
    start(port);
    decide(problem("globex", "db1\r\nBcc: victim@evil.test\r\nX-Injected: yes", Status.ERROR));
    after(Duration.ofSeconds(31));
    MimeMessage m = to("it@globex.test").get(0);
    assertThat(m.getHeader("Bcc")).isNull();
    assertThat(m.getHeader("X-Injected")).isNull();
    assertThat(m.getSubject()).doesNotContain("\n").contains("Bcc: victim@evil.test");
    assertThat(smtp.getReceivedMessages()).hasSize(2); // globex and the NOC, nobody else
  }

  @Test
  void testEmailSendsASampleOfEachTemplateToTheClientsContacts() throws Exception {
    Path file = Files.writeString(dir.resolve("inventory.yml"), INVENTORY);
    int code =
        new picocli.CommandLine(new io.vigie.alerting.cli.AlertingCli())
            .execute(
                "test-email",
                "--client",
                "acme",
                "--inventory",
                file.toString(),
                "--smtp-host",
                "127.0.0.1",
                "--smtp-port",
                String.valueOf(port),
                "--smtp-security",
                "NONE",
                "--from",
                "noc@vigie.test");
    assertThat(code).isZero();
    List<String> subjects = new ArrayList<>();
    for (MimeMessage m : to("ops@acme.test")) {
      subjects.add(m.getSubject());
    }
    assertThat(subjects)
        .as("one of each template")
        .hasSize(6)
        .anySatisfy(s -> assertThat(s).contains("[OSCILLATION]"))
        .anySatisfy(s -> assertThat(s).contains("de nouveau stable"))
        .allSatisfy(s -> assertThat(s).startsWith("[TEST] "))
        .anySatisfy(s -> assertThat(s).contains("rétabli"))
        .anySatisfy(s -> assertThat(s).contains("[Rappel]"))
        .anySatisfy(s -> assertThat(s).contains("2 changements"));
    assertThat(to("cto@acme.test")).hasSize(6);
    assertThat(to("it@globex.test")).isEmpty();
  }

  @Test
  void decisionsOlderThanAnHourWhenMailsAreTurnedOnAreNotSent() throws Exception {
    decide(problem("globex", "db1", Status.ERROR));
    clock.advance(Duration.ofHours(2));
    start(port);
    notifier.tick();
    decide(problem("acme", "web1", Status.ERROR));
    after(Duration.ofSeconds(31));
    assertThat(to("it@globex.test")).as("two hours old: not sent").isEmpty();
    assertThat(to("ops@acme.test")).hasSize(1);
  }

  Map<String, String> conditions() {
    Map<String, String> found = new java.util.TreeMap<>();
    service.conditions().forEach(c -> found.put(c.key(), c.message()));
    return found;
  }

  @Test
  void anSmtpOutageOfHoursIsRetriedWhileTheMailIsWorthSendingThenDeadLettered() throws Exception {
    settings = NotifySettings.defaults(); // retry-for 24 h; 30 s doubling to 1 h; stuck after 5 m
    start(port);
    smtp.stop();
    decide(problem("globex", "db1", Status.ERROR));
    after(Duration.ofSeconds(31)); // queued, first attempt fails
    service.evaluate();
    assertThat(conditions()).as("failing for 0 s: not stuck yet").doesNotContainKey("mail");
    after(Duration.ofMinutes(5));
    service.evaluate();
    assertThat(conditions().get("mail"))
        .as("the NOC is told, through a pipeline condition")
        .startsWith("mails cannot be sent since 2026-11-22T10:00:31Z (1 waiting): ")
        .contains("unreachable");
    for (int i = 0; i < 18; i++) { // 3 hours of outage, far beyond the old 63 minutes
      after(Duration.ofMinutes(10));
    }
    assertThat(outbox.count("DEAD")).as("a 3 h outage, within retry-for (24 h)").isZero();
    assertThat(outbox.count("PENDING")).isEqualTo(1);
    assertThat(outbox.total("RETRY")).as("attempts at 30 s, 1, 2, 4... then hourly").isEqualTo(9);
    smtp.start();
    after(Duration.ofHours(1)); // the backoff is at its maximum: 1 h
    assertThat(to("it@globex.test")).hasSize(1);
    service.evaluate();
    assertThat(conditions()).as("mails flow again: cleared").doesNotContainKey("mail");

    // A relay down for longer than the mail is worth: dead-lettered at the end of retry-for.
    smtp.stop();
    decide(problem("globex", "db1", Status.DEAD));
    after(Duration.ofSeconds(31));
    Instant queued = clock.instant();
    for (int i = 0; i < 47; i++) { // up to 23 h 30 after it was queued
      after(Duration.ofMinutes(30));
      assertThat(outbox.count("DEAD")).as("at %s", clock.instant()).isZero();
    }
    after(Duration.ofMinutes(30));
    assertThat(clock.instant()).isEqualTo(queued.plus(Duration.ofHours(24)));
    assertThat(outbox.count("DEAD")).as("24 h after it was queued").isEqualTo(1);
    assertThat(outbox.count("PENDING")).isZero();
    service.evaluate();
    assertThat(conditions()).as("nothing left failing").doesNotContainKey("mail");
    assertThat(outbox.total("SENT")).isEqualTo(1);
    assertThat(outbox.total("DEAD")).isEqualTo(1);
  }
}
