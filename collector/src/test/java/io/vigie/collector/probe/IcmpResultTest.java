package io.vigie.collector.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.model.poll.FailureKind;
import io.vigie.model.schema.ProbeSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

/** fping's output read, and an outcome turned into the probe's point: no network. */
class IcmpResultTest {

  @Test
  void fpingsPerRequestTimesAreRead() {
    Ping.Outcome o =
        FpingPing.parse(
            "10.0.0.1",
            5,
            0,
            "ICMP Host Unreachable from 10.0.0.254 for ICMP Echo sent to 10.0.0.1\n"
                + "10.0.0.1 : 0.04 - 12.5 - 0.06\n");
    assertThat(o.unresolved()).isFalse();
    assertThat(o.sent()).isEqualTo(5);
    assertThat(o.rttsMs()).containsExactly(0.04, 12.5, 0.06);
    assertThat(o.error()).isNull();
  }

  @Test
  void anIpv6ResultLineIsReadToo() {
    Ping.Outcome o = FpingPing.parse("::1", 2, 0, "::1       : 0.075 0.030\n");
    assertThat(o.rttsMs()).containsExactly(0.075, 0.030);
  }

  @Test
  void exitTwoWithoutAResultIsAnUnresolvedName() {
    Ping.Outcome o =
        FpingPing.parse("nope.invalid", 3, 2, "nope.invalid: Name or service not known\n");
    assertThat(o.unresolved()).isTrue();
    assertThat(o.error()).isEqualTo("nope.invalid: Name or service not known");
  }

  @Test
  void anythingElseWithoutAResultSaysWhatFpingSaid() {
    Ping.Outcome o = FpingPing.parse("h", 3, 4, "fping: can't create socket (must run as root?)\n");
    assertThat(o.unresolved()).isFalse();
    assertThat(o.sent()).isZero();
    assertThat(o.error()).contains("exited with 4").contains("must run as root");
    assertThat(IcmpProber.result("h", 3, o, System.nanoTime()).failure())
        .isEqualTo(FailureKind.INTERNAL);
  }

  @Test
  void partialLossIsUpWithItsLossAndRoundTrips() {
    ProbeResult r =
        IcmpProber.result(
            "h", 4, new Ping.Outcome(false, null, 4, List.of(1.0, 3.0, 2.0)), System.nanoTime());
    assertThat(r.up()).isTrue();
    assertThat(r.fields())
        .containsEntry(ProbeSchema.SENT, 4L)
        .containsEntry(ProbeSchema.RECEIVED, 3L)
        .containsEntry(ProbeSchema.LOSS_PERCENT, 25.0)
        .containsEntry(ProbeSchema.RTT_MIN_MS, 1.0)
        .containsEntry(ProbeSchema.RTT_AVG_MS, 2.0)
        .containsEntry(ProbeSchema.RTT_MAX_MS, 3.0)
        .containsKey(ProbeSchema.DURATION_MS);
  }

  @Test
  void noReplyAtAllIsATimeoutWithoutRoundTrips() {
    ProbeResult r =
        IcmpProber.result(
            "10.0.0.9",
            5,
            new Ping.Outcome(false, "Network is unreachable", 5, List.of()),
            System.nanoTime());
    assertThat(r.failure()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(r.reason())
        .isEqualTo("no echo reply from 10.0.0.9 to 5 requests (Network is unreachable)");
    assertThat(r.fields())
        .containsEntry(ProbeSchema.LOSS_PERCENT, 100.0)
        .doesNotContainKeys(ProbeSchema.RTT_MIN_MS, ProbeSchema.RTT_AVG_MS, ProbeSchema.RTT_MAX_MS);
  }

  @Test
  void aCountOutOfRangeIsRefusedWithoutSendingAnything() {
    IcmpProber prober =
        new IcmpProber(new FpingPing("/nonexistent/fping"), java.time.Duration.ofMillis(10));
    io.vigie.model.probe.Probe probe =
        new io.vigie.model.probe.Probe(
            "p",
            java.time.Duration.ofSeconds(30),
            java.time.Duration.ofSeconds(5),
            new io.vigie.model.probe.ProbeSpec.Icmp("h", 1_001));
    ProbeResult r = prober.run(probe).toCompletableFuture().join();
    assertThat(r.failure()).isEqualTo(FailureKind.INTERNAL);
    assertThat(r.reason()).contains("count 1001 is not between 1 and 1000");
  }

  @Test
  void addressesAreToldFromNames() {
    assertThat(DatagramPing.isAddress("10.1.2.3")).isTrue();
    assertThat(DatagramPing.isAddress("::1")).isTrue();
    assertThat(DatagramPing.isAddress("router.example")).isFalse();
    assertThat(DatagramPing.isAddress("")).isFalse();
  }
}
