package io.vigie.bench;

import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vigie.testkit.FreePort;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The inbox of the mail benchmark: GreenMail, the alerting tests' SMTP server, on loopback in the
 * benchmark's JVM. Every message is timestamped when GreenMail delivers it, that is once the end of
 * DATA has been received, by the same code whoever sent it (Vigie or Alertmanager).
 */
final class MailSink implements AutoCloseable {
  /** One delivered message: wall-clock arrival in epoch seconds, and its subject. */
  record Arrival(double at, String subject) {}

  private final GreenMail greenMail;
  private final List<Arrival> arrivals = new ArrayList<>();

  MailSink() {
    greenMail = new GreenMail(new ServerSetup(FreePort.pick(), "127.0.0.1", "smtp"));
    MessageDeliveryHandler store = greenMail.getUserManager().getMessageDeliveryHandler();
    greenMail
        .getUserManager()
        .setMessageDeliveryHandler(
            (message, address) -> {
              double at = System.currentTimeMillis() / 1e3;
              record(at, subject(message.getMessage()));
              return store.handle(message, address);
            });
    greenMail.start();
  }

  int port() {
    return greenMail.getSmtp().getPort();
  }

  /** How many messages have arrived: the mark from which {@link #await} looks. */
  synchronized int mark() {
    return arrivals.size();
  }

  /**
   * The arrival time of the first message since {@code mark} whose subject matches; fails after
   * {@code seconds}.
   */
  synchronized double await(int mark, Predicate<String> subject, long seconds)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    for (int seen = mark; ; ) {
      for (; seen < arrivals.size(); seen++) {
        if (subject.test(arrivals.get(seen).subject())) {
          return arrivals.get(seen).at();
        }
      }
      long left = end - System.nanoTime();
      if (left <= 0) {
        throw new IllegalStateException("no matching mail within " + seconds + " s");
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  private synchronized void record(double at, String subject) {
    arrivals.add(new Arrival(at, subject));
    notifyAll();
  }

  private static String subject(jakarta.mail.internet.MimeMessage message) {
    try {
      String subject = message.getSubject();
      return subject == null ? "" : subject;
    } catch (MessagingException e) {
      return "";
    }
  }

  @Override
  public void close() {
    greenMail.stop();
  }
}
