package io.vigie.collector.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.model.poll.FailureKind;
import io.vigie.model.probe.Probe;
import io.vigie.model.probe.ProbeSpec;
import io.vigie.model.schema.ProbeSchema;
import io.vigie.testkit.FreePort;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SIP OPTIONS probes against real sipp UASes, over UDP and TCP. */
class SipProberIT {
  @RegisterExtension static final Sipp UDP_OK = new Sipp("200 OK", false);
  @RegisterExtension static final Sipp UDP_UNAVAILABLE = new Sipp("503 Service Unavailable", false);
  @RegisterExtension static final Sipp TCP_OK = new Sipp("200 OK", true);
  @RegisterExtension static final Sipp TCP_UNAVAILABLE = new Sipp("503 Service Unavailable", true);
  private static final SipProber PROBER = new SipProber();

  @AfterAll
  static void close() {
    PROBER.close();
  }

  private static ProbeResult run(int port, boolean tcp, Duration timeout) throws Exception {
    ProbeSpec.Sip spec = new ProbeSpec.Sip("127.0.0.1", port, tcp, "sip:127.0.0.1:" + port);
    return PROBER
        .run(new Probe("sip", Duration.ofSeconds(60), timeout, spec))
        .toCompletableFuture()
        .get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
  }

  @Test
  void udp200IsUp() throws Exception {
    ProbeResult result = run(UDP_OK.port(), false, Duration.ofSeconds(5));
    assertThat(result.failure()).as(result.reason()).isEqualTo(FailureKind.NONE);
    assertThat(result.fields())
        .containsEntry(ProbeSchema.SIP_STATUS, 200)
        .containsKey(ProbeSchema.DURATION_MS)
        .doesNotContainKey(ProbeSchema.CONNECT_MS);
    assertThat((Double) result.fields().get(ProbeSchema.DURATION_MS)).isLessThan(1_000.0);
  }

  @Test
  void udpManyAtOnceEachGetsItsAnswer() throws Exception {
    List<CompletableFuture<ProbeResult>> runs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      int port = i % 2 == 0 ? UDP_OK.port() : UDP_UNAVAILABLE.port();
      ProbeSpec.Sip spec = new ProbeSpec.Sip("127.0.0.1", port, false, "sip:127.0.0.1:" + port);
      runs.add(
          PROBER
              .run(new Probe("sip" + i, Duration.ofSeconds(60), Duration.ofSeconds(5), spec))
              .toCompletableFuture());
    }
    for (int i = 0; i < runs.size(); i++) {
      ProbeResult result = runs.get(i).get(10, TimeUnit.SECONDS);
      assertThat(result.fields()).containsEntry(ProbeSchema.SIP_STATUS, i % 2 == 0 ? 200 : 503);
    }
  }

  @Test
  void udp503IsSipStatus() throws Exception {
    ProbeResult result = run(UDP_UNAVAILABLE.port(), false, Duration.ofSeconds(5));
    assertThat(result.failure()).isEqualTo(FailureKind.SIP_STATUS);
    assertThat(result.reason()).contains("503 Service Unavailable").contains("127.0.0.1");
    assertThat(result.fields()).containsEntry(ProbeSchema.SIP_STATUS, 503);
  }

  @Test
  void tcp200IsUp() throws Exception {
    ProbeResult result = run(TCP_OK.port(), true, Duration.ofSeconds(5));
    assertThat(result.failure()).as(result.reason()).isEqualTo(FailureKind.NONE);
    assertThat(result.fields())
        .containsEntry(ProbeSchema.SIP_STATUS, 200)
        .containsKey(ProbeSchema.CONNECT_MS)
        .containsKey(ProbeSchema.DURATION_MS);
    // sipp keeps answering on new connections.
    assertThat(run(TCP_OK.port(), true, Duration.ofSeconds(5)).up()).isTrue();
  }

  @Test
  void tcp503IsSipStatus() throws Exception {
    ProbeResult result = run(TCP_UNAVAILABLE.port(), true, Duration.ofSeconds(5));
    assertThat(result.failure()).isEqualTo(FailureKind.SIP_STATUS);
    assertThat(result.reason()).contains("503 Service Unavailable");
  }

  @Test
  void tcpClosedPortIsRefused() throws Exception {
    ProbeResult result = run(FreePort.pick(), true, Duration.ofSeconds(3));
    assertThat(result.failure()).as(result.reason()).isEqualTo(FailureKind.REFUSED);
  }

  @Test
  void aSilentServerHoldsNoThread() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      int port = silent.getLocalPort();
      for (boolean tcp : new boolean[] {true, false}) {
        ProbeSpec.Sip spec = new ProbeSpec.Sip("127.0.0.1", port, tcp, "sip:127.0.0.1:" + port);
        long start = System.nanoTime();
        CompletableFuture<ProbeResult> run =
            PROBER
                .run(new Probe("sip", Duration.ofSeconds(60), Duration.ofMillis(500), spec))
                .toCompletableFuture();
        assertThat((System.nanoTime() - start) / 1_000_000)
            .as("run() returns at once")
            .isLessThan(200);
        assertThat(run).isNotDone();
        assertThat(run.get(5, TimeUnit.SECONDS).failure()).isEqualTo(FailureKind.TIMEOUT);
      }
    }
  }

  @Test
  void requestForAnIpv6Peer() {
    String request =
        SipProber.options(
            "sip:[2001:db8::1]:5060",
            "UDP",
            new InetSocketAddress("2001:db8::2", 40000),
            "z9hG4bKabc",
            "tag1",
            "id1@vigie");
    assertThat(request)
        .contains("Via: SIP/2.0/UDP [2001:db8:0:0:0:0:0:2]:40000;branch=z9hG4bKabc;rport\r\n")
        .contains("Contact: <sip:vigie@[2001:db8:0:0:0:0:0:2]:40000;transport=udp>\r\n")
        .contains("To: <sip:[2001:db8::1]:5060>\r\n")
        .endsWith("Content-Length: 0\r\n\r\n");
  }

  @Test
  void tcpSilentServerIsTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      long start = System.nanoTime();
      ProbeResult result = run(silent.getLocalPort(), true, Duration.ofMillis(800));
      assertThat(result.failure()).as(result.reason()).isEqualTo(FailureKind.TIMEOUT);
      assertThat(result.reason()).contains("no answer to OPTIONS");
      assertThat((System.nanoTime() - start) / 1_000_000).isBetween(700L, 3_000L);
    }
  }

  /** A silent UDP server sees the request retransmitted at 0, 0.5, 1.5 and 3.5 s (timer E). */
  @Test
  void udpSilentServerIsTimeoutAfterRetransmissions() throws Exception {
    try (DatagramSocket silent =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      int port = silent.getLocalPort();
      List<Long> times = new ArrayList<>();
      List<String> requests = new ArrayList<>();
      CompletableFuture<Void> listening =
          CompletableFuture.runAsync(
              () -> {
                long start = System.nanoTime();
                byte[] buffer = new byte[4096];
                try {
                  silent.setSoTimeout(200);
                  while (System.nanoTime() - start < 5_000_000_000L) {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    try {
                      silent.receive(packet);
                    } catch (SocketTimeoutException e) {
                      continue;
                    }
                    times.add((System.nanoTime() - start) / 1_000_000);
                    requests.add(
                        new String(
                            packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
                  }
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      ProbeResult result = run(port, false, Duration.ofMillis(4_000));
      assertThat(result.failure()).as(result.reason()).isEqualTo(FailureKind.TIMEOUT);
      assertThat(result.reason()).contains("did not answer OPTIONS").contains("4 transmissions");
      listening.get(10, TimeUnit.SECONDS);
      assertThat(times).hasSize(4);
      assertThat(times.get(1) - times.get(0)).isBetween(400L, 800L);
      assertThat(times.get(2) - times.get(0)).isBetween(1_300L, 1_900L);
      assertThat(times.get(3) - times.get(0)).isBetween(3_300L, 3_900L);
      assertThat(requests)
          .allSatisfy(
              text ->
                  assertThat(text)
                      .startsWith("OPTIONS sip:127.0.0.1:" + port + " SIP/2.0\r\n")
                      .contains(";branch=z9hG4bK", "Max-Forwards: 70", ";tag=", "Call-ID: ")
                      .contains("CSeq: 1 OPTIONS", "Contact: <sip:", "Content-Length: 0\r\n\r\n"));
      assertThat(requests).as("retransmissions are the same request").containsOnly(requests.get(0));
    }
  }
}
