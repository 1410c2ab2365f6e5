package io.vigie.collector.logs;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A syslog sender over TCP (RFC 5424, octet counting) of numbered lines ({@code line N}) at a set
 * rate, on a thread of its own, until stopped or the connection breaks: what a busy server's
 * rsyslog sends. {@link #written} counts the lines the kernel took (not those the receiver read).
 */
final class NumberedStream implements AutoCloseable {
  private final AtomicLong written = new AtomicLong();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final Thread thread;
  private volatile IOException broken;

  NumberedStream(int port, int perSecond, String app) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setTcpNoDelay(false);
    OutputStream out = socket.getOutputStream();
    long periodNanos = 1_000_000_000L / perSecond;
    thread =
        new Thread(
            () -> {
              long next = System.nanoTime();
              try (socket) {
                for (long n = 1; !stop.get(); n++) {
                  String msg = "<134>1 2026-11-30T12:00:00.000Z web-1 " + app + " - - - line " + n;
                  byte[] bytes = msg.getBytes(StandardCharsets.UTF_8);
                  out.write((bytes.length + " ").getBytes(StandardCharsets.US_ASCII));
                  out.write(bytes);
                  written.set(n);
                  next += periodNanos;
                  long wait = next - System.nanoTime();
                  if (wait > 0) {
                    LockSupport.parkNanos(wait);
                  }
                }
                out.flush();
              } catch (IOException e) {
                broken = e;
              }
            },
            "numbered-stream");
    thread.start();
  }

  long written() {
    return written.get();
  }

  /** Why the stream ended early, or null. */
  IOException broken() {
    return broken;
  }

  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    thread.join(10_000);
  }
}
