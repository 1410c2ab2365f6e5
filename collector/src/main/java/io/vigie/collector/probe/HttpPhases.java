package io.vigie.collector.probe;

import io.vigie.model.schema.ProbeSchema;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.List;
import java.util.Map;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * The phases of one http probe run, from OkHttp's call events: name resolution, TCP connection, TLS
 * handshake, and the wait from the request sent to the response's first bytes. With redirects, each
 * phase is the sum over the hops (a hop that reuses nothing opens its own connection: the probers'
 * client keeps none), and the wait is the final hop's.
 *
 * <p>OkHttp calls a listener from the call's thread, one event after another; the run's timer may
 * read it from another thread, hence the locks.
 */
final class HttpPhases extends EventListener {
  /** Makes no listener for calls that carry no phases (there are none in the prober). */
  static final EventListener.Factory FACTORY =
      call -> {
        HttpPhases phases = call.request().tag(HttpPhases.class);
        return phases != null ? phases : EventListener.NONE;
      };

  private long dnsStart;
  private long dns;
  private boolean resolved;
  private long connectStart;
  private long connect;
  private boolean connected;
  private long tlsStart;
  private boolean tlsThisConnection;
  private boolean tlsDoneThisConnection;
  private boolean connectedNow;
  private long tls;
  private boolean handshaken;
  private long requestSent;
  private long firstByte;
  private boolean sent;
  private boolean answered;

  static final String NO_CONNECTION = "no connection";

  /** What a run that timed out was waiting for, in words for the NOC. */
  synchronized String stalled() {
    if (!connectedNow) {
      return NO_CONNECTION;
    }
    if (tlsThisConnection && !tlsDoneThisConnection) {
      return "no TLS handshake";
    }
    return answered ? "the body did not arrive" : "no response";
  }

  @Override
  public synchronized void dnsStart(Call call, String domainName) {
    dnsStart = System.nanoTime();
  }

  @Override
  public synchronized void dnsEnd(Call call, String domainName, List<InetAddress> addresses) {
    if (!literal(domainName)) { // OkHttp "resolves" a literal address too, by parsing it
      dns += System.nanoTime() - dnsStart;
      resolved = true;
    }
  }

  /** An IPv4 literal (digits and dots) or an IPv6 one (no host name has a colon). */
  static boolean literal(String host) {
    return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
  }

  @Override
  public synchronized void connectStart(
      Call call, InetSocketAddress address, @Nullable Proxy proxy) {
    connectStart = System.nanoTime();
    tlsThisConnection = false;
    tlsDoneThisConnection = false;
    connectedNow = false;
  }

  @Override
  public synchronized void secureConnectStart(Call call) {
    long now = System.nanoTime();
    connect += now - connectStart;
    connected = true;
    connectedNow = true;
    tlsStart = now;
    tlsThisConnection = true;
  }

  @Override
  public synchronized void secureConnectEnd(Call call, @Nullable Handshake handshake) {
    tls += System.nanoTime() - tlsStart;
    handshaken = true;
    tlsDoneThisConnection = true;
  }

  @Override
  public synchronized void connectEnd(
      Call call, InetSocketAddress address, @Nullable Proxy proxy, @Nullable Protocol protocol) {
    if (!tlsThisConnection) {
      connect += System.nanoTime() - connectStart;
      connected = true;
      connectedNow = true;
    }
  }

  @Override
  public synchronized void connectFailed(
      Call call,
      InetSocketAddress address,
      @Nullable Proxy proxy,
      @Nullable Protocol protocol,
      IOException e) {
    // A failed address counts in the connection's time; the next address, if any, adds its own.
    if (!tlsThisConnection) {
      connect += System.nanoTime() - connectStart;
    }
  }

  @Override
  public synchronized void requestHeadersStart(Call call) {
    answered = false; // a new hop: the previous response's headers are not this one's
  }

  @Override
  public synchronized void requestHeadersEnd(Call call, okhttp3.Request request) {
    requestSent = System.nanoTime();
    sent = true;
  }

  @Override
  public synchronized void responseHeadersStart(Call call) {
    firstByte = System.nanoTime();
    answered = true;
  }

  /**
   * Writes {@code dns_ms} (only when a name was looked up: a literal address is not), {@code
   * connect_ms}, {@code tls_ms} (https) and {@code first_byte_ms} (from the final request sent to
   * its response's first bytes), each once its phase has ended.
   */
  synchronized void write(Map<String, Object> fields) {
    if (resolved) {
      fields.put(ProbeSchema.DNS_MS, millis(dns));
    }
    if (connected) {
      fields.put(ProbeSchema.CONNECT_MS, millis(connect));
    }
    if (handshaken) {
      fields.put(ProbeSchema.TLS_MS, millis(tls));
    }
    if (answered && sent) {
      fields.put(ProbeSchema.FIRST_BYTE_MS, millis(firstByte - requestSent));
    }
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 1_000.0) / 1_000.0;
  }
}
