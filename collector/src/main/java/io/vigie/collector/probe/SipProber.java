package io.vigie.collector.probe;

import io.vigie.model.poll.FailureKind;
import io.vigie.model.probe.Probe;
import io.vigie.model.probe.ProbeSpec;
import io.vigie.model.schema.ProbeSchema;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIP probes: an OPTIONS request (RFC 3261 11), the "are you there" of SIP, over UDP or TCP.
 *
 * <ul>
 *   <li><b>UDP</b> ({@link SipUdp}): one socket for every probe of the collector, on an ephemeral
 *       port, and one thread that receives its datagrams and hands each answer to its transaction
 *       by Call-ID. The request is retransmitted as RFC 3261 17.1.2.2 says for a non-INVITE client
 *       transaction (timer E: 500 ms, doubling up to 4 s, then every 4 s once a provisional answer
 *       came) until a final answer or the probe's timeout. The server answers to the socket's
 *       address (the Via names it, with {@code rport}).
 *   <li><b>TCP</b>: one connection per run on an {@link
 *       java.nio.channels.AsynchronousSocketChannel}, closed after the final answer.
 * </ul>
 *
 * Up on a 2xx answer; any other final answer (3xx to 6xx) is {@link FailureKind#SIP_STATUS}, with
 * the code and reason phrase; 1xx answers are waited through. Fields: {@code sip_status}, {@code
 * duration_ms} (from the first transmission, or the connection for TCP, to the final answer), and
 * {@code connect_ms} over TCP.
 */
public final class SipProber implements Prober {
  private static final Logger LOG = LoggerFactory.getLogger(SipProber.class);

  private final SecureRandom random = new SecureRandom();
  private final ExecutorService lookups = DnsProber.lookupExecutor("vigie-sip-lookup");
  private final ScheduledExecutorService timer;
  private final AsynchronousChannelGroup group = SipRtspConnection.group("vigie-sip-tcp");
  private final SipUdp udp;

  public SipProber() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "vigie-sip-timer");
              t.setDaemon(true);
              return t;
            });
    udp = new SipUdp(timer, this::hex);
  }

  @Override
  public CompletionStage<ProbeResult> run(Probe probe) {
    if (!(probe.spec() instanceof ProbeSpec.Sip spec)) {
      throw new IllegalArgumentException("not a sip probe: " + probe.spec());
    }
    long start = System.nanoTime();
    Map<String, Object> fields = new LinkedHashMap<>();
    return DnsProber.address(spec.host(), lookups)
        .<CompletionStage<ProbeResult>>handle(
            (address, error) -> {
              if (error != null) {
                return Probers.now(DnsProber.nameFailure(spec.host(), error, fields));
              }
              if (!DnsProber.isLiteral(spec.host())) {
                fields.put(ProbeSchema.DNS_MS, DnsProber.millisSince(start));
              }
              InetSocketAddress server = new InetSocketAddress(address, spec.port());
              return spec.tcp()
                  ? tcp(probe, spec, server, start, fields)
                  : udp.run(probe, spec, server, start, fields);
            })
        .thenCompose(stage -> stage);
  }

  // ---------------------------------------------------------------- the request

  private String hex(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static String hostText(InetAddress address) {
    String text = address.getHostAddress();
    int zone = text.indexOf('%');
    if (zone >= 0) {
      text = text.substring(0, zone);
    }
    return address instanceof Inet6Address ? "[" + text + "]" : text;
  }

  /** An OPTIONS request; {@code local} is the address the server sees us at. */
  static String options(
      String uri,
      String transport,
      InetSocketAddress local,
      String branch,
      String tag,
      String callId) {
    String host = hostText(local.getAddress());
    int port = local.getPort();
    return "OPTIONS "
        + uri
        + " SIP/2.0\r\n"
        + "Via: SIP/2.0/"
        + transport
        + " "
        + host
        + ":"
        + port
        + ";branch="
        + branch
        + ";rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:vigie@"
        + host
        + ">;tag="
        + tag
        + "\r\n"
        + "To: <"
        + uri
        + ">\r\n"
        + "Call-ID: "
        + callId
        + "\r\n"
        + "CSeq: 1 OPTIONS\r\n"
        + "Contact: <sip:vigie@"
        + host
        + ":"
        + port
        + ";transport="
        + transport.toLowerCase(java.util.Locale.ROOT)
        + ">\r\n"
        + "Accept: application/sdp\r\n"
        + "User-Agent: Vigie\r\n"
        + "Content-Length: 0\r\n"
        + "\r\n";
  }

  static ProbeResult judge(
      ProbeSpec.Sip spec,
      SipRtspMessages.Response response,
      long start,
      Map<String, Object> fields) {
    fields.put(ProbeSchema.DURATION_MS, DnsProber.millisSince(start));
    fields.put(ProbeSchema.SIP_STATUS, response.status());
    if (response.status() >= 200 && response.status() < 300) {
      return ProbeResult.up(fields);
    }
    return ProbeResult.failed(
        FailureKind.SIP_STATUS,
        "SIP server "
            + where(spec)
            + " answered OPTIONS with "
            + SipRtspMessages.abbreviate(response.statusText()),
        fields);
  }

  static String where(ProbeSpec.Sip spec) {
    return spec.host() + ":" + spec.port() + (spec.tcp() ? " (TCP)" : " (UDP)");
  }

  static boolean isOurs(SipRtspMessages.Response response, String callId) {
    String id = response.header("call-id");
    String cseq = response.header("cseq");
    return callId.equals(id == null ? null : id.strip())
        && cseq != null
        && cseq.toUpperCase(java.util.Locale.ROOT).endsWith("OPTIONS");
  }

  // ---------------------------------------------------------------- TCP

  private CompletableFuture<ProbeResult> tcp(
      Probe probe,
      ProbeSpec.Sip spec,
      InetSocketAddress server,
      long start,
      Map<String, Object> fields) {
    CompletableFuture<ProbeResult> result = new CompletableFuture<>();
    AtomicReference<@Nullable AutoCloseable> connection = new AtomicReference<>();
    AtomicReference<String> phase = new AtomicReference<>("connecting");
    ScheduledFuture<?> deadline =
        timer.schedule(
            () -> {
              fields.put(ProbeSchema.DURATION_MS, DnsProber.millisSince(start));
              result.complete(
                  ProbeResult.failed(
                      FailureKind.TIMEOUT,
                      "SIP server "
                          + where(spec)
                          + ": no "
                          + ("connecting".equals(phase.get()) ? "connection" : "answer to OPTIONS")
                          + " within "
                          + probe.timeout().toMillis()
                          + " ms",
                      fields));
            },
            DnsProber.remaining(probe, start).toNanos(),
            TimeUnit.NANOSECONDS);
    CompletableFuture<?> unused =
        result.whenComplete(
            (r, e) -> {
              deadline.cancel(false);
              AutoCloseable open = connection.get();
              if (open != null) {
                try {
                  open.close();
                } catch (Exception ignored) {
                  // closing after the answer: nothing to report
                }
              }
            });
    if (result.isDone()) {
      return result;
    }
    unused =
        SipRtspConnection.connect(
                group,
                server,
                opened -> {
                  connection.set(opened);
                  if (result.isDone()) {
                    closeQuietly(opened); // the deadline came first
                  }
                })
            .thenCompose(
                c -> {
                  fields.put(ProbeSchema.CONNECT_MS, DnsProber.millisSince(start));
                  phase.set("waiting");
                  InetSocketAddress local = c.localAddress();
                  if (local == null) {
                    local = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
                  }
                  String callId = hex(12) + "@vigie";
                  String request =
                      options(spec.uri(), "TCP", local, "z9hG4bK" + hex(10), hex(6), callId);
                  return c.write(request.getBytes(StandardCharsets.UTF_8))
                      .thenCompose(v -> finalAnswer(c, callId));
                })
            .whenComplete(
                (response, error) -> {
                  if (response != null) {
                    result.complete(judge(spec, response, start, fields));
                  } else if (!result.isDone()) {
                    fields.put(ProbeSchema.DURATION_MS, DnsProber.millisSince(start));
                    result.complete(tcpFailure(spec, DnsProber.unwrap(error), fields));
                  }
                });
    return result;
  }

  /** Reads answers until the final one of our request. */
  private static CompletableFuture<SipRtspMessages.Response> finalAnswer(
      SipRtspConnection connection, String callId) {
    return connection
        .read()
        .thenCompose(
            response ->
                response.status() >= 200 && isOurs(response, callId)
                    ? CompletableFuture.completedFuture(response)
                    : finalAnswer(connection, callId));
  }

  private static ProbeResult tcpFailure(
      ProbeSpec.Sip spec, Throwable cause, Map<String, Object> fields) {
    if (cause instanceof ConnectException) {
      return ProbeResult.failed(
          FailureKind.REFUSED, "SIP server " + where(spec) + " refused the connection", fields);
    }
    if (cause instanceof SipRtspMessages.Malformed) {
      return ProbeResult.failed(
          FailureKind.CONNECTION,
          "SIP server " + where(spec) + " answered what is not SIP: " + cause.getMessage(),
          fields);
    }
    if (cause instanceof EOFException || cause instanceof IOException) {
      return ProbeResult.failed(
          FailureKind.CONNECTION,
          "SIP server " + where(spec) + ": " + DnsProber.words(cause),
          fields);
    }
    return ProbeResult.failed(
        FailureKind.INTERNAL,
        "SIP probe of " + where(spec) + ": " + DnsProber.words(cause),
        fields);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // done with it
    }
  }

  @Override
  public void close() {
    udp.close();
    timer.shutdownNow();
    try {
      group.shutdownNow();
    } catch (IOException e) {
      LOG.debug("closing the SIP TCP channels: {}", e.toString());
    }
    lookups.shutdownNow();
  }
}
