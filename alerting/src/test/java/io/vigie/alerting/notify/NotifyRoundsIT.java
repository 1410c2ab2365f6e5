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
import io.vigie.alerting.store.StateStore;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.testkit.FreePort;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifier's rounds on the real clock, against GreenMail: a round runs as a grouping window
 * ends, even with a tick of a minute, and a stop ends a wait at once.
 */
class NotifyRoundsIT {
  private static final Duration WINDOW = Duration.ofSeconds(1);
  private static final Duration TICK = Duration.ofMinutes(1);

  @TempDir Path dir;
  final Clock clock = Clock.systemUTC();
  GreenMail smtp;
  StateStore store;
  Outbox outbox;
  Notifier notifier;
  NotifyRounds rounds;
  Thread thread;

  @BeforeEach
  void setUp() throws Exception {
    Inventory inventory =
        InventoryLoader.withSystemSecrets()
            .parse(
                """
                version: 1
                clients:
                  - {id: acme, name: ACME, language: en, contacts: [ops@acme.test]}
                targets:
                  - {id: web1, client: acme, kind: local}
                """,
                "inventory.yml");
    smtp = new GreenMail(new ServerSetup(FreePort.pick(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
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
            new StatusEngine(EngineSettings.defaults()),
            store,
            clock,
            Duration.ofMinutes(5),
            Duration.ofSeconds(5),
            new SimpleMeterRegistry());
    outbox = new Outbox(dir.resolve("state"));
    NotifySettings defaults = NotifySettings.defaults();
    notifier =
        new Notifier(
            service,
            outbox,
            new Templates(null),
            new Mailer(
                new MailSettings(
                    "127.0.0.1",
                    smtp.getSmtp().getPort(),
                    MailSettings.Security.NONE,
                    null,
                    null,
                    "vigie@noc.test",
                    Duration.ofSeconds(5))),
            new NotifySettings(
                WINDOW,
                defaults.reminderEvery(),
                defaults.retryFor(),
                defaults.minBackoff(),
                defaults.maxBackoff(),
                null,
                null,
                ZoneId.of("UTC"),
                defaults.maxAge(),
                defaults.stuckAfter()),
            clock,
            new SimpleMeterRegistry());
    rounds = new NotifyRounds(notifier, WINDOW, TICK, clock);
    // As the service's loop runs them: one round after the other, on a thread of their own.
    thread =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                rounds.run();
              }
            },
            "rounds");
    thread.setDaemon(true);
  }

  @AfterEach
  void tearDown() throws Exception {
    thread.interrupt();
    thread.join(TimeUnit.SECONDS.toMillis(10));
    smtp.stop();
    outbox.close();
    store.close();
  }

  /** Stores a problem decided now, as an evaluation does, and tells the rounds. */
  Decision decide() {
    Instant now = clock.instant();
    Decision decision =
        new Decision(
            0,
            now,
            Decision.Kind.PROBLEM,
            "acme",
            "web1",
            Status.ERROR,
            Status.RUN,
            "cpu.usage_percent{cpu=total}",
            "cpu.usage_percent = 97, above error level 95",
            97.0,
            95.0,
            now,
            "status changed");
    store.commit(
        new Cycle(List.of(), List.of(decision), Set.of(), Set.of(), false), new EngineState());
    rounds.decided(decision);
    return decision;
  }

  @Test
  void aDecisionIsMailedAsItsWindowEndsNotAtTheNextTick() throws Exception {
    thread.start();
    // The first round waits for its tick, a minute away: the decision must cut that wait short.
    TimeUnit.MILLISECONDS.sleep(200);
    Instant decided = decide().time();
    Awaitility.await("the mail")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> smtp.getReceivedMessages().length > 0);
    Duration took = Duration.between(decided, clock.instant());
    assertThat(took).isBetween(WINDOW, WINDOW.plusMillis(500));
  }

  @Test
  void aStopEndsAWaitAtOnceAndNoRoundSendsAfterIt() throws Exception {
    Thread once = new Thread(rounds, "one round");
    once.start();
    // The round waits for its tick, a minute away.
    TimeUnit.MILLISECONDS.sleep(200);
    assertThat(once.isAlive()).isTrue();
    long start = System.nanoTime();
    rounds.stop();
    once.join(TimeUnit.SECONDS.toMillis(5));
    assertThat(once.isAlive()).as("the wait ended by the stop").isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    // A decision after the stop, its window passed: the next round returns and sends nothing.
    decide();
    TimeUnit.MILLISECONDS.sleep(WINDOW.plusMillis(100).toMillis());
    rounds.run();
    assertThat(smtp.getReceivedMessages()).as("nothing after a stop").isEmpty();
  }
}
