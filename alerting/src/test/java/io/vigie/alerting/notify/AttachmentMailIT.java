package io.vigie.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vigie.testkit.FreePort;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A report's mail through the outbox to a real SMTP server (GreenMail): its PDF stored with it,
 * queued twice but stored and sent once, received as an attachment with the same bytes.
 */
class AttachmentMailIT {
  @Test
  void aMailQueuedTwiceWithItsFileIsSentOnceWithTheFile() throws Exception {
    byte[] pdf = "%PDF-1.4 not really, but bytes\n".getBytes(StandardCharsets.US_ASCII);
    Attachment file = new Attachment("vigie-acme-2026-11.pdf", "application/pdf", pdf);
    Instant now = Instant.parse("2026-12-01T07:00:00Z");
    Outbox.Row row =
        new Outbox.Row(
            "report:acme:2026-11:it@acme.example",
            "it@acme.example",
            "acme",
            "report",
            "Rapport de service : novembre 2026",
            "texte",
            "<p>html</p>",
            0,
            null);
    int port = FreePort.pick();
    GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    Path dir = Files.createTempDirectory("vigie-attachment-");
    try (Outbox outbox = new Outbox(dir)) {
      outbox.enqueue(List.of(row), Map.of(row.key(), file), "acme", now);
      // Again, as a service started twice in the hour would: the key is known, nothing is added.
      outbox.enqueue(
          List.of(row),
          Map.of(row.key(), new Attachment("other.pdf", "application/pdf", pdf)),
          "acme",
          now);
      assertThat(outbox.count("PENDING")).isEqualTo(1);
      assertThat(outbox.attachment(row.key())).isEqualTo(file);
      assertThat(outbox.attachment("no-such-key")).isNull();
      List<Outbox.Row> due = outbox.due(now, 10);
      assertThat(due).hasSize(1);
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
      Outbox.Row r = due.get(0);
      List<Mailer.Result> results =
          mailer.send(
              List.of(
                  new Mailer.Outgoing(
                      r.key(),
                      r.recipient(),
                      r.subject(),
                      r.text(),
                      r.html(),
                      outbox.attachment(r.key()))));
      assertThat(results).extracting(Mailer.Result::outcome).containsExactly(Mailer.Outcome.SENT);
      MimeMessage[] received = smtp.getReceivedMessages();
      assertThat(received).hasSize(1);
      Multipart mixed = (Multipart) received[0].getContent();
      assertThat(mixed.getCount()).isEqualTo(2);
      Part attached = mixed.getBodyPart(1);
      assertThat(attached.getDisposition()).isEqualTo(Part.ATTACHMENT);
      assertThat(attached.getFileName()).isEqualTo("vigie-acme-2026-11.pdf");
      assertThat(attached.getContentType()).startsWith("application/pdf");
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      attached.getInputStream().transferTo(bytes);
      assertThat(bytes.toByteArray()).isEqualTo(pdf);
    } finally {
      smtp.stop();
    }
  }
}
