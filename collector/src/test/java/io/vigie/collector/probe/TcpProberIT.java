package io.vigie.collector.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.collector.ssh.Sshd;
import io.vigie.model.poll.FailureKind;
import io.vigie.model.probe.Probe;
import io.vigie.model.probe.ProbeSpec;
import io.vigie.model.schema.ProbeSchema;
import io.vigie.testkit.FreePort;
import io.vigie.testkit.Nginx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link TcpProber} against real servers: nginx (an HTTP exchange as send and expect), sshd (a
 * banner), a closed port, and a black hole: a loopback socket that listens but never accepts and
 * whose accept queue is full, so the kernel drops further SYNs and a connect waits, without root or
 * any change to the machine's network.
 */
class TcpProberIT {
  @RegisterExtension static final Nginx NGINX = new Nginx();
  @RegisterExtension static final Sshd SSHD = new Sshd();

  private static TcpProber prober;
  private static ServerSocket blackHole;
  private static final List<Socket> queued = new ArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    prober = new TcpProber();
    blackHole = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    // Fill the accept queue until a connect no longer completes.
    for (int i = 0; i < 10; i++) {
      Socket s = new Socket();
      try {
        s.connect(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), blackHole.getLocalPort()), 300);
        queued.add(s);
      } catch (SocketTimeoutException e) {
        s.close();
        return;
      }
    }
    throw new IllegalStateException("the black hole's accept queue did not fill");
  }

  @AfterAll
  static void stop() throws IOException {
    prober.close();
    for (Socket s : queued) {
      s.close();
    }
    blackHole.close();
  }

  private static CompletableFuture<ProbeResult> start(ProbeSpec.Tcp spec, Duration timeout) {
    return prober.run(new Probe("tcp", Duration.ofMinutes(1), timeout, spec)).toCompletableFuture();
  }

  private static ProbeResult run(ProbeSpec.Tcp spec) throws Exception {
    return start(spec, Duration.ofSeconds(3)).get(20, TimeUnit.SECONDS);
  }

  @Test
  void openPortIsUp() throws Exception {
    ProbeResult r = run(new ProbeSpec.Tcp("127.0.0.1", NGINX.httpPort(), null, null));
    assertThat(r.up()).as(r.reason()).isTrue();
    assertThat(r.fields())
        .containsKeys(ProbeSchema.CONNECT_MS, ProbeSchema.DURATION_MS)
        .doesNotContainKeys(ProbeSchema.DNS_MS, ProbeSchema.FIRST_BYTE_MS);
  }

  @Test
  void aNameIsResolvedAndTimed() throws Exception {
    ProbeResult r = run(new ProbeSpec.Tcp("localhost", NGINX.httpPort(), null, null));
    assertThat(r.up()).as(r.reason()).isTrue();
    assertThat(r.fields()).containsKeys(ProbeSchema.DNS_MS, ProbeSchema.CONNECT_MS);
  }

  @Test
  void sendAndExpectAgainstNginx() throws Exception {
    ProbeResult r =
        run(
            new ProbeSpec.Tcp(
                "127.0.0.1",
                NGINX.httpPort(),
                "GET /ok HTTP/1.0\r\nHost: localhost\r\n\r\n",
                Pattern.compile("systems nominal")));
    assertThat(r.up()).as(r.reason()).isTrue();
    assertThat(r.fields()).containsKey(ProbeSchema.FIRST_BYTE_MS);
  }

  @Test
  void sshBannerMatchesAndMismatches() throws Exception {
    ProbeResult match =
        run(new ProbeSpec.Tcp("127.0.0.1", SSHD.port(), null, Pattern.compile("^SSH-2\\.0-")));
    assertThat(match.up()).as(match.reason()).isTrue();
    long start = System.nanoTime();
    ProbeResult mismatch =
        run(new ProbeSpec.Tcp("127.0.0.1", SSHD.port(), null, Pattern.compile("^220 ")));
    assertThat(mismatch.failure()).isEqualTo(FailureKind.BANNER_MISMATCH);
    assertThat(mismatch.reason())
        .contains("SSH-2.0-OpenSSH")
        .contains("\\r\\n")
        .contains("/^220 /");
    // Judged after a quiet second, not at the timeout.
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_500);
  }

  @Test
  void answerClosedWithoutMatchIsAMismatchWithWhatCame() throws Exception {
    ProbeResult r =
        run(
            new ProbeSpec.Tcp(
                "127.0.0.1",
                NGINX.httpPort(),
                "GET /error HTTP/1.0\r\n\r\n",
                Pattern.compile("HTTP/1\\.1 200")));
    assertThat(r.failure()).isEqualTo(FailureKind.BANNER_MISMATCH);
    assertThat(r.reason()).contains("HTTP/1.1 500");
    assertThat(r.reason().length()).isLessThan(400);
  }

  @Test
  void closedPortIsRefused() throws Exception {
    ProbeResult r = run(new ProbeSpec.Tcp("127.0.0.1", FreePort.pick(), null, null));
    assertThat(r.failure()).isEqualTo(FailureKind.REFUSED);
  }

  @Test
  void unknownNameDoesNotResolve() throws Exception {
    ProbeResult r = run(new ProbeSpec.Tcp("no-such-host.invalid", 80, null, null));
    assertThat(r.failure()).isEqualTo(FailureKind.NAME_RESOLUTION);
    assertThat(r.fields()).containsKey(ProbeSchema.DNS_MS);
  }

  @Test
  void blackHoleTimesOutWithinTheTimeout() throws Exception {
    long start = System.nanoTime();
    ProbeResult r =
        start(
                new ProbeSpec.Tcp("127.0.0.1", blackHole.getLocalPort(), null, null),
                Duration.ofMillis(1500))
            .get(10, TimeUnit.SECONDS);
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertThat(r.failure()).as(r.reason()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(r.reason()).contains("connecting");
    assertThat(ms).isBetween(1400L, 2500L);
  }

  @Test
  void fiftyBlackHolesDoNotDelayALiveProbe() throws Exception {
    List<CompletableFuture<ProbeResult>> holes = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      holes.add(
          start(
              new ProbeSpec.Tcp("127.0.0.1", blackHole.getLocalPort(), null, null),
              Duration.ofSeconds(5)));
    }
    long start = System.nanoTime();
    ProbeResult live =
        start(
                new ProbeSpec.Tcp(
                    "127.0.0.1",
                    NGINX.httpPort(),
                    "GET /ok HTTP/1.0\r\n\r\n",
                    Pattern.compile("nominal")),
                Duration.ofSeconds(5))
            .get(10, TimeUnit.SECONDS);
    long liveMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(live.up()).as(live.reason()).isTrue();
    assertThat(liveMs).isLessThan(500);
    assertThat(holes.stream().filter(CompletableFuture::isDone)).isEmpty();
    for (CompletableFuture<ProbeResult> hole : holes) {
      assertThat(hole.get(10, TimeUnit.SECONDS).failure()).isEqualTo(FailureKind.TIMEOUT);
    }
  }
}
