package io.vigie.collector.probe;

import io.vigie.model.poll.FailureKind;
import io.vigie.model.probe.Probe;
import io.vigie.model.probe.ProbeSpec;
import java.io.IOException;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousSocketChannel;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@code tcp} probes: resolves the host (on a small resolver pool: the JDK has no asynchronous
 * resolver), connects with an {@link AsynchronousSocketChannel}, optionally writes {@code send},
 * then reads until the text received matches {@code expect}. No thread waits on the network: a
 * black-holed address is a pending connect on the shared channel group, ended by a timer at the
 * probe's timeout.
 *
 * <p>Fields: {@code dns_ms} (only when the host is a name), {@code connect_ms}, {@code
 * first_byte_ms} (from the connection, or the end of {@code send}, to the first byte received; only
 * with {@code expect}), {@code duration_ms}. An answer that does not match is judged once the
 * server closes the connection, sends {@value #MAX_RECEIVED} bytes, stays quiet for {@link
 * #QUIET_MS} ms after its last bytes, or the timeout comes: {@link FailureKind#BANNER_MISMATCH},
 * with what was received in the reason.
 */
public final class TcpProber implements Prober {
  /** The most the probe reads while waiting for {@code expect} to match. */
  static final int MAX_RECEIVED = 4096;

  /** How long the server may stay silent after sending something that does not match yet. */
  static final long QUIET_MS = 1_000;

  /** How much of the received text a reason quotes. */
  static final int REASON_CHARS = 200;

  private final AsynchronousChannelGroup group;
  private final ExecutorService resolver;
  private final ScheduledExecutorService timer;

  /** A prober with its own I/O thread, resolver threads (2) and timer thread, all daemons. */
  public TcpProber() throws IOException {
    this.group = AsynchronousChannelGroup.withFixedThreadPool(1, daemons("vigie-tcp-io"));
    this.resolver = Executors.newFixedThreadPool(2, daemons("vigie-tcp-resolver"));
    this.timer = Executors.newSingleThreadScheduledExecutor(daemons("vigie-tcp-timer"));
  }

  static ThreadFactory daemons(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public CompletionStage<ProbeResult> run(Probe probe) {
    if (!(probe.spec() instanceof ProbeSpec.Tcp spec)) {
      return Probers.now(
          ProbeResult.failed(
              FailureKind.INTERNAL, "not a tcp probe: " + probe.type().code(), Map.of()));
    }
    TcpRun run = new TcpRun(spec, probe.timeout().toMillis(), group, resolver, timer);
    try {
      run.start();
    } catch (RuntimeException e) {
      run.finish(FailureKind.INTERNAL, "tcp probe failed: " + e);
    }
    return run.result;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    resolver.shutdownNow();
    try {
      group.shutdownNow();
    } catch (IOException e) {
      // the channels are closing anyway
    }
  }

  static double millisSince(long startNanos) {
    return Math.round((System.nanoTime() - startNanos) / 1_000.0) / 1_000.0;
  }

  /** {@code text} with line ends and other control characters escaped, cut to {@code max}. */
  static String escape(String text, int max) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < max; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\r' -> out.append("\\r");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.length() >= max || text.length() > max
        ? out.substring(0, max) + "…"
        : out.toString();
  }
}
