package io.vigie.collector.probe;

import io.vigie.model.poll.FailureKind;
import io.vigie.model.probe.Probe;
import io.vigie.model.probe.ProbeSpec;
import io.vigie.model.schema.ProbeSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.InterruptedByTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

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

  private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9a-fA-F:.%]+]?");

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
    Run run = new Run(spec, probe.timeout().toMillis());
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

  /** One run: its state moves forward from resolving to connecting, sending and reading. */
  private final class Run {
    final CompletableFuture<ProbeResult> result = new CompletableFuture<>();
    private final ProbeSpec.Tcp spec;
    private final long timeoutMs;
    private final long start = System.nanoTime();
    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private volatile String phase;
    private @Nullable AsynchronousSocketChannel channel;
    private @Nullable ScheduledFuture<?> deadline;
    private long readStart;
    private boolean finished;

    Run(ProbeSpec.Tcp spec, long timeoutMs) {
      this.spec = spec;
      this.timeoutMs = timeoutMs;
      this.phase = "resolving " + spec.host();
    }

    private String where() {
      return spec.host() + ":" + spec.port();
    }

    void start() {
      deadline = timer.schedule(this::timedOut, timeoutMs, TimeUnit.MILLISECONDS);
      String host = spec.host();
      if (IP_LITERAL.matcher(host).matches()) {
        // A literal is parsed, not looked up.
        lookUpThenConnect(host);
        return;
      }
      long dnsStart = System.nanoTime();
      resolver.execute(
          () -> {
            if (!result.isDone()) {
              lookUpThenConnect(host, dnsStart);
            }
          });
    }

    private void lookUpThenConnect(String host) {
      lookUpThenConnect(host, -1);
    }

    private void lookUpThenConnect(String host, long dnsStart) {
      InetAddress address = null;
      RuntimeException error = null;
      try {
        address = lookUp(host);
      } catch (RuntimeException e) {
        error = e;
      }
      if (dnsStart >= 0) {
        put(ProbeSchema.DNS_MS, millisSince(dnsStart));
      }
      resolved(address, error);
    }

    private InetAddress lookUp(String host) {
      try {
        return InetAddress.getByName(
            host.startsWith("[") && host.endsWith("]")
                ? host.substring(1, host.length() - 1)
                : host);
      } catch (UnknownHostException e) {
        throw new CompletionException(e);
      }
    }

    private void resolved(@Nullable InetAddress address, @Nullable Throwable error) {
      if (result.isDone()) {
        return;
      }
      if (error != null || address == null) {
        Throwable cause = error instanceof CompletionException c ? c.getCause() : error;
        if (cause instanceof UnknownHostException) {
          finish(FailureKind.NAME_RESOLUTION, "the host name " + spec.host() + " does not resolve");
        } else {
          finish(FailureKind.INTERNAL, "resolving " + spec.host() + " failed: " + cause);
        }
        return;
      }
      phase = "connecting to " + address.getHostAddress() + ":" + spec.port();
      long connectStart = System.nanoTime();
      AsynchronousSocketChannel opened;
      try {
        opened = AsynchronousSocketChannel.open(group);
      } catch (IOException e) {
        finish(FailureKind.INTERNAL, "cannot open a socket: " + e.getMessage());
        return;
      }
      synchronized (this) {
        channel = opened;
      }
      if (result.isDone()) {
        closeChannel();
        return;
      }
      opened.connect(
          new InetSocketAddress(address, spec.port()),
          null,
          handler(
              ignored -> {
                put(ProbeSchema.CONNECT_MS, millisSince(connectStart));
                connected(opened);
              },
              this::connectFailed));
    }

    private void connectFailed(Throwable e) {
      if (e instanceof ConnectException
          && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("refused")) {
        finish(FailureKind.REFUSED, where() + " refused the connection (nothing listens)");
      } else if (e instanceof IOException) {
        finish(FailureKind.CONNECTION, "cannot connect to " + where() + ": " + e.getMessage());
      } else {
        finish(FailureKind.INTERNAL, "connecting to " + where() + " failed: " + e);
      }
    }

    private void connected(AsynchronousSocketChannel opened) {
      String send = spec.send();
      if (send != null) {
        phase = "sending to " + where();
        write(opened, ByteBuffer.wrap(send.getBytes(StandardCharsets.UTF_8)));
      } else {
        afterSend(opened);
      }
    }

    private void write(AsynchronousSocketChannel opened, ByteBuffer buffer) {
      opened.write(
          buffer,
          null,
          handler(
              written -> {
                if (buffer.hasRemaining()) {
                  write(opened, buffer);
                } else {
                  afterSend(opened);
                }
              },
              e -> lost(e, "sending to")));
    }

    private void afterSend(AsynchronousSocketChannel opened) {
      if (spec.expect() == null) {
        finishUp();
        return;
      }
      phase = "waiting for " + where() + " to answer";
      readStart = System.nanoTime();
      read(opened, ByteBuffer.allocate(MAX_RECEIVED));
    }

    private void read(AsynchronousSocketChannel opened, ByteBuffer buffer) {
      // Nothing received yet: wait for the deadline; something that does not match yet: for a
      // pause of QUIET_MS at most.
      long wait = received.size() == 0 ? 0 : QUIET_MS; // 0: no timeout of its own
      opened.read(
          buffer,
          wait,
          TimeUnit.MILLISECONDS,
          null,
          handler(
              count -> {
                if (count < 0) {
                  mismatch("the connection was closed after ");
                  return;
                }
                if (received.size() == 0 && count > 0) {
                  put(ProbeSchema.FIRST_BYTE_MS, millisSince(readStart));
                }
                buffer.flip();
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                received.write(chunk, 0, chunk.length);
                buffer.clear();
                Pattern expect = spec.expect();
                if (expect != null && expect.matcher(text()).find()) {
                  finishUp();
                } else if (received.size() >= MAX_RECEIVED) {
                  mismatch("the first " + MAX_RECEIVED + " bytes ");
                } else {
                  buffer.limit(MAX_RECEIVED - received.size());
                  read(opened, buffer);
                }
              },
              e -> {
                if (e instanceof InterruptedByTimeoutException) {
                  mismatch("the server went quiet after ");
                } else {
                  lost(e, "reading from");
                }
              }));
    }

    private String text() {
      return received.toString(StandardCharsets.UTF_8);
    }

    private void mismatch(String how) {
      Pattern expect = spec.expect();
      String got =
          received.size() == 0
              ? "nothing"
              : "\"" + escape(text(), REASON_CHARS) + "\" (" + received.size() + " bytes)";
      finish(
          FailureKind.BANNER_MISMATCH,
          where()
              + ": "
              + how
              + "sending "
              + got
              + ", which does not match /"
              + (expect == null ? "" : expect.pattern())
              + "/");
    }

    private void lost(Throwable e, String doing) {
      if (e instanceof AsynchronousCloseException) {
        return; // closed by the timeout, which has said why
      }
      finish(
          e instanceof IOException ? FailureKind.CONNECTION_LOST : FailureKind.INTERNAL,
          doing + " " + where() + " failed: " + e.getMessage());
    }

    private void timedOut() {
      if (received.size() > 0 && spec.expect() != null) {
        mismatch("the timeout came after ");
        return;
      }
      finish(
          FailureKind.TIMEOUT,
          "no answer within " + timeoutMs + " ms from " + where() + " while " + phase);
    }

    private synchronized void put(String field, Object value) {
      fields.put(field, value);
    }

    private void finishUp() {
      complete(null, "");
    }

    void finish(FailureKind failure, String reason) {
      complete(failure, reason);
    }

    private void complete(@Nullable FailureKind failure, String reason) {
      ProbeResult done;
      synchronized (this) {
        if (finished) {
          return;
        }
        finished = true;
        fields.put(ProbeSchema.DURATION_MS, millisSince(start));
        done =
            failure == null ? ProbeResult.up(fields) : ProbeResult.failed(failure, reason, fields);
      }
      ScheduledFuture<?> timeout = deadline;
      if (timeout != null) {
        timeout.cancel(false);
      }
      closeChannel();
      result.complete(done);
    }

    private void closeChannel() {
      AsynchronousSocketChannel open;
      synchronized (this) {
        open = channel;
      }
      if (open != null) {
        try {
          open.close();
        } catch (IOException e) {
          // nothing more to do with it
        }
      }
    }
  }

  /** A completion handler from two lambdas that never throw out of the channel's thread. */
  private static <V> CompletionHandler<V, @Nullable Void> handler(
      java.util.function.Consumer<V> done, java.util.function.Consumer<Throwable> failed) {
    return new CompletionHandler<>() {
      @Override
      public void completed(V value, @Nullable Void attachment) {
        try {
          done.accept(value);
        } catch (RuntimeException e) {
          failed.accept(e);
        }
      }

      @Override
      public void failed(Throwable e, @Nullable Void attachment) {
        failed.accept(e);
      }
    };
  }
}
