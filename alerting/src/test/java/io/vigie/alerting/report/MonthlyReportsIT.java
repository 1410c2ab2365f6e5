package io.vigie.alerting.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vigie.alerting.notify.MailSettings;
import io.vigie.alerting.notify.Mailer;
import io.vigie.alerting.notify.Outbox;
import io.vigie.alerting.status.Cycle;
import io.vigie.alerting.status.EngineState;
import io.vigie.alerting.status.Status;
import io.vigie.alerting.status.TargetState;
import io.vigie.alerting.status.Transition;
import io.vigie.alerting.store.StateStore;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.testkit.FreePort;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monthly report mail, from a store holding a month of history to a real SMTP server
 * (GreenMail): the service down at the hour and started the next day queues it then; started again
 * (a new process on the same outbox) it queues nothing more; each contact receives one mail, in the
 * client's language, with the PDF, whose bytes are those of the same month's report made again.
 */
class MonthlyReportsIT {
  static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  static final Instant NOV_1 = Instant.parse("2026-10-31T23:00:00Z"); // midnight in Paris
  static final Instant DEC_1 = Instant.parse("2026-11-30T23:00:00Z");

  @TempDir Path dir;

  static Inventory inventory() throws Exception {
    return InventoryLoader.withSystemSecrets()
        .parse(
            """
            version: 1
            clients:
              - id: acme
                name: ACME Industries
                language: fr
                timezone: Europe/Paris
                contacts: [b@acme.example, a@acme.example]
                contract: {slo: 99.9}
              - {id: bigco, name: BigCo, language: en, contacts: [it@bigco.example]}
            targets:
              - {id: web1, client: acme, kind: local}
              - {id: x, client: bigco, kind: local}
            """,
            "inventory.yml");
  }

  static TargetState target(String id, String client) {
    return new TargetState(
        id,
        client,
        "local",
        Status.RUN,
        "",
        "",
        NOV_1,
        Map.of(),
        NOV_1,
        null,
        "c1",
        0,
        Status.RUN,
        false,
        List.of(),
        false,
        false);
  }

  /** November in the store: evaluated all month, web1 in ERROR for 2 hours on the 10th. */
  static void november(StateStore store) {
    EngineState state = new EngineState();
    state.targets().put("web1", target("web1", "acme"));
    state.targets().put("x", target("x", "bigco"));
    Instant down = Instant.parse("2026-11-10T09:00:00Z");
    Instant up = down.plus(Duration.ofHours(2));
    store.commit(new Cycle(List.of(), List.of(), Set.of(), Set.of(), false, NOV_1), state);
    store.commit(
        new Cycle(
            List.of(
                new Transition(
                    "web1",
                    "acme",
                    "local",
                    down,
                    Status.RUN,
                    Status.ERROR,
                    "poll",
                    "the host key changed",
                    false,
                    false)),
            List.of(),
            Set.of(),
            Set.of(),
            false,
            down),
        state);
    store.commit(
        new Cycle(
            List.of(
                new Transition(
                    "web1",
                    "acme",
                    "local",
                    up,
                    Status.ERROR,
                    Status.RUN,
                    "poll",
                    "",
                    false,
                    false)),
            List.of(),
            Set.of(),
            Set.of(),
            false,
            up),
        state);
    store.commit(new Cycle(List.of(), List.of(), Set.of(), Set.of(), false, DEC_1), state);
  }

  @Test
  void downAtTheHourItIsSentOnceWhenTheServiceStartsAgainWithItsPdf() throws Exception {
    Inventory inventory = inventory();
    // Evaluations a day apart still make one span here (the gap allowed is longer).
    StateStore store = StateStore.open(dir.resolve("state"), Duration.ofDays(40));
    november(store);
    Reports reports = new ServiceReports(() -> inventory, new ReportInputs(store, () -> inventory));
    // The hour was 1 December 08:00 in Paris; the service is back on the 2nd at 11:00.
    Clock back = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);
    int port = FreePort.pick();
    GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    try (Outbox outbox = new Outbox(dir.resolve("notify"))) {
      MonthlyReports first =
          new MonthlyReports(
              reports, () -> inventory, outbox, new MonthlySchedule(8), () -> NOV_1, back);
      first.run();
      first.run();
      // Another process on the same outbox, as after a restart or a kill once queued.
      new MonthlyReports(
              reports, () -> inventory, outbox, new MonthlySchedule(8), () -> NOV_1, back)
          .run();
      // BigCo has no contract: no report mail. ACME's two contacts: one each.
      assertThat(outbox.count("PENDING")).isEqualTo(2);
      List<Outbox.Row> due = outbox.due(back.instant(), 10);
      Mailer mailer =
          new Mailer(
              new MailSettings(
                  "127.0.0.1",
                  port,
                  MailSettings.Security.NONE,
                  null,
                  null,
                  "vigie@noc.example",
                  Duration.ofSeconds(5)));
      List<Mailer.Result> sent =
          mailer.send(
              due.stream()
                  .map(
                      r ->
                          new Mailer.Outgoing(
                              r.key(),
                              r.recipient(),
                              r.subject(),
                              r.text(),
                              r.html(),
                              outbox.attachment(r.key())))
                  .toList());
      sent.forEach(r -> outbox.sent(r.mail().key(), back.instant()));
      assertThat(sent).extracting(Mailer.Result::outcome).containsOnly(Mailer.Outcome.SENT);
      MimeMessage[] received = smtp.getReceivedMessages();
      assertThat(received).hasSize(2);
      assertThat(Arrays.stream(received).map(m -> addressOf(m)).sorted())
          .containsExactly("a@acme.example", "b@acme.example");
      assertThat(received[0].getSubject())
          .isEqualTo("Rapport de service ACME Industries : novembre 2026");
      // The PDF is the same month's report made again: the same bytes.
      Interval november = ReportPeriod.month(YearMonth.of(2026, 11), PARIS);
      Reports.ReportClient acme = reports.client("acme").orElseThrow();
      ClientReport report = reports.report(acme, november);
      // 2 h down of 720 h: 99.722 %, below the 99.9 % objective.
      assertThat(report.total().availability())
          .isCloseTo(99.7222, org.assertj.core.data.Offset.offset(0.0001));
      byte[] again = ReportPdf.render(report, acme.logo(), november.to());
      for (MimeMessage m : received) {
        Multipart mixed = (Multipart) m.getContent();
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        mixed.getBodyPart(1).getInputStream().transferTo(pdf);
        assertThat(mixed.getBodyPart(1).getFileName()).isEqualTo("vigie-acme-2026-11.pdf");
        assertThat(pdf.toByteArray()).isEqualTo(again);
      }
      // A later round, the mails sent: nothing is queued again.
      first.run();
      assertThat(outbox.count("PENDING")).isZero();
      assertThat(outbox.count("SENT")).isEqualTo(2);
    } finally {
      smtp.stop();
      store.close();
    }
  }

  static String addressOf(MimeMessage m) {
    try {
      return m.getAllRecipients()[0].toString();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
