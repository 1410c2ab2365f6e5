package io.vigie.collector.probe;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** One way of sending ICMP echo requests: {@link DatagramPing} or {@link FpingPing}. */
interface Ping extends AutoCloseable {

  /** The mechanism, for the log line at start and for tests: {@code datagram} or {@code fping}. */
  String name();

  /**
   * Sends {@code count} echo requests to {@code host}, {@code periodMs} apart, each answered within
   * {@code waitMs} or lost. Completes within {@code (count - 1) * periodMs + waitMs} plus the name
   * resolution; never exceptionally for what the network does.
   */
  CompletableFuture<Outcome> ping(String host, int count, long periodMs, long waitMs);

  @Override
  default void close() {}

  /**
   * What came back.
   *
   * @param unresolved the host name does not resolve (then nothing was sent)
   * @param error why requests could not be sent (a send error, fping's complaint), or null
   * @param sent echo requests sent (tried)
   * @param rttsMs the round trips of the replies received, in ms, in request order
   */
  record Outcome(boolean unresolved, @Nullable String error, int sent, List<Double> rttsMs) {
    public Outcome {
      rttsMs = List.copyOf(rttsMs);
    }

    static Outcome unresolved(String why) {
      return new Outcome(true, why, 0, List.of());
    }

    static Outcome failed(String why) {
      return new Outcome(false, why, 0, List.of());
    }
  }
}
