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
  private static final int POLLFD_BYTES = 8;

  private final PingLibC libc;
  private final int wakeFd;
  private final Queue<PingFlight> incoming = new ConcurrentLinkedQueue<>();
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
    PingFlight flight =
        new PingFlight(
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

  private void loop() {
    List<PingFlight> flights = new ArrayList<>();
    byte[] buf = new byte[2048];
    byte[] from = new byte[28];
    int[] fromLen = new int[1];
    Memory pollfds = new Memory(64L * POLLFD_BYTES);
    try {
      while (!closed) {
        for (PingFlight f = incoming.poll(); f != null; f = incoming.poll()) {
          f.start = System.nanoTime();
          flights.add(f);
        }
        long now = System.nanoTime();
        long wakeAt = Long.MAX_VALUE;
        for (Iterator<PingFlight> it = flights.iterator(); it.hasNext(); ) {
          PingFlight f = it.next();
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
      for (PingFlight f = incoming.poll(); f != null; f = incoming.poll()) {
        flights.add(f);
      }
      for (PingFlight f : flights) {
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

  private void send(PingFlight f, int index) {
    byte[] packet = PingFlight.request(f.v6, index);
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

  private void receive(PingFlight f, byte[] buf, byte[] from, int[] fromLen) {
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
      int index = f.replyIndex(buf, length, from);
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

  private void finish(PingFlight f) {
    closeQuietly(f.fd);
    Outcome outcome = f.outcome();
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
