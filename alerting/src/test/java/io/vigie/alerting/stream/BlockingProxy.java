package io.vigie.alerting.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on loopback between InfluxDB and the service's receiver, that can cut the way: while
 * blocked, every connection is closed as soon as it is accepted, as a network cut or a receiver
 * down looks to InfluxDB's subscriber (it drops the write).
 */
final class BlockingProxy implements AutoCloseable {
  private final ServerSocket server;
  private final AtomicInteger refused = new AtomicInteger();
  private volatile int target;
  private volatile boolean blocked;
  private final java.util.Set<Socket> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

  BlockingProxy() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "blocking-proxy");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return server.getLocalPort();
  }

  void forwardTo(int port) {
    target = port;
  }

  /** Blocks (closing the connections open, kept alive by InfluxDB's client) or opens the way. */
  void block(boolean on) {
    blocked = on;
    if (on) {
      for (Socket s : open) {
        try {
          s.setSoLinger(true, 0);
          s.close();
        } catch (IOException e) {
          // already closed
        }
      }
      open.clear();
    }
  }

  /** Connections closed while blocked. */
  int refused() {
    return refused.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket in = server.accept();
        if (blocked || target == 0) {
          refused.incrementAndGet();
          in.setSoLinger(true, 0); // a reset, not an orderly close
          in.close();
          continue;
        }
        Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
        open.add(in);
        open.add(out);
        pipe(in, out);
        pipe(out, in);
      } catch (IOException e) {
        // closed, or one connection failed: the next is accepted
      }
    }
  }

  private static void pipe(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              try (InputStream i = from.getInputStream();
                  OutputStream o = to.getOutputStream()) {
                i.transferTo(o);
              } catch (IOException e) {
                // the other side closed
              } finally {
                try {
                  from.close();
                  to.close();
                } catch (IOException e) {
                  // already closed
                }
              }
            },
            "blocking-proxy-pipe");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
