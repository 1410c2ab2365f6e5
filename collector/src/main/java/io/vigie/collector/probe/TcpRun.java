package io.vigie.collector.probe;

import io.vigie.model.poll.FailureKind;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One run of a {@link TcpProber} probe: its state moves forward from resolving to connecting,
 * sending and reading the banner until {@code expect} matches, on the prober's channel group,
 * resolver and timer.
 */
final class TcpRun {
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9a-fA-F:.%]+]?");

  final CompletableFuture<ProbeResult> result = new CompletableFuture<>();
  private final ProbeSpec.Tcp spec;
  private final AsynchronousChannelGroup group;
  private final ExecutorService resolver;
  private final ScheduledExecutorService timer;
  private final long timeoutMs;
  private final long start = System.nanoTime();
  private final Map<String, Object> fields = new LinkedHashMap<>();
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private volatile String phase;
  private @Nullable AsynchronousSocketChannel channel;
  private @Nullable ScheduledFuture<?> deadline;
  private long readStart;
  private boolean finished;

  TcpRun(
      ProbeSpec.Tcp spec,
      long timeoutMs,
      AsynchronousChannelGroup group,
      ExecutorService resolver,
      ScheduledExecutorService timer) {
    this.spec = spec;
    this.timeoutMs = timeoutMs;
    this.group = group;
    this.resolver = resolver;
    this.timer = timer;
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
      put(ProbeSchema.DNS_MS, TcpProber.millisSince(dnsStart));
    }
    resolved(address, error);
  }

  private InetAddress lookUp(String host) {
    try {
      return InetAddress.getByName(
          host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host);
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
              put(ProbeSchema.CONNECT_MS, TcpProber.millisSince(connectStart));
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
    read(opened, ByteBuffer.allocate(TcpProber.MAX_RECEIVED));
  }

  private void read(AsynchronousSocketChannel opened, ByteBuffer buffer) {
    // Nothing received yet: wait for the deadline; something that does not match yet: for a
    // pause of TcpProber.QUIET_MS at most.
    long wait = received.size() == 0 ? 0 : TcpProber.QUIET_MS; // 0: no timeout of its own
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
                put(ProbeSchema.FIRST_BYTE_MS, TcpProber.millisSince(readStart));
              }
              buffer.flip();
              byte[] chunk = new byte[buffer.remaining()];
              buffer.get(chunk);
              received.write(chunk, 0, chunk.length);
              buffer.clear();
              Pattern expect = spec.expect();
              if (expect != null && expect.matcher(text()).find()) {
                finishUp();
              } else if (received.size() >= TcpProber.MAX_RECEIVED) {
                mismatch("the first " + TcpProber.MAX_RECEIVED + " bytes ");
              } else {
                buffer.limit(TcpProber.MAX_RECEIVED - received.size());
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
            : "\""
                + TcpProber.escape(text(), TcpProber.REASON_CHARS)
                + "\" ("
                + received.size()
                + " bytes)";
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
      fields.put(ProbeSchema.DURATION_MS, TcpProber.millisSince(start));
      done = failure == null ? ProbeResult.up(fields) : ProbeResult.failed(failure, reason, fields);
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
