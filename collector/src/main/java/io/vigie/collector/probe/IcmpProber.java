package io.vigie.collector.probe;

import io.vigie.model.poll.FailureKind;
import io.vigie.model.probe.Probe;
import io.vigie.model.probe.ProbeSpec;
import io.vigie.model.schema.ProbeSchema;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code icmp} probe: {@code count} echo requests, their loss and round trips. Java has no ICMP
 * socket; this prober uses Linux's unprivileged ICMP datagram socket through JNA where {@code
 * net.ipv4.ping_group_range} allows it ({@link DatagramPing}), and Debian's {@code fping} otherwise
 * ({@link FpingPing}); it chooses once, when built, and says which in one INFO line (decision
 * 0010).
 *
 * <p>A run sends its requests {@code period} apart (1 s unless told) and waits up to {@code min(2
 * s, timeout / 2)} for each reply; the period shrinks when the requests would not fit in the
 * probe's timeout. Partial loss is not a failure: the probe is up and {@code loss_percent} is for
 * thresholds to judge. No reply at all is {@link FailureKind#TIMEOUT}; a name that does not resolve
 * is {@link FailureKind#NAME_RESOLUTION}.
 */
public final class IcmpProber implements Prober {
  private static final Logger LOG = LoggerFactory.getLogger(IcmpProber.class);
  private static final Duration DEFAULT_PERIOD = Duration.ofSeconds(1);
  private static final long MAX_WAIT_MS = 2_000;
  private static final long MIN_PERIOD_MS = 10;
  private static final long SAFETY_MS = 100;

  /**
   * Requests per run at most: sequence numbers are 16 bits, and fping's answer for a run must fit
   * in its pipe (read once it has exited).
   */
  static final int MAX_COUNT = 1_000;

  private final Ping ping;
  private final long periodMs;

  /** Chooses the datagram socket where allowed, fping otherwise; requests 1 s apart. */
  public IcmpProber() {
    this(DEFAULT_PERIOD);
  }

  /**
   * Chooses the datagram socket where allowed, fping otherwise.
   *
   * @param period the time between one run's requests (shortened to fit the probe's timeout)
   */
  public IcmpProber(Duration period) {
    this(choose(), period);
    LOG.info("ICMP probes use {}", describe(ping));
  }

  /** With the given way of pinging: {@link #datagram} or {@link #fping} (tests). */
  IcmpProber(Ping ping, Duration period) {
    this.ping = ping;
    this.periodMs = Math.max(MIN_PERIOD_MS, period.toMillis());
  }

  /** The datagram-socket prober; throws {@link IllegalStateException} saying why it cannot be. */
  static IcmpProber datagram(Duration period) {
    return new IcmpProber(DatagramPing.open(), period);
  }

  /** The fping prober; throws {@link IllegalStateException} when fping is not installed. */
  static IcmpProber fping(Duration period) {
    return new IcmpProber(
        FpingPing.find().orElseThrow(() -> new IllegalStateException("fping is not installed")),
        period);
  }

  /** {@code datagram} or {@code fping}, or {@code none}. */
  public String mechanism() {
    return ping.name();
  }

  private static Ping choose() {
    String whyNotDatagram;
    try {
      return DatagramPing.open();
    } catch (IllegalStateException e) {
      whyNotDatagram = String.valueOf(e.getMessage());
    }
    Optional<FpingPing> fping = FpingPing.find();
    if (fping.isPresent()) {
      LOG.debug("ICMP: no datagram socket: {}", whyNotDatagram);
      return new WithReason(fping.get(), whyNotDatagram);
    }
    String why =
        "no way to send ICMP: "
            + whyNotDatagram
            + ", and fping is not installed (Debian package fping)";
    LOG.warn("ICMP probes cannot run: {}", why);
    return new Unavailable(why);
  }

  private static String describe(Ping ping) {
    if (ping instanceof WithReason w) {
      return "fping ("
          + ((FpingPing) w.delegate).executable()
          + "): no unprivileged ICMP datagram socket, "
          + w.reason;
    }
    if (ping instanceof Unavailable u) {
      return "nothing: " + u.reason;
    }
    return "unprivileged ICMP datagram sockets (net.ipv4.ping_group_range "
        + DatagramPing.pingGroupRange()
        + ")";
  }

  @Override
  public CompletionStage<ProbeResult> run(Probe probe) {
    if (!(probe.spec() instanceof ProbeSpec.Icmp spec)) {
      return CompletableFuture.completedFuture(
          ProbeResult.failed(
              FailureKind.INTERNAL,
              "the icmp prober was given a " + probe.type().code() + " probe",
              Map.of()));
    }
    int count = spec.count();
    if (count < 1 || count > MAX_COUNT) {
      return CompletableFuture.completedFuture(
          ProbeResult.failed(
              FailureKind.INTERNAL,
              "icmp " + spec.host() + ": count " + count + " is not between 1 and " + MAX_COUNT,
              Map.of()));
    }
    long timeoutMs = Math.max(2 * MIN_PERIOD_MS, probe.timeout().toMillis() - SAFETY_MS);
    long waitMs = Math.min(MAX_WAIT_MS, timeoutMs / 2);
    long period =
        count == 1
            ? periodMs
            : Math.max(MIN_PERIOD_MS, Math.min(periodMs, (timeoutMs - waitMs) / (count - 1)));
    long start = System.nanoTime();
    return ping.ping(spec.host(), count, period, waitMs)
        .thenApply(outcome -> result(spec.host(), count, outcome, start))
        .exceptionally(
            e ->
                ProbeResult.failed(
                    FailureKind.INTERNAL,
                    "icmp " + spec.host() + ": " + e,
                    Map.of(ProbeSchema.DURATION_MS, elapsedMs(start))));
  }

  static ProbeResult result(String host, int count, Ping.Outcome outcome, long startNanos) {
    Map<String, Object> fields = new LinkedHashMap<>();
    if (outcome.unresolved()) {
      fields.put(ProbeSchema.DURATION_MS, elapsedMs(startNanos));
      return ProbeResult.failed(
          FailureKind.NAME_RESOLUTION, String.valueOf(outcome.error()), fields);
    }
    int sent = outcome.sent();
    List<Double> rtts = outcome.rttsMs();
    int received = rtts.size();
    if (sent == 0) {
      fields.put(ProbeSchema.DURATION_MS, elapsedMs(startNanos));
      return ProbeResult.failed(
          FailureKind.INTERNAL, "icmp " + host + ": " + outcome.error(), fields);
    }
    fields.put(ProbeSchema.SENT, (long) sent);
    fields.put(ProbeSchema.RECEIVED, (long) received);
    fields.put(ProbeSchema.LOSS_PERCENT, 100.0 * (sent - received) / sent);
    if (received > 0) {
      double min = Double.MAX_VALUE;
      double max = 0;
      double sum = 0;
      for (double rtt : rtts) {
        min = Math.min(min, rtt);
        max = Math.max(max, rtt);
        sum += rtt;
      }
      fields.put(ProbeSchema.RTT_MIN_MS, min);
      fields.put(ProbeSchema.RTT_AVG_MS, sum / received);
      fields.put(ProbeSchema.RTT_MAX_MS, max);
    }
    fields.put(ProbeSchema.DURATION_MS, elapsedMs(startNanos));
    if (received == 0) {
      String reason =
          String.format(Locale.ROOT, "no echo reply from %s to %d requests", host, sent);
      if (outcome.error() != null) {
        reason += " (" + outcome.error() + ")";
      }
      return ProbeResult.failed(FailureKind.TIMEOUT, reason, fields);
    }
    return ProbeResult.up(fields);
  }

  private static double elapsedMs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }

  @Override
  public void close() {
    ping.close();
  }

  /** fping, and why the datagram socket could not be used. */
  private record WithReason(Ping delegate, String reason) implements Ping {
    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public CompletableFuture<Outcome> ping(String host, int count, long periodMs, long waitMs) {
      return delegate.ping(host, count, periodMs, waitMs);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  /** Neither way is possible: every run fails, saying why. */
  private record Unavailable(String reason) implements Ping {
    @Override
    public String name() {
      return "none";
    }

    @Override
    public CompletableFuture<Outcome> ping(String host, int count, long periodMs, long waitMs) {
      return CompletableFuture.completedFuture(Outcome.failed(reason));
    }
  }
}
