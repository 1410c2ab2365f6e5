package io.vigie.collector.probe;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ICMP echo through Linux's unprivileged ICMP datagram sockets ({@code socket(AF_INET, SOCK_DGRAM,
 * IPPROTO_ICMP)}), allowed when the process's group is within {@code net.ipv4.ping_group_range}.
 * The kernel sets each socket's echo identifier and checksum and hands the socket only the replies
 * to its identifier; replies are matched by sequence number (and source address).
 *
 * <p>Each run has its own socket, opened on the calling thread (so it belongs to that thread's
 * network namespace), non-blocking. One thread, {@code vigie-icmp}, multiplexes every run in flight
 * with {@code poll()}: it sends each run's requests on time, reads replies as they come, and ends a
 * run when every request was answered or the last one's wait is over. A run therefore costs a file
 * descriptor and a few hundred bytes while it is in flight, never a thread: 2,000 probes every 30 s
 * of 5 requests 1 s apart keep about 300 sockets in flight, one {@code poll()} over them per event
 * (about 700 events a second), a small part of one core. Results are handed over on a two-thread
 * auxiliary pool, which also resolves host names (an address needs no resolution).
 */
final class DatagramPing implements Ping {
  private static final Logger LOG = LoggerFactory.getLogger(DatagramPing.class);
  private static final Path PING_GROUP_RANGE = Path.of("/proc/sys/net/ipv4/ping_group_range");
  private static final int ECHO_REQUEST = 8;
  private static final int ECHO_REPLY = 0;
  private static final int ECHO_REQUEST_V6 = 128;
  private static final int ECHO_REPLY_V6 = 129;
  private static final int HEADER = 8;
  private static final int PAYLOAD = 56;
  private static final int POLLFD_BYTES = 8;

  private final PingLibC libc;
  private final int wakeFd;
  private final Queue<Flight> incoming = new ConcurrentLinkedQueue<>();
  private final ExecutorService aux;
  private final Thread loop;
  private volatile boolean closed;

  /** For {@code SIOCGSTAMPNS}: used by the loop thread only. */
  private final byte[] stamp = new byte[16];

  private DatagramPing(PingLibC libc, int wakeFd) {
    this.libc = libc;
    this.wakeFd = wakeFd;
    AtomicInteger n = new AtomicInteger();
    this.aux =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "vigie-icmp-aux-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.loop = new Thread(this::loop, "vigie-icmp");
    loop.setDaemon(true);
    loop.start();
  }

  /**
   * A datagram pinger, if this process may open an ICMP datagram socket here.
   *
   * @throws IllegalStateException saying why not (the group range, no JNA, not Linux)
   */
  static DatagramPing open() {
    PingLibC libc;
    try {
      libc = PingLibC.load();
    } catch (LinkageError e) {
      throw new IllegalStateException("JNA cannot load libc: " + e.getMessage(), e);
    }
    try {
      int fd =
          libc.socket(
              PingLibC.AF_INET,
              PingLibC.SOCK_DGRAM | PingLibC.SOCK_NONBLOCK | PingLibC.SOCK_CLOEXEC,
              PingLibC.IPPROTO_ICMP);
      libc.close(fd);
    } catch (LastErrorException e) {
      if (e.getErrorCode() == PingLibC.EACCES || e.getErrorCode() == PingLibC.EPERM) {
        throw new IllegalStateException(
            "net.ipv4.ping_group_range is "
                + pingGroupRange()
                + ", which does not include this process's group",
            e);
      }
      throw new IllegalStateException(
          "socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP) failed: " + e.getMessage(), e);
    }
    int wakeFd;
    try {
      wakeFd = libc.eventfd(0, PingLibC.EFD_NONBLOCK | PingLibC.EFD_CLOEXEC);
    } catch (LastErrorException e) {
      throw new IllegalStateException("eventfd failed: " + e.getMessage(), e);
    }
    return new DatagramPing(libc, wakeFd);
  }

  /** The sysctl as the kernel prints it, for messages. */
  static String pingGroupRange() {
    // One read from offset 0: the kernel's integer sysctls answer nothing to a read at an offset,
    // so Files.readString, which reads one byte first when the size says 0, would see only "1".
    try (InputStream in = Files.newInputStream(PING_GROUP_RANGE)) {
      byte[] buf = new byte[256];
      int n = in.read(buf);
      String text = n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.US_ASCII);
      return "\"" + text.trim().replace('\t', ' ') + "\"";
    } catch (IOException e) {
      return "unreadable (" + e.getMessage() + ")";
    }
  }

  @Override
  public String name() {
    return "datagram";
  }

  @Override
  public CompletableFuture<Outcome> ping(String host, int count, long periodMs, long waitMs) {
    if (closed) {
      return CompletableFuture.completedFuture(Outcome.failed("the collector is stopping"));
    }
    if (isAddress(host)) {
      InetAddress address;
      try {
        address = InetAddress.getByName(host);
      } catch (UnknownHostException e) {
        return CompletableFuture.completedFuture(Outcome.unresolved(host + ": not an address"));
      }
      return start(address, count, periodMs, waitMs);
    }
    return CompletableFuture.supplyAsync(() -> resolve(host), aux)
        .thenCompose(
            address ->
                address == null
                    ? CompletableFuture.completedFuture(
                        Outcome.unresolved(host + ": the name does not resolve"))
                    : start(address, count, periodMs, waitMs));
  }

  private static @Nullable InetAddress resolve(String host) {
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** An IPv4 or IPv6 literal, which {@link InetAddress#getByName} parses without asking DNS. */
  static boolean isAddress(String host) {
    return host.indexOf(':') >= 0
        || (!host.isEmpty() && host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9')));
  }

  private CompletableFuture<Outcome> start(
      InetAddress address, int count, long periodMs, long waitMs) {
    boolean v6 = address instanceof Inet6Address;
    int fd;
    try {
      fd =
          libc.socket(
              v6 ? PingLibC.AF_INET6 : PingLibC.AF_INET,
              PingLibC.SOCK_DGRAM | PingLibC.SOCK_NONBLOCK | PingLibC.SOCK_CLOEXEC,
              v6 ? PingLibC.IPPROTO_ICMPV6 : PingLibC.IPPROTO_ICMP);
    } catch (LastErrorException e) {
      return CompletableFuture.completedFuture(
          Outcome.failed("cannot open an ICMP socket: " + e.getMessage()));
    }
    try {
      // The first SIOCGSTAMPNS turns on receive timestamps for the socket (and says ENOENT).
      libc.ioctl(fd, PingLibC.SIOCGSTAMPNS, new byte[16]);
    } catch (LastErrorException e) {
      // ENOENT, as expected; without timestamps, round trips are timed by the loop.
    }
    Flight flight =
        new Flight(
            fd,
            v6,
            address,
            count,
            TimeUnit.MILLISECONDS.toNanos(periodMs),
            TimeUnit.MILLISECONDS.toNanos(waitMs));
    incoming.add(flight);
    if (closed && incoming.remove(flight)) {
      closeQuietly(fd);
      return CompletableFuture.completedFuture(Outcome.failed("the collector is stopping"));
    }
    wake();
    return flight.future;
  }

  private void wake() {
    byte[] one = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(1).array();
    try {
      libc.write(wakeFd, one, one.length);
    } catch (LastErrorException e) {
      // EAGAIN: the counter is already non-zero, the loop will wake anyway.
    }
  }

  @Override
  public void close() {
    closed = true;
    wake();
    try {
      loop.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    aux.shutdown();
  }

  /** One run in flight. Touched only by the loop thread once queued. */
  private static final class Flight {
    final int fd;
    final boolean v6;
    final byte[] sockaddr;
    final byte[] addressBytes;
    final int count;
    final long periodNs;
    final long waitNs;
    final CompletableFuture<Outcome> future = new CompletableFuture<>();

    /** When each request was sent: monotonic, and CLOCK_REALTIME for the kernel's receive time. */
    final long[] sentAt;

    final long[] sentAtReal;
    final double[] rttMs;
    long start;
    int next;
    int received;
    @Nullable String error;

    Flight(int fd, boolean v6, InetAddress address, int count, long periodNs, long waitNs) {
      this.fd = fd;
      this.v6 = v6;
      this.addressBytes = address.getAddress();
      this.sockaddr = sockaddr(address);
      this.count = count;
      this.periodNs = periodNs;
      this.waitNs = waitNs;
      this.sentAt = new long[count];
      this.sentAtReal = new long[count];
      this.rttMs = new double[count];
      Arrays.fill(rttMs, Double.NaN);
    }

    long sendTime(int i) {
      return start + i * periodNs;
    }

    long end() {
      return start + (count - 1) * periodNs + waitNs;
    }

    boolean done(long now) {
      return (next == count && received == count) || now - end() >= 0;
    }
  }

  private static byte[] sockaddr(InetAddress address) {
    byte[] ip = address.getAddress();
    if (address instanceof Inet6Address v6) {
      ByteBuffer b = ByteBuffer.allocate(28).order(ByteOrder.nativeOrder());
      b.putShort((short) PingLibC.AF_INET6).putShort((short) 0).putInt(0).put(ip);
      b.putInt(v6.getScopeId());
      return b.array();
    }
    ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
    b.putShort((short) PingLibC.AF_INET).putShort((short) 0).put(ip);
    return b.array();
  }

  private void loop() {
    List<Flight> flights = new ArrayList<>();
    byte[] buf = new byte[2048];
    byte[] from = new byte[28];
    int[] fromLen = new int[1];
    Memory pollfds = new Memory(64L * POLLFD_BYTES);
    try {
      while (!closed) {
        for (Flight f = incoming.poll(); f != null; f = incoming.poll()) {
          f.start = System.nanoTime();
          flights.add(f);
        }
        long now = System.nanoTime();
        long wakeAt = Long.MAX_VALUE;
        for (Iterator<Flight> it = flights.iterator(); it.hasNext(); ) {
          Flight f = it.next();
          while (f.next < f.count && now - f.sendTime(f.next) >= 0) {
            send(f, f.next++);
            now = System.nanoTime();
          }
          if (f.done(now)) {
            finish(f);
            it.remove();
            continue;
          }
          long event = f.next < f.count ? f.sendTime(f.next) : f.end();
          wakeAt = wakeAt == Long.MAX_VALUE || event - wakeAt < 0 ? event : wakeAt;
        }
        int n = flights.size() + 1;
        if (pollfds.size() < (long) n * POLLFD_BYTES) {
          pollfds = new Memory(2L * n * POLLFD_BYTES);
        }
        setPollFd(pollfds, 0, wakeFd);
        for (int i = 0; i < flights.size(); i++) {
          setPollFd(pollfds, i + 1, flights.get(i).fd);
        }
        int timeoutMs =
            wakeAt == Long.MAX_VALUE
                ? -1
                : (int) Math.min(60_000, Math.max(0, (wakeAt - now + 999_999) / 1_000_000));
        int ready;
        try {
          ready = libc.poll(pollfds, n, timeoutMs);
        } catch (LastErrorException e) {
          if (e.getErrorCode() != PingLibC.EINTR) {
            LOG.warn("ICMP: poll failed: {}", e.getMessage());
          }
          continue;
        }
        if (ready <= 0) {
          continue;
        }
        if (pollfds.getShort(6) != 0) {
          drainWake(buf);
        }
        for (int i = 0; i < flights.size(); i++) {
          if (pollfds.getShort((long) (i + 1) * POLLFD_BYTES + 6) != 0) {
            receive(flights.get(i), buf, from, fromLen);
          }
        }
      }
    } catch (RuntimeException e) {
      LOG.error("ICMP: the datagram loop failed, its runs end now", e);
    } finally {
      for (Flight f = incoming.poll(); f != null; f = incoming.poll()) {
        flights.add(f);
      }
      for (Flight f : flights) {
        if (f.error == null) {
          f.error = "the collector is stopping";
        }
        finish(f);
      }
      closeQuietly(wakeFd);
    }
  }

  private static void setPollFd(Memory pollfds, int i, int fd) {
    long at = (long) i * POLLFD_BYTES;
    pollfds.setInt(at, fd);
    pollfds.setShort(at + 4, PingLibC.POLLIN);
    pollfds.setShort(at + 6, (short) 0);
  }

  private void drainWake(byte[] buf) {
    try {
      libc.read(wakeFd, buf, 8);
    } catch (LastErrorException e) {
      // EAGAIN: already drained.
    }
  }

  private void send(Flight f, int index) {
    byte[] packet = new byte[HEADER + PAYLOAD];
    packet[0] = (byte) (f.v6 ? ECHO_REQUEST_V6 : ECHO_REQUEST);
    // code, checksum and identifier stay 0: the kernel sets the identifier and the checksum.
    int seq = index + 1;
    packet[6] = (byte) (seq >>> 8);
    packet[7] = (byte) seq;
    for (int i = HEADER; i < packet.length; i++) {
      packet[i] = (byte) i;
    }
    f.sentAtReal[index] = realtimeNanos();
    f.sentAt[index] = System.nanoTime();
    try {
      libc.sendto(f.fd, packet, packet.length, 0, f.sockaddr, f.sockaddr.length);
    } catch (LastErrorException e) {
      if (f.error == null) {
        f.error = "sending failed: " + e.getMessage();
      }
    }
  }

  private void receive(Flight f, byte[] buf, byte[] from, int[] fromLen) {
    while (true) {
      fromLen[0] = from.length;
      long length;
      try {
        length = libc.recvfrom(f.fd, buf, buf.length, PingLibC.MSG_DONTWAIT, from, fromLen);
      } catch (LastErrorException e) {
        if (e.getErrorCode() != PingLibC.EAGAIN && f.error == null) {
          // An ICMP error the kernel reported on the socket (host unreachable...).
          f.error = e.getMessage();
        }
        return;
      }
      long now = System.nanoTime();
      if (length < HEADER || !fromTarget(f, from)) {
        continue;
      }
      int type = buf[0] & 0xff;
      if (type != (f.v6 ? ECHO_REPLY_V6 : ECHO_REPLY)) {
        continue;
      }
      int index = (((buf[6] & 0xff) << 8) | (buf[7] & 0xff)) - 1;
      if (index < 0 || index >= f.next || !Double.isNaN(f.rttMs[index])) {
        continue;
      }
      // The kernel's receive time, where it gives one: the loop may read a reply late when many
      // runs send at once, and the round trip must not count that.
      long received = kernelReceiveTime(f.fd, stamp);
      long rtt = received == 0 ? now - f.sentAt[index] : received - f.sentAtReal[index];
      if (rtt <= f.waitNs) {
        f.rttMs[index] = rtt / 1e6;
        f.received++;
      }
    }
  }

  private static long realtimeNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** The receive time of the socket's last packet in ns since the epoch, or 0 if unknown. */
  private long kernelReceiveTime(int fd, byte[] stamp) {
    try {
      libc.ioctl(fd, PingLibC.SIOCGSTAMPNS, stamp);
    } catch (LastErrorException e) {
      return 0;
    }
    ByteBuffer b = ByteBuffer.wrap(stamp).order(ByteOrder.nativeOrder());
    return b.getLong(0) * 1_000_000_000L + b.getLong(8);
  }

  private static boolean fromTarget(Flight f, byte[] from) {
    int offset = f.v6 ? 8 : 4;
    for (int i = 0; i < f.addressBytes.length; i++) {
      if (from[offset + i] != f.addressBytes[i]) {
        return false;
      }
    }
    return true;
  }

  private void finish(Flight f) {
    closeQuietly(f.fd);
    List<Double> rtts = new ArrayList<>();
    for (double rtt : f.rttMs) {
      if (!Double.isNaN(rtt)) {
        rtts.add(rtt);
      }
    }
    Outcome outcome = new Outcome(false, f.error, f.next, rtts);
    try {
      aux.execute(() -> f.future.complete(outcome));
    } catch (RuntimeException e) {
      f.future.complete(outcome);
    }
  }

  private void closeQuietly(int fd) {
    try {
      libc.close(fd);
    } catch (LastErrorException e) {
      LOG.debug("ICMP: close({}) failed: {}", fd, e.getMessage());
    }
  }
}
