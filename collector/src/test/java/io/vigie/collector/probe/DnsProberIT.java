package io.vigie.collector.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.model.poll.FailureKind;
import io.vigie.model.probe.Probe;
import io.vigie.model.probe.ProbeSpec;
import io.vigie.model.schema.ProbeSchema;
import io.vigie.testkit.FreePort;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** DNS probes against a real dnsmasq. */
class DnsProberIT {
  @RegisterExtension static final Dnsmasq DNSMASQ = new Dnsmasq();
  private static final DnsProber PROBER = new DnsProber();

  @AfterAll
  static void close() {
    PROBER.close();
  }

  private static ProbeResult run(ProbeSpec.Dns spec, Duration timeout) throws Exception {
    return PROBER
        .run(new Probe("dns", Duration.ofSeconds(60), timeout, spec))
        .toCompletableFuture()
        .get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
  }

  private static ProbeResult ask(String name, String type, List<String> expect) throws Exception {
    return run(dns(name, type, "NOERROR", expect, false), Duration.ofSeconds(5));
  }

  private static ProbeSpec.Dns dns(
      String name, String type, String rcode, List<String> expect, boolean tcp) {
    return new ProbeSpec.Dns("127.0.0.1", DNSMASQ.port(), name, type, rcode, expect, tcp);
  }

  @Test
  void aRecordAnswered() throws Exception {
    ProbeResult result = ask("www.vigie.test", "A", List.of("10.0.0.5"));
    assertThat(result.failure()).isEqualTo(FailureKind.NONE);
    assertThat(result.up()).isTrue();
    assertThat(result.fields())
        .containsEntry(ProbeSchema.DNS_RCODE, "NOERROR")
        .containsEntry(ProbeSchema.DNS_ANSWERS, 1)
        .containsKey(ProbeSchema.DURATION_MS)
        .doesNotContainKey(ProbeSchema.DNS_MS);
  }

  @Test
  void severalAnswersAllExpected() throws Exception {
    ProbeResult result = ask("multi.vigie.test", "a", List.of("10.0.0.7", " 10.0.0.6 "));
    assertThat(result.up()).isTrue();
    assertThat(result.fields()).containsEntry(ProbeSchema.DNS_ANSWERS, 2);
  }

  @Test
  void aaaaComparedAsAnAddress() throws Exception {
    ProbeResult result = ask("www.vigie.test", "AAAA", List.of("2001:DB8::5"));
    assertThat(result.up()).as(result.reason()).isTrue();
    assertThat(result.fields()).containsEntry(ProbeSchema.DNS_ANSWERS, 1);
  }

  @Test
  void mxWithOrWithoutTheTrailingDot() throws Exception {
    assertThat(ask("vigie.test", "MX", List.of("10 mail.vigie.test.")).up()).isTrue();
    assertThat(ask("vigie.test.", "MX", List.of("10  MAIL.vigie.test")).up()).isTrue();
    ProbeResult wrong = ask("vigie.test", "MX", List.of("20 mail.vigie.test"));
    assertThat(wrong.failure()).isEqualTo(FailureKind.DNS_ANSWER);
    assertThat(wrong.reason()).contains("20 mail.vigie.test").contains("10 mail.vigie.test.");
  }

  @Test
  void txtWithOrWithoutQuotes() throws Exception {
    assertThat(ask("vigie.test", "TXT", List.of("v=spf1 -all")).up()).isTrue();
    assertThat(ask("vigie.test", "TXT", List.of("\"v=spf1 -all\"")).up()).isTrue();
  }

  @Test
  void missingAnswerIsDnsAnswer() throws Exception {
    ProbeResult result = ask("www.vigie.test", "A", List.of("10.0.0.99"));
    assertThat(result.up()).isFalse();
    assertThat(result.failure()).isEqualTo(FailureKind.DNS_ANSWER);
    assertThat(result.reason()).contains("10.0.0.99").contains("10.0.0.5");
    assertThat(result.fields()).containsEntry(ProbeSchema.DNS_RCODE, "NOERROR");
  }

  @Test
  void nxdomainWhenNoerrorExpected() throws Exception {
    ProbeResult result = ask("missing.vigie.test", "A", List.of());
    assertThat(result.failure()).isEqualTo(FailureKind.DNS_RCODE);
    assertThat(result.reason()).contains("NXDOMAIN").contains("missing.vigie.test");
    assertThat(result.fields())
        .containsEntry(ProbeSchema.DNS_RCODE, "NXDOMAIN")
        .containsEntry(ProbeSchema.DNS_ANSWERS, 0);
  }

  @Test
  void nxdomainWhenExpected() throws Exception {
    ProbeResult result =
        run(dns("missing.vigie.test", "A", "nxdomain", List.of(), false), Duration.ofSeconds(5));
    assertThat(result.up()).isTrue();
  }

  @Test
  void overTcp() throws Exception {
    ProbeResult result =
        run(
            dns("www.vigie.test", "A", "NOERROR", List.of("10.0.0.5"), true),
            Duration.ofSeconds(5));
    assertThat(result.up()).as(result.reason()).isTrue();
    assertThat(result.fields()).containsEntry(ProbeSchema.DNS_ANSWERS, 1);
  }

  @Test
  void aSilentServerHoldsNoThread() throws Exception {
    try (DatagramSocket silent =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      ProbeSpec.Dns spec =
          new ProbeSpec.Dns(
              "127.0.0.1",
              silent.getLocalPort(),
              "www.vigie.test",
              "A",
              "NOERROR",
              List.of(),
              false);
      long start = System.nanoTime();
      java.util.concurrent.CompletableFuture<ProbeResult> run =
          PROBER
              .run(new Probe("dns", Duration.ofSeconds(60), Duration.ofMillis(500), spec))
              .toCompletableFuture();
      assertThat((System.nanoTime() - start) / 1_000_000)
          .as("run() returns at once")
          .isLessThan(200);
      assertThat(run).isNotDone();
      assertThat(run.get(5, TimeUnit.SECONDS).failure()).isEqualTo(FailureKind.TIMEOUT);
    }
  }

  @Test
  void silentServerIsTimeout() throws Exception {
    try (DatagramSocket silent =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      long start = System.nanoTime();
      ProbeResult result =
          run(
              new ProbeSpec.Dns(
                  "127.0.0.1",
                  silent.getLocalPort(),
                  "www.vigie.test",
                  "A",
                  "NOERROR",
                  List.of(),
                  false),
              Duration.ofMillis(800));
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(result.failure()).as(result.reason()).isEqualTo(FailureKind.TIMEOUT);
      assertThat(result.reason()).contains("127.0.0.1:" + silent.getLocalPort());
      assertThat(tookMs).isBetween(700L, 3_000L);
      assertThat(result.fields()).containsKey(ProbeSchema.DURATION_MS);
    }
  }

  @Test
  void closedTcpPortIsRefused() throws Exception {
    ProbeResult result =
        run(
            new ProbeSpec.Dns(
                "127.0.0.1", FreePort.pick(), "www.vigie.test", "A", "NOERROR", List.of(), true),
            Duration.ofSeconds(3));
    assertThat(result.failure()).as(result.reason()).isEqualTo(FailureKind.REFUSED);
  }

  @Test
  void serverNamedByAHostName() throws Exception {
    ProbeResult result =
        run(
            new ProbeSpec.Dns(
                "localhost", DNSMASQ.port(), "www.vigie.test", "A", "NOERROR", List.of(), false),
            Duration.ofSeconds(5));
    // localhost may resolve to ::1 first, where dnsmasq does not listen: judged by its kind only.
    assertThat(result.fields()).containsKey(ProbeSchema.DNS_MS);
  }

  @Test
  void unresolvableServer() throws Exception {
    ProbeResult result =
        run(
            new ProbeSpec.Dns(
                "no-such-host.invalid", 53, "www.vigie.test", "A", "NOERROR", List.of(), false),
            Duration.ofSeconds(5));
    assertThat(result.failure()).isEqualTo(FailureKind.NAME_RESOLUTION);
  }
}
