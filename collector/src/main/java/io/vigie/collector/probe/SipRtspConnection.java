package io.vigie.collector.probe;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * One TCP connection of a SIP or RTSP probe on an {@link AsynchronousSocketChannel}: every wait is
 * a pending completion, none holds a thread. The probe bounds it by closing it at its deadline,
 * which fails whatever is pending.
 */
final class SipRtspConnection implements AutoCloseable {
  private final AsynchronousSocketChannel channel;
  private byte[] received = new byte[8192];
  private int size;
  private long firstByteNanos;

  private SipRtspConnection(AsynchronousSocketChannel channel) {
    this.channel = channel;
  }

  /** The channel group of a prober: one daemon thread runs the completions, which never block. */
  static AsynchronousChannelGroup group(String name) {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory threads =
        r -> {
          Thread t = new Thread(r, name + "-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    try {
      return AsynchronousChannelGroup.withFixedThreadPool(1, threads);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the " + name + " channel group", e);
    }
  }

  /**
   * Connects to {@code address}; {@code opened} receives the channel at once, so that a deadline
   * can close it while it connects.
   */
  static CompletableFuture<SipRtspConnection> connect(
      AsynchronousChannelGroup group,
      InetSocketAddress address,
      java.util.function.Consumer<AutoCloseable> opened) {
    CompletableFuture<SipRtspConnection> result = new CompletableFuture<>();
    AsynchronousSocketChannel channel;
    try {
      channel = AsynchronousSocketChannel.open(group);
    } catch (IOException e) {
      result.completeExceptionally(e);
      return result;
    }
    SipRtspConnection connection = new SipRtspConnection(channel);
    opened.accept(connection);
    try {
      channel.connect(
          address,
          null,
          new CompletionHandler<Void, @Nullable Void>() {
            @Override
            public void completed(Void v, @Nullable Void a) {
              result.complete(connection);
            }

            @Override
            public void failed(Throwable e, @Nullable Void a) {
              connection.close();
              result.completeExceptionally(e);
            }
          });
    } catch (RuntimeException e) {
      connection.close();
      result.completeExceptionally(e);
    }
    return result;
  }

  @Nullable InetSocketAddress localAddress() {
    try {
      return (InetSocketAddress) channel.getLocalAddress();
    } catch (IOException e) {
      return null;
    }
  }

  /** Writes all of {@code data}. */
  CompletableFuture<Void> write(byte[] data) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    ByteBuffer buffer = ByteBuffer.wrap(data);
    writeRest(buffer, result);
    return result;
  }

  private void writeRest(ByteBuffer buffer, CompletableFuture<Void> result) {
    try {
      channel.write(
          buffer,
          null,
          new CompletionHandler<Integer, @Nullable Void>() {
            @Override
            public void completed(Integer n, @Nullable Void a) {
              if (buffer.hasRemaining()) {
                writeRest(buffer, result);
              } else {
                result.complete(null);
              }
            }

            @Override
            public void failed(Throwable e, @Nullable Void a) {
              result.completeExceptionally(e);
            }
          });
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
  }

  /** Reads the next whole response (bytes after it are kept for the next one). */
  CompletableFuture<SipRtspMessages.Response> read() {
    CompletableFuture<SipRtspMessages.Response> result = new CompletableFuture<>();
    firstByteNanos = size > 0 ? System.nanoTime() : 0;
    readMore(result);
    return result;
  }

  /** When the first byte of the last response read arrived ({@link System#nanoTime()}). */
  long firstByteNanos() {
    return firstByteNanos;
  }

  private void readMore(CompletableFuture<SipRtspMessages.Response> result) {
    try {
      SipRtspMessages.Response response = SipRtspMessages.parse(received, size, false);
      if (response != null) {
        System.arraycopy(received, response.length(), received, 0, size - response.length());
        size -= response.length();
        result.complete(response);
        return;
      }
    } catch (SipRtspMessages.Malformed e) {
      result.completeExceptionally(e);
      return;
    }
    if (size == received.length) {
      received = Arrays.copyOf(received, received.length * 2);
    }
    ByteBuffer buffer = ByteBuffer.wrap(received, size, received.length - size);
    try {
      channel.read(
          buffer,
          null,
          new CompletionHandler<Integer, @Nullable Void>() {
            @Override
            public void completed(Integer n, @Nullable Void a) {
              if (n < 0) {
                result.completeExceptionally(
                    new EOFException("the server closed the connection before answering"));
                return;
              }
              if (firstByteNanos == 0 && n > 0) {
                firstByteNanos = System.nanoTime();
              }
              size += n;
              readMore(result);
            }

            @Override
            public void failed(Throwable e, @Nullable Void a) {
              result.completeExceptionally(e);
            }
          });
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // closing: nothing left to do with it
    }
  }
}
