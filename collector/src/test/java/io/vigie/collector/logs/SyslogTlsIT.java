package io.vigie.collector.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigie.collector.logs.Received.Transport;
import io.vigie.testkit.TestCertificates;
import io.vigie.testkit.TestCertificates.Kind;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Syslog over TLS (RFC 5425) with certificates minted by openssl, and OpenSSL's own client as the
 * sender.
 */
class SyslogTlsIT {
  @TempDir Path dir;

  @Test
  void aTlsClientIsReadAndAClientWithoutTlsIsRefusedAndCounted() throws Exception {
    TestCertificates certs = TestCertificates.mint(dir); // the directory must exist
    LinkedBlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
    try (SyslogReceiver receiver =
        new SyslogReceiver(inbox::add, Clock.systemUTC(), SyslogReceiver.DEFAULT_MAX_BYTES)) {
      receiver.listenTls(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
          SyslogTls.context(certs.chain(Kind.VALID), certs.key(Kind.VALID), null),
          false);
      String message = "<165>1 2026-11-30T18:00:00Z web-01 app - - - sent over TLS";
      Process client =
          new ProcessBuilder(
                  "openssl",
                  "s_client",
                  "-connect",
                  "127.0.0.1:" + receiver.tlsPort(),
                  "-CAfile",
                  certs.rootCa().toString(),
                  "-verify_return_error",
                  "-quiet",
                  "-no_ign_eof")
              .redirectErrorStream(true)
              .start();
      try (OutputStream in = client.getOutputStream()) {
        in.write((message.length() + " " + message).getBytes(StandardCharsets.UTF_8));
      }
      Received r = inbox.poll(20, TimeUnit.SECONDS);
      client.waitFor(10, TimeUnit.SECONDS);
      client.destroyForcibly();
      assertThat(r).as("a message over TLS within 20 s").isNotNull();
      assertThat(r.transport()).isEqualTo(Transport.TLS);
      assertThat(r.text()).isEqualTo(message);

      try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), receiver.tlsPort())) {
        plain.getOutputStream().write("20 <13>not TLS at all\n".getBytes(StandardCharsets.UTF_8));
        plain.getOutputStream().flush();
        plain.setSoTimeout(10_000);
        // Wait for the receiver to answer with an alert or a close; what it sends is not ours to
        // judge, the refusal count below is.
        int unused = plain.getInputStream().read();
      } catch (java.net.SocketException e) {
        // reset by the receiver: refused, as expected
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> receiver.refusedHandshakes() > 0);
      assertThat(receiver.refusedHandshakes()).isEqualTo(1);
      assertThat(inbox).as("nothing read from the client without TLS").isEmpty();
    }
  }
}
