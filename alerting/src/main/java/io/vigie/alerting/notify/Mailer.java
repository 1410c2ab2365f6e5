package io.vigie.alerting.notify;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.jspecify.annotations.Nullable;

/**
 * Sends mails over SMTP with Jakarta Mail: one connection for a burst, one message per recipient,
 * so that a refused recipient fails its own message only.
 */
public final class Mailer {
  private final MailSettings settings;
  private final Session session;

  public Mailer(MailSettings settings) {
    this.settings = settings;
    Properties p = new Properties();
    String timeout = String.valueOf(settings.timeout().toMillis());
    p.put("mail.smtp.host", settings.host());
    p.put("mail.smtp.port", String.valueOf(settings.port()));
    p.put("mail.smtp.connectiontimeout", timeout);
    p.put("mail.smtp.timeout", timeout);
    p.put("mail.smtp.writetimeout", timeout);
    p.put("mail.smtp.auth", String.valueOf(settings.username() != null));
    // Report every refused recipient instead of failing the whole message on the first one.
    p.put("mail.smtp.reportsuccess", "false");
    p.put("mail.smtp.sendpartial", "true");
    switch (settings.security()) {
      case STARTTLS -> {
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.ssl.checkserveridentity", "true");
      }
      case TLS -> {
        p.put("mail.smtp.ssl.enable", "true");
        p.put("mail.smtp.ssl.checkserveridentity", "true");
      }
      case NONE -> {}
    }
    this.session = Session.getInstance(p);
  }

  /** One mail to one recipient. {@code key} becomes its Message-ID: a resend is recognisable. */
  public record Outgoing(
      String key,
      String to,
      String subject,
      String text,
      String html,
      @Nullable Attachment attachment) {
    /** A mail without attachment. */
    public Outgoing(String key, String to, String subject, String text, String html) {
      this(key, to, subject, text, html, null);
    }
  }

  /** What happened to one mail. */
  public enum Outcome {
    SENT,
    /** Worth trying again later: server unreachable, temporary (4xx) refusal. */
    RETRY,
    /** Refused for good (5xx), typically an unknown recipient. */
    REJECTED
  }

  public record Result(Outgoing mail, Outcome outcome, String detail) {}

  /** Sends every mail; never throws: each mail gets its own outcome. */
  public List<Result> send(List<Outgoing> mails) {
    List<Result> results = new ArrayList<>(mails.size());
    send(mails, results::add, () -> false);
    return results;
  }

  /**
   * Sends mails one after the other on one connection and hands each outcome to {@code outcome} as
   * soon as the server answered it, so that the caller can record it before the next message:
   * stopped at any point, only the message in flight is left unrecorded. Before each message asks
   * {@code stopping}: once true, the mails not started get no outcome at all (they stay as they
   * were). Never throws.
   */
  public void send(List<Outgoing> mails, Consumer<Result> outcome, BooleanSupplier stopping) {
    if (mails.isEmpty() || stopping.getAsBoolean()) {
      return;
    }
    Transport transport;
    try {
      transport = session.getTransport("smtp");
      transport.connect(
          settings.host(),
          settings.port(),
          settings.username(),
          settings.password() == null ? null : settings.password().reveal());
    } catch (MessagingException e) {
      String why = "SMTP server " + settings.host() + ":" + settings.port() + " unreachable: " + e;
      mails.forEach(m -> outcome.accept(new Result(m, Outcome.RETRY, why)));
      return;
    }
    try {
      for (Outgoing mail : mails) {
        if (stopping.getAsBoolean()) {
          return;
        }
        if (!transport.isConnected()) {
          outcome.accept(new Result(mail, Outcome.RETRY, "SMTP connection lost"));
          continue;
        }
        outcome.accept(send(transport, mail));
      }
    } finally {
      try {
        transport.close();
      } catch (MessagingException ignored) {
        // the messages are sent or not already; nothing left to save
      }
    }
  }

  private Result send(Transport transport, Outgoing mail) {
    try {
      MimeMessage message = message(mail);
      transport.sendMessage(message, message.getAllRecipients());
      return new Result(mail, Outcome.SENT, "");
    } catch (jakarta.mail.internet.AddressException e) {
      return new Result(mail, Outcome.REJECTED, "not a valid address: " + e.getMessage());
    } catch (SendFailedException e) {
      int code = code(e);
      return new Result(mail, code >= 500 ? Outcome.REJECTED : Outcome.RETRY, describe(e, code));
    } catch (MessagingException e) {
      return new Result(mail, Outcome.RETRY, String.valueOf(e.getMessage()));
    }
  }

  private MimeMessage message(Outgoing mail) throws MessagingException {
    MimeMessage message =
        new MimeMessage(session) {
          @Override
          protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", Outbox.messageId(mail.key()));
          }
        };
    message.setFrom(new InternetAddress(settings.from()));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to(), true));
    message.setSubject(Headers.clean(mail.subject()), StandardCharsets.UTF_8.name());
    MimeBodyPart text = new MimeBodyPart();
    text.setText(mail.text(), StandardCharsets.UTF_8.name(), "plain");
    MimeBodyPart html = new MimeBodyPart();
    html.setText(mail.html(), StandardCharsets.UTF_8.name(), "html");
    // Plain text first: clients show the last alternative they can render.
    MimeMultipart alternative = new MimeMultipart("alternative", text, html);
    Attachment file = mail.attachment();
    if (file == null) {
      message.setContent(alternative);
    } else {
      MimeBodyPart body = new MimeBodyPart();
      body.setContent(alternative);
      MimeBodyPart attached = new MimeBodyPart();
      attached.setDataHandler(
          new jakarta.activation.DataHandler(
              new jakarta.mail.util.ByteArrayDataSource(file.bytes(), file.contentType())));
      attached.setFileName(file.name());
      attached.setDisposition(jakarta.mail.Part.ATTACHMENT);
      // Base64 always: a PDF that looks like text (its header and many lines are ASCII) would
      // otherwise go as 7bit text, its line ends turned into CRLF, the file corrupted.
      attached.setHeader("Content-Transfer-Encoding", "base64");
      message.setContent(new MimeMultipart("mixed", body, attached));
    }
    message.setHeader("Auto-Submitted", "auto-generated");
    message.saveChanges();
    return message;
  }

  private static int code(SendFailedException e) {
    for (Exception next = e; next != null; ) {
      if (next instanceof SMTPAddressFailedException a) {
        return a.getReturnCode();
      }
      if (next instanceof SMTPSendFailedException s) {
        return s.getReturnCode();
      }
      next = next instanceof MessagingException m ? m.getNextException() : null;
    }
    return e.getInvalidAddresses() != null && e.getInvalidAddresses().length > 0 ? 550 : 0;
  }

  private static String describe(SendFailedException e, int code) {
    for (Exception next = e; next != null; ) {
      if (next instanceof SMTPAddressFailedException a) {
        return "refused by the server (" + code + "): " + String.valueOf(a.getMessage()).strip();
      }
      next = next instanceof MessagingException m ? m.getNextException() : null;
    }
    return "refused by the server (" + code + "): " + String.valueOf(e.getMessage()).strip();
  }
}
