package io.vigie.collector.logs;

import io.vigie.collector.logs.Received.Transport;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for syslog over UDP (one datagram, one message) and TCP (RFC 6587, both framings: {@link
 * SyslogFrames}), on the JDK's blocking sockets: one thread for UDP, one per TCP connection, all
 * daemons (a NOC's senders are hundreds, not hundreds of thousands). Every message goes to the
 * handler as {@link Received}; the handler must not block for long (it hands the message on).
 */
public final class SyslogReceiver implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SyslogReceiver.class);

  /** The longest message kept (RFC 5425 asks receivers for 8 KiB at least); longer ones are cut. */
  public static final int DEFAULT_MAX_BYTES = 64 * 1024;

  /** The UDP socket's kernel buffer asked for: bursts wait there while the receiver catches up. */
  private static final int UDP_BUFFER_BYTES = 4 * 1024 * 1024;

  /** TCP connections at once; more are refused (and counted). */
  private static final int MAX_CONNECTIONS = 2048;

  private final Consumer<Received> handler;
  private final Clock clock;
  private final int maxBytes;
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong truncated = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong refusedHandshakes = new AtomicLong();
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private @Nullable DatagramChannel udp;
  private @Nullable ServerSocket tcp;
  private @Nullable ServerSocket tls;
  private volatile boolean closed;

  public SyslogReceiver(Consumer<Received> handler, Clock clock, int maxBytes) {
    this.handler = handler;
    this.clock = clock;
    this.maxBytes = maxBytes;
  }

  /** Listens for datagrams on {@code address} (port 0: any free port, see {@link #udpPort}). */
  public synchronized void listenUdp(InetSocketAddress address) throws IOException {
    DatagramChannel channel = DatagramChannel.open();
    channel.setOption(StandardSocketOptions.SO_RCVBUF, UDP_BUFFER_BYTES);
    channel.bind(address);
    udp = channel;
    start("vigie-syslog-udp", () -> receiveUdp(channel));
    LOG.info("syslog: UDP on {}", channel.getLocalAddress());
  }

  /**
   * Listens for TCP connections on {@code address} (port 0: any free port, see {@link #tcpPort}).
   */
  public synchronized void listenTcp(InetSocketAddress address) throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(address, 512);
    tcp = server;
    start("vigie-syslog-tcp", () -> accept(server, Transport.TCP));
    LOG.info("syslog: TCP on {}", server.getLocalSocketAddress());
  }

  /**
   * Listens for TLS connections (RFC 5425: octet counting; line feeds are accepted too) on {@code
   * address}. With {@code clientCertificates}, a client without a certificate from the context's
   * authorities is refused at the handshake and counted ({@link #refusedHandshakes}).
   */
  public synchronized void listenTls(
      InetSocketAddress address, SSLContext context, boolean clientCertificates)
      throws IOException {
    SSLServerSocket server =
        (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
    server.setNeedClientAuth(clientCertificates);
    server.setReuseAddress(true);
    server.bind(address, 512);
    tls = server;
    start("vigie-syslog-tls", () -> accept(server, Transport.TLS));
    LOG.info("syslog: TLS on {}", server.getLocalSocketAddress());
  }

  public int tlsPort() {
    ServerSocket server = tls;
    return server == null ? -1 : server.getLocalPort();
  }

  /** TLS connections refused: no or a wrong client certificate, or no TLS spoken at all. */
  public long refusedHandshakes() {
    return refusedHandshakes.get();
  }

  public int udpPort() throws IOException {
    DatagramChannel channel = udp;
    SocketAddress local = channel == null ? null : channel.getLocalAddress();
    return local instanceof InetSocketAddress a ? a.getPort() : -1;
  }

  public int tcpPort() {
    ServerSocket server = tcp;
    return server == null ? -1 : server.getLocalPort();
  }

  /** Messages handed on since start. */
  public long received() {
    return received.get();
  }

  /** Messages cut at the length limit. */
  public long truncated() {
    return truncated.get();
  }

  /**
   * Datagrams the kernel dropped on the UDP socket since it opened (its receive buffer was full):
   * the {@code drops} column of {@code /proc/net/udp} and {@code /proc/net/udp6} for the socket's
   * port; 0 without a UDP socket, -1 where the kernel does not say.
   */
  public long kernelDrops() throws IOException {
    int port = udpPort();
    if (port < 0) {
      return 0;
    }
    long drops = -1;
    String hexPort = String.format(java.util.Locale.ROOT, ":%04X", port);
    for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) {
      Path path = Path.of(table);
      if (!Files.isReadable(path)) {
        continue;
      }
      for (String line : Files.readAllLines(path)) {
        String[] f = line.trim().split("\\s+", -1);
        // sl local rem st queues tr retrnsmt uid timeout inode ref pointer drops
        if (f.length >= 13 && f[1].endsWith(hexPort)) {
          drops = Math.max(drops, 0) + Long.parseLong(f[12]);
        }
      }
    }
    return drops;
  }

  /** TCP connections refused: too many at once. */
  public long refusedConnections() {
    return refused.get();
  }

  private static void start(String name, Runnable loop) {
    Thread thread = new Thread(loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  private void receiveUdp(DatagramChannel channel) {
    // One byte more than kept: a datagram that fills it was longer than the limit.
    ByteBuffer buffer = ByteBuffer.allocate(Math.min(maxBytes, 65_507) + 1);
    while (!closed) {
      try {
        buffer.clear();
        SocketAddress from = channel.receive(buffer);
        buffer.flip();
        boolean cut = buffer.remaining() > maxBytes;
        int length = Math.min(buffer.remaining(), maxBytes);
        String text = new String(buffer.array(), 0, length, StandardCharsets.UTF_8);
        if (from instanceof InetSocketAddress sender) {
          deliver(new Received(clock.instant(), sender.getAddress(), Transport.UDP, text, cut));
        }
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("syslog: UDP receive failed: {}", e.toString());
        }
      }
    }
  }

  private void accept(ServerSocket server, Transport transport) {
    while (!closed) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("syslog: TCP accept failed: {}", e.toString());
        }
        continue;
      }
      if (connections.size() >= MAX_CONNECTIONS) {
        refused.incrementAndGet();
        closeQuietly(socket);
        continue;
      }
      connections.add(socket);
      start(
          "vigie-syslog-"
              + transport.name().toLowerCase(java.util.Locale.ROOT)
              + "-"
              + socket.getInetAddress().getHostAddress(),
          () -> serve(socket, transport));
    }
  }

  private void serve(Socket socket, Transport transport) {
    try (socket) {
      SyslogFrames frames =
          new SyslogFrames(new BufferedInputStream(socket.getInputStream(), 64 * 1024), maxBytes);
      for (SyslogFrames.Frame f = frames.next(); f != null; f = frames.next()) {
        deliver(
            new Received(
                clock.instant(), socket.getInetAddress(), transport, f.text(), f.truncated()));
      }
    } catch (SSLException e) { // a refused handshake, or a client that does not speak TLS
      refusedHandshakes.incrementAndGet();
      LOG.warn(
          "syslog: TLS handshake from {} refused: {}",
          socket.getInetAddress().getHostAddress(),
          e.getMessage() == null ? "" : e.getMessage().replaceAll("\\p{Cntrl}", " "));
    } catch (SocketException e) {
      // reset by the sender, or closed by close(): the messages before are delivered
    } catch (IOException e) {
      LOG.warn("syslog: TCP connection from {} failed: {}", socket.getInetAddress(), e.toString());
    } finally {
      connections.remove(socket);
    }
  }

  private void deliver(Received message) {
    received.incrementAndGet();
    if (message.truncated()) {
      truncated.incrementAndGet();
    }
    handler.accept(message);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    try {
      if (udp != null) {
        udp.close();
      }
      if (tcp != null) {
        tcp.close();
      }
      if (tls != null) {
        tls.close();
      }
    } catch (IOException e) {
      LOG.debug("syslog: closing: {}", e.toString());
    }
    connections.forEach(SyslogReceiver::closeQuietly);
  }
}
