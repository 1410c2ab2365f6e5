package io.vigie.collector.probe;

import io.vigie.collector.probe.Ping.Outcome;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One run of {@link DatagramPing} in flight, the bookkeeping its loop keeps per run: the socket,
 * when each request is due and was sent, the round trips of the replies; and the ICMP echo
 * messages, the request built and the reply read. Touched only by the loop thread once queued.
 */
final class PingFlight {
  private static final int ECHO_REQUEST = 8;
  private static final int ECHO_REPLY = 0;
  private static final int ECHO_REQUEST_V6 = 128;
  private static final int ECHO_REPLY_V6 = 129;
  private static final int HEADER = 8;
  private static final int PAYLOAD = 56;

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

  PingFlight(int fd, boolean v6, InetAddress address, int count, long periodNs, long waitNs) {
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

  /** An echo request of sequence number {@code index + 1}. */
  static byte[] request(boolean v6, int index) {
    byte[] packet = new byte[HEADER + PAYLOAD];
    packet[0] = (byte) (v6 ? ECHO_REQUEST_V6 : ECHO_REQUEST);
    // code, checksum and identifier stay 0: the kernel sets the identifier and the checksum.
    int seq = index + 1;
    packet[6] = (byte) (seq >>> 8);
    packet[7] = (byte) seq;
    for (int i = HEADER; i < packet.length; i++) {
      packet[i] = (byte) i;
    }
    return packet;
  }

  /**
   * The index of the request a packet answers, or -1 when it is no echo reply of this run's target.
   */
  int replyIndex(byte[] buf, long length, byte[] from) {
    if (length < HEADER || !fromTarget(from)) {
      return -1;
    }
    int type = buf[0] & 0xff;
    if (type != (v6 ? ECHO_REPLY_V6 : ECHO_REPLY)) {
      return -1;
    }
    return (((buf[6] & 0xff) << 8) | (buf[7] & 0xff)) - 1;
  }

  private boolean fromTarget(byte[] from) {
    int offset = v6 ? 8 : 4;
    for (int i = 0; i < addressBytes.length; i++) {
      if (from[offset + i] != addressBytes[i]) {
        return false;
      }
    }
    return true;
  }

  /** The run's outcome: the requests sent, the round trips of those answered in time. */
  Outcome outcome() {
    List<Double> rtts = new ArrayList<>();
    for (double rtt : rttMs) {
      if (!Double.isNaN(rtt)) {
        rtts.add(rtt);
      }
    }
    return new Outcome(false, error, next, rtts);
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
}
