package io.vigie.collector.probe;

import io.vigie.model.poll.FailureKind;
import io.vigie.model.probe.Probe;
import io.vigie.model.probe.ProbeSpec;
import io.vigie.model.schema.ProbeSchema;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIP over UDP for {@link SipProber}: one socket for every probe of the collector, on an ephemeral
 * port, one thread that receives its datagrams and hands each answer to its transaction by Call-ID,
 * and the transactions, each retransmitted as RFC 3261 17.1.2.2 says for a non-INVITE client
 * transaction until a final answer or the probe's timeout.
 */
final class SipUdp {
  private static final Logger LOG = LoggerFactory.getLogger(SipProber.class);
  static final long T1_MS = 500;
  static final long T2_MS = 4_000;

  private final ScheduledExecutorService timer;
  private final IntFunction<String> hex;
  private final Map<String, UdpTransaction> transactions = new ConcurrentHashMap<>();
  private final Object udpLock = new Object();
  private @Nullable DatagramChannel udp;
  private volatile boolean closed;

  /**
   * @param timer the prober's timer, for retransmissions and deadlines
   * @param hex random hexadecimal digits, so many bytes' worth, for Call-IDs, branches and tags
   */
  SipUdp(ScheduledExecutorService timer, IntFunction<String> hex) {
    this.timer = timer;
    this.hex = hex;
  }

  /** A UDP OPTIONS waiting for its final answer. */
  private final class UdpTransaction {
    final ProbeSpec.Sip spec;
    final InetSocketAddress server;
    final String callId;
    final ByteBuffer request;
    final long start;
    final Map<String, Object> fields;
    final CompletableFuture<ProbeResult> result = new CompletableFuture<>();
    long interval = T1_MS;
    int sent;
    volatile boolean provisional;
    volatile @Nullable ScheduledFuture<?> next;

    UdpTransaction(
        ProbeSpec.Sip spec,
        InetSocketAddress server,
        String callId,
        byte[] request,
        long start,
        Map<String, Object> fields) {
      this.spec = spec;
      this.server = server;
      this.callId = callId;
      this.request = ByteBuffer.wrap(request);
      this.start = start;
      this.fields = fields;
    }

    /** Sends (again) and schedules the next retransmission. */
    void send(DatagramChannel channel) {
      if (result.isDone()) {
        return;
      }
      try {
        channel.send(request.duplicate(), server);
        sent++;
      } catch (IOException e) {
        finish(
            ProbeResult.failed(
                FailureKind.CONNECTION,
                "SIP server " + SipProber.where(spec) + ": " + DnsProber.words(e),
                withDuration()));
        return;
      }
      long delay = provisional ? T2_MS : interval;
      interval = Math.min(interval * 2, T2_MS);
      next = timer.schedule(() -> send(channel), delay, TimeUnit.MILLISECONDS);
    }

    Map<String, Object> withDuration() {
      fields.put(ProbeSchema.DURATION_MS, DnsProber.millisSince(start));
      return fields;
    }

    void finish(ProbeResult outcome) {
      transactions.remove(callId, this);
      ScheduledFuture<?> pending = next;
      if (pending != null) {
        pending.cancel(false);
      }
      result.complete(outcome);
    }
  }

  private DatagramChannel udpChannel() throws IOException {
    synchronized (udpLock) {
      if (closed) {
        throw new ClosedChannelException();
      }
      DatagramChannel channel = udp;
      if (channel == null) {
        channel = DatagramChannel.open();
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 256 * 1024);
        channel.bind(new InetSocketAddress(0));
        udp = channel;
        DatagramChannel receiving = channel;
        Thread receiver = new Thread(() -> receive(receiving), "vigie-sip-udp");
        receiver.setDaemon(true);
        receiver.start();
      }
      return channel;
    }
  }

  /** The receiving thread: blocks on the shared socket, hands each answer to its transaction. */
  private void receive(DatagramChannel channel) {
    ByteBuffer buffer = ByteBuffer.allocate(65_536);
    while (channel.isOpen()) {
      try {
        buffer.clear();
        if (channel.receive(buffer) == null) {
          continue;
        }
        buffer.flip();
        byte[] datagram = new byte[buffer.remaining()];
        buffer.get(datagram);
        dispatch(datagram);
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException | RuntimeException e) {
        if (channel.isOpen()) {
          LOG.debug("SIP UDP receive: {}", e.toString());
        }
      }
    }
  }

  private void dispatch(byte[] datagram) {
    SipRtspMessages.Response response;
    try {
      response = SipRtspMessages.parse(datagram, datagram.length, true);
    } catch (SipRtspMessages.Malformed e) {
      LOG.debug("SIP UDP: not an answer: {}", e.getMessage());
      return;
    }
    if (response == null) {
      return;
    }
    String id = response.header("call-id");
    UdpTransaction transaction = id == null ? null : transactions.get(id.strip());
    if (transaction == null || !SipProber.isOurs(response, transaction.callId)) {
      return;
    }
    if (response.status() < 200) {
      transaction.provisional = true;
      return;
    }
    transaction.finish(
        SipProber.judge(transaction.spec, response, transaction.start, transaction.fields));
  }

  CompletableFuture<ProbeResult> run(
      Probe probe,
      ProbeSpec.Sip spec,
      InetSocketAddress server,
      long start,
      Map<String, Object> fields) {
    DatagramChannel channel;
    InetSocketAddress local;
    try {
      channel = udpChannel();
      local =
          localAddressTowards(server, ((InetSocketAddress) channel.getLocalAddress()).getPort());
    } catch (IOException e) {
      return CompletableFuture.completedFuture(
          ProbeResult.failed(
              FailureKind.CONNECTION, "SIP over UDP: " + DnsProber.words(e), fields));
    }
    String callId = hex.apply(12) + "@vigie";
    String request =
        SipProber.options(
            spec.uri(), "UDP", local, "z9hG4bK" + hex.apply(10), hex.apply(6), callId);
    UdpTransaction transaction =
        new UdpTransaction(
            spec, server, callId, request.getBytes(StandardCharsets.UTF_8), start, fields);
    transactions.put(callId, transaction);
    long left = DnsProber.remaining(probe, start).toNanos();
    ScheduledFuture<?> deadline =
        timer.schedule(
            () ->
                transaction.finish(
                    ProbeResult.failed(
                        FailureKind.TIMEOUT,
                        "SIP server "
                            + SipProber.where(spec)
                            + " did not answer OPTIONS ("
                            + transaction.sent
                            + " transmissions in "
                            + probe.timeout().toMillis()
                            + " ms)",
                        transaction.withDuration())),
            left,
            TimeUnit.NANOSECONDS);
    CompletableFuture<?> unused = transaction.result.whenComplete((r, e) -> deadline.cancel(false));
    timer.execute(() -> transaction.send(channel));
    return transaction.result;
  }

  /** The address the server sees this host at (the route's source address), with our port. */
  private static InetSocketAddress localAddressTowards(InetSocketAddress server, int port)
      throws IOException {
    try (DatagramChannel probe = DatagramChannel.open()) {
      probe.connect(server);
      InetAddress address = ((InetSocketAddress) probe.getLocalAddress()).getAddress();
      return new InetSocketAddress(address, port);
    }
  }

  /** Closes the socket and ends the transactions waiting on it. */
  void close() {
    closed = true;
    synchronized (udpLock) {
      DatagramChannel channel = udp;
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException e) {
          LOG.debug("closing the SIP UDP socket: {}", e.toString());
        }
      }
    }
    transactions
        .values()
        .forEach(
            t ->
                t.finish(
                    ProbeResult.failed(
                        FailureKind.INTERNAL, "the collector is stopping", t.fields)));
  }
}
