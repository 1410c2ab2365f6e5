package io.vigie.collector.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.model.poll.FailureKind;
import io.vigie.model.probe.Probe;
import io.vigie.model.probe.ProbeSpec;
import io.vigie.model.schema.ProbeSchema;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The icmp prober over real packets, both ways of pinging: loopback, a link with known loss and
 * delay between two namespaces of the test's own, an address that never answers, and a name that
 * does not resolve. Needs root and iproute2 ({@link IcmpNetns}); fping for the fping half.
 */
class IcmpProberIT {
  private static final int LOSS_PERCENT = 40;
  private static final int DELAY_MS = 50;

  /** Above the set delay: the kernel, the responder's timer and the JVM's scheduling. */
  private static final double RTT_MARGIN_MS = 25;

  private static IcmpNetns netns;

  @BeforeAll
  static void namespaces() {
    netns = new IcmpNetns();
  }

  @AfterAll
  static void cleanUp() {
    if (netns != null) {
      netns.close();
    }
  }

  private static Probe probe(String host, int count, Duration timeout) {
    return new Probe("ping", Duration.ofSeconds(30), timeout, new ProbeSpec.Icmp(host, count));
  }

  /** Runs a datagram prober built and run on a thread inside the client namespace. */
  private static <T> T inClient(Function<IcmpProber, T> use, Duration period) {
    return IcmpNetns.in(netns.client, () -> use.apply(IcmpProber.datagram(period)));
  }

  private static ProbeResult await(java.util.concurrent.CompletionStage<ProbeResult> run) {
    return run.toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
  }

  private static ProbeResult runDatagram(
      String host, int count, Duration timeout, Duration period) {
    // Built and started inside the client namespace, whose ping_group_range allows the socket.
    IcmpProber[] prober = new IcmpProber[1];
    CompletableFuture<ProbeResult> run =
        inClient(
            p -> {
              prober[0] = p;
              return p.run(probe(host, count, timeout)).toCompletableFuture();
            },
            period);
    try {
      return await(run);
    } finally {
      prober[0].close();
    }
  }

  private static ProbeResult runFping(String host, int count, Duration timeout, Duration period) {
    try (IcmpProber prober = IcmpProber.fping(period)) {
      // fping started by a thread inside the client namespace runs in it.
      CompletableFuture<ProbeResult> run =
          IcmpNetns.in(
              netns.client, () -> prober.run(probe(host, count, timeout)).toCompletableFuture());
      return await(run);
    }
  }

  private static double num(ProbeResult r, String field) {
    return ((Number) r.fields().get(field)).doubleValue();
  }

  private static void assertHealthyLoopback(ProbeResult r, int count) {
    assertThat(r.up()).as("%s", r).isTrue();
    assertThat(r.failure()).isEqualTo(FailureKind.NONE);
    assertThat(r.fields())
        .containsEntry(ProbeSchema.SENT, (long) count)
        .containsEntry(ProbeSchema.RECEIVED, (long) count)
        .containsEntry(ProbeSchema.LOSS_PERCENT, 0.0);
    assertThat(num(r, ProbeSchema.RTT_MIN_MS)).isPositive();
    assertThat(num(r, ProbeSchema.RTT_MIN_MS)).isLessThanOrEqualTo(num(r, ProbeSchema.RTT_AVG_MS));
    assertThat(num(r, ProbeSchema.RTT_AVG_MS)).isLessThanOrEqualTo(num(r, ProbeSchema.RTT_MAX_MS));
    assertThat(num(r, ProbeSchema.RTT_AVG_MS)).isLessThan(5.0);
    assertThat(num(r, ProbeSchema.DURATION_MS)).isLessThan(5_000.0);
  }

  @Test
  void loopbackWithTheDatagramSocket() {
    ProbeResult r = runDatagram("127.0.0.1", 20, Duration.ofSeconds(5), Duration.ofMillis(20));
    System.out.println("datagram loopback: " + r.fields());
    assertHealthyLoopback(r, 20);
  }

  @Test
  void loopbackWithFping() {
    try (IcmpProber prober = IcmpProber.fping(Duration.ofMillis(20))) {
      ProbeResult r = await(prober.run(probe("127.0.0.1", 20, Duration.ofSeconds(5))));
      System.out.println("fping loopback: " + r.fields());
      assertHealthyLoopback(r, 20);
    }
  }

  @Test
  void choosesTheDatagramSocketWhereTheGroupRangeAllowsItAndFpingElsewhere() {
    String inClient =
        IcmpNetns.in(
            netns.client,
            () -> {
              try (IcmpProber p = new IcmpProber()) {
                return p.mechanism();
              }
            });
    assertThat(inClient).isEqualTo("datagram");
    // This machine's own range: "1 0" (none) on the Debian images here, so fping.
    String range = DatagramPing.pingGroupRange();
    try (IcmpProber p = new IcmpProber()) {
      if (range.equals("\"1 0\"")) {
        assertThat(p.mechanism()).isEqualTo("fping");
      } else {
        assertThat(p.mechanism()).isIn("datagram", "fping");
      }
    }
  }

  @Test
  void lossAndRoundTripMatchTheImpairedLinkAndBothWaysAgree() {
    netns.impair(LOSS_PERCENT, DELAY_MS);
    int count = 300;
    Duration timeout = Duration.ofSeconds(8);
    Duration period = Duration.ofMillis(10);
    // Both at once on the same link.
    CompletableFuture<ProbeResult> fping =
        CompletableFuture.supplyAsync(() -> runFping(IcmpNetns.TARGET_IP, count, timeout, period));
    ProbeResult datagram = runDatagram(IcmpNetns.TARGET_IP, count, timeout, period);
    ProbeResult byFping = fping.join();
    // A binomial count: 4.5 standard deviations leave a false failure about once in 150,000 runs.
    double sd = 100 * Math.sqrt(LOSS_PERCENT / 100.0 * (1 - LOSS_PERCENT / 100.0) / count);
    for (ProbeResult r : List.of(datagram, byFping)) {
      String who = r == datagram ? "datagram" : "fping";
      System.out.printf(
          "%s via %s: set loss %d%% delay %d ms; measured %s%n",
          who, netns.impairment, LOSS_PERCENT, DELAY_MS, r.fields());
      assertThat(r.up()).as("%s: partial loss is not a failure: %s", who, r).isTrue();
      assertThat(r.fields()).containsEntry(ProbeSchema.SENT, (long) count);
      assertThat(num(r, ProbeSchema.LOSS_PERCENT))
          .as(who)
          .isBetween(LOSS_PERCENT - 4.5 * sd, LOSS_PERCENT + 4.5 * sd);
      assertThat(num(r, ProbeSchema.RTT_MIN_MS)).as(who).isGreaterThanOrEqualTo(DELAY_MS);
      assertThat(num(r, ProbeSchema.RTT_AVG_MS))
          .as(who)
          .isGreaterThanOrEqualTo(DELAY_MS)
          .isLessThan(DELAY_MS + RTT_MARGIN_MS);
      assertThat(num(r, ProbeSchema.DURATION_MS)).as(who).isLessThan(timeout.toMillis());
    }
    double lossGap =
        Math.abs(num(datagram, ProbeSchema.LOSS_PERCENT) - num(byFping, ProbeSchema.LOSS_PERCENT));
    assertThat(lossGap).as("the two ways' loss").isLessThan(4.5 * Math.sqrt(2) * sd);
    double rttGap =
        Math.abs(num(datagram, ProbeSchema.RTT_AVG_MS) - num(byFping, ProbeSchema.RTT_AVG_MS));
    assertThat(rttGap).as("the two ways' average round trip").isLessThan(RTT_MARGIN_MS / 2);
  }

  @Test
  void anAddressThatNeverAnswersIsATimeoutWithinTheTimeout() {
    Duration timeout = Duration.ofSeconds(2);
    ProbeResult datagram = runDatagram(IcmpNetns.BLACK_HOLE_IP, 3, timeout, Duration.ofMillis(200));
    ProbeResult byFping = runFping(IcmpNetns.BLACK_HOLE_IP, 3, timeout, Duration.ofMillis(200));
    for (ProbeResult r : List.of(datagram, byFping)) {
      System.out.println("black hole: " + r);
      assertThat(r.up()).isFalse();
      assertThat(r.failure()).isEqualTo(FailureKind.TIMEOUT);
      assertThat(r.reason()).startsWith("no echo reply from 10.231.0.99 to 3 requests");
      assertThat(r.fields())
          .containsEntry(ProbeSchema.SENT, 3L)
          .containsEntry(ProbeSchema.RECEIVED, 0L)
          .containsEntry(ProbeSchema.LOSS_PERCENT, 100.0)
          .doesNotContainKeys(
              ProbeSchema.RTT_MIN_MS, ProbeSchema.RTT_AVG_MS, ProbeSchema.RTT_MAX_MS);
      assertThat(num(r, ProbeSchema.DURATION_MS)).isLessThanOrEqualTo(timeout.toMillis());
    }
  }

  @Test
  void aNameThatDoesNotResolveIsANameResolutionFailure() {
    ProbeResult datagram =
        runDatagram("no-such-host.invalid", 3, Duration.ofSeconds(5), Duration.ofMillis(100));
    ProbeResult byFping =
        runFping("no-such-host.invalid", 3, Duration.ofSeconds(5), Duration.ofMillis(100));
    for (ProbeResult r : List.of(datagram, byFping)) {
      System.out.println("unresolved: " + r);
      assertThat(r.failure()).isEqualTo(FailureKind.NAME_RESOLUTION);
      assertThat(r.reason()).contains("no-such-host.invalid");
      assertThat(r.fields())
          .containsKey(ProbeSchema.DURATION_MS)
          .doesNotContainKey(ProbeSchema.SENT);
    }
  }

  @Test
  void ipv6LoopbackBothWays() {
    ProbeResult datagram = runDatagram("::1", 5, Duration.ofSeconds(5), Duration.ofMillis(20));
    ProbeResult byFping = runFping("::1", 5, Duration.ofSeconds(5), Duration.ofMillis(20));
    System.out.println("::1 datagram " + datagram.fields() + ", fping " + byFping.fields());
    assertHealthyLoopback(datagram, 5);
    assertHealthyLoopback(byFping, 5);
  }

  @Test
  void aThousandRunsInFlightShareTheOneDatagramThread() {
    int runs = 1_000;
    IcmpProber[] prober = new IcmpProber[1];
    long start = System.nanoTime();
    List<CompletableFuture<ProbeResult>> all =
        inClient(
            p -> {
              prober[0] = p;
              List<CompletableFuture<ProbeResult>> started = new java.util.ArrayList<>();
              // Started over one second, as the scheduler's jitter spreads them: all 1,000 are in
              // flight at once for about 3 s, sending about 1,000 requests a second in all.
              for (int i = 0; i < runs; i++) {
                started.add(
                    p.run(probe("127.0.0.1", 5, Duration.ofSeconds(10))).toCompletableFuture());
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
              }
              return started;
            },
            Duration.ofSeconds(1));
    try {
      long icmpThreads =
          Thread.getAllStackTraces().keySet().stream()
              .filter(t -> t.getName().equals("vigie-icmp"))
              .count();
      List<ProbeResult> results = all.stream().map(IcmpProberIT::await).toList();
      double seconds = (System.nanoTime() - start) / 1e9;
      double worstAvg =
          results.stream().mapToDouble(r -> num(r, ProbeSchema.RTT_AVG_MS)).max().orElseThrow();
      System.out.printf(
          "%d runs of 5 requests 1 s apart: %.2f s in all, worst average round trip %.3f ms%n",
          runs, seconds, worstAvg);
      assertThat(icmpThreads).isEqualTo(1);
      // Round trips on a loaded machine say how busy its kernel is (ksoftirqd), not whether the
      // prober works: printed, not judged. Judged: one thread, nothing lost, every run ended
      // after its last request's reply (4 s) and well before its bound (4 s + 2 s of wait).
      assertThat(results)
          .allSatisfy(
              r -> {
                assertThat(r.fields())
                    .as("%s", r)
                    .containsEntry(ProbeSchema.SENT, 5L)
                    .containsEntry(ProbeSchema.RECEIVED, 5L);
                assertThat(num(r, ProbeSchema.DURATION_MS)).as("%s", r).isLessThan(5_000.0);
              });
      assertThat(seconds).isLessThan(15.0);
    } finally {
      prober[0].close();
    }
  }
}
