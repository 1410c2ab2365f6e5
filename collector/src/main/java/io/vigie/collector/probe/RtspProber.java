package io.vigie.collector.probe;

import io.vigie.model.inventory.Secret;
import io.vigie.model.inventory.SecretRef;
import io.vigie.model.inventory.SecretResolver;
import io.vigie.model.inventory.Target;
import io.vigie.model.poll.FailureKind;
import io.vigie.model.probe.Probe;
import io.vigie.model.probe.ProbeSpec;
import io.vigie.model.schema.ProbeSchema;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.charset.StandardCharsets;
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
 * RTSP probes (RFC 2326): over one TCP connection, OPTIONS, then DESCRIBE with {@code Accept:
 * application/sdp}; a camera that answers 401 is asked again with the credentials (Basic, or Digest
 * when the camera asks only for it), taken from the probe's {@code basic_auth} or else from the
 * URL's user information ({@code rtsp://user:password@camera/stream}). The SDP's {@code m=} lines
 * are the media streams. No SETUP: nothing is streamed, and no session is left open.
 *
 * <p>Failures: {@link FailureKind#RTSP_STATUS} for a 3xx to 5xx answer to OPTIONS (except 401) or
 * DESCRIBE, {@link FailureKind#NO_MEDIA} when the probe requires media and the SDP names none,
 * {@link FailureKind#TIMEOUT}, {@link FailureKind#REFUSED}. Fields: {@code rtsp_status} (of
 * DESCRIBE, or of OPTIONS when it failed), {@code media}, {@code connect_ms}, {@code first_byte_ms}
 * (OPTIONS sent to its first byte back), {@code duration_ms}.
 */
public final class RtspProber implements Prober {
  private static final Logger LOG = LoggerFactory.getLogger(RtspProber.class);
  private static final int DEFAULT_PORT = 554;

  /** The password of a probe's {@code basic_auth}: its target's secret of that role. */
  @FunctionalInterface
  public interface Passwords {
    @Nullable String password(Probe probe, ProbeSpec.BasicAuth auth);
  }

  private final Passwords passwords;
  private final ExecutorService lookups = DnsProber.lookupExecutor("vigie-rtsp-lookup");
  private final AsynchronousChannelGroup group = SipRtspConnection.group("vigie-rtsp");
  private final ScheduledExecutorService timer;

  /** A prober for probes without {@code basic_auth} (credentials in the URL still work). */
  public RtspProber() {
    this((probe, auth) -> null);
  }

  public RtspProber(Passwords passwords) {
    this(passwords, null);
  }

  private RtspProber(Passwords passwords, @Nullable SecretResolver secrets) {
    this.passwords = passwords;
    this.secrets = secrets;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "vigie-rtsp-timer");
              t.setDaemon(true);
              return t;
            });
  }

  /** One run's state: the phase for a timeout's reason, the CSeq, the credentials. */
  private static final class Run {
    final ProbeSpec.Rtsp spec;
    final String url;
    final String where;
    final long start;
    final RtspAuth.@Nullable Credentials credentials;
    final Map<String, Object> fields = new LinkedHashMap<>();
    volatile String phase = "no connection";
    int cseq;
    @Nullable String authorization;

    Run(
        ProbeSpec.Rtsp spec,
        String url,
        String where,
        long start,
        RtspAuth.@Nullable Credentials c) {
      this.spec = spec;
      this.url = url;
      this.where = where;
      this.start = start;
      this.credentials = c;
    }

    ProbeResult fail(FailureKind kind, String reason) {
      fields.put(ProbeSchema.DURATION_MS, DnsProber.millisSince(start));
      return ProbeResult.failed(kind, "RTSP " + where + ": " + reason, fields);
    }
  }

  /**
   * A prober whose {@code basic_auth} passwords are the target's secrets of the role named, as the
   * collector runs it.
   */
  public static RtspProber withSecrets(SecretResolver secrets) {
    return new RtspProber(secrets);
  }

  private final @Nullable SecretResolver secrets;

  private RtspProber(SecretResolver secrets) {
    this((probe, auth) -> null, secrets);
  }

  @Override
  public CompletionStage<ProbeResult> run(Target target, Probe probe) {
    SecretResolver resolver = secrets;
    if (resolver == null) {
      return run(probe, passwords);
    }
    return run(
        probe,
        (p, auth) -> {
          SecretRef ref = target.credentials().get(auth.passwordRole());
          return ref == null ? null : resolver.resolve(ref).map(Secret::reveal).orElse(null);
        });
  }

  @Override
  public CompletionStage<ProbeResult> run(Probe probe) {
    return run(probe, passwords);
  }

  private CompletionStage<ProbeResult> run(Probe probe, Passwords passwords) {
    if (!(probe.spec() instanceof ProbeSpec.Rtsp spec)) {
      throw new IllegalArgumentException("not an rtsp probe: " + probe.spec());
    }
    long start = System.nanoTime();
    URI uri = spec.url();
    String host = uri.getHost();
    if (host == null) {
      return Probers.now(
          ProbeResult.failed(
              FailureKind.INTERNAL, "RTSP URL without a host: " + uri, new LinkedHashMap<>()));
    }
    int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
    Run run =
        new Run(
            spec,
            withoutUserInfo(uri),
            host + ":" + port,
            start,
            RtspAuth.credentials(probe, spec, passwords));
    return DnsProber.address(host, lookups)
        .<CompletionStage<ProbeResult>>handle(
            (address, error) -> {
              if (error != null) {
                return Probers.now(DnsProber.nameFailure(host, error, run.fields));
              }
              if (!DnsProber.isLiteral(host)) {
                run.fields.put(ProbeSchema.DNS_MS, DnsProber.millisSince(start));
              }
              return exchange(probe, run, new InetSocketAddress(address, port));
            })
        .thenCompose(stage -> stage);
  }

  /** The URL as sent in requests: never with the credentials. */
  private static String withoutUserInfo(URI uri) {
    if (uri.getRawUserInfo() == null) {
      return uri.toString();
    }
    try {
      return new URI(
              uri.getScheme(),
              null,
              uri.getHost(),
              uri.getPort(),
              uri.getPath(),
              uri.getQuery(),
              uri.getFragment())
          .toString();
    } catch (URISyntaxException e) {
      return uri.toString().replace(uri.getRawUserInfo() + "@", "");
    }
  }

  private CompletableFuture<ProbeResult> exchange(Probe probe, Run run, InetSocketAddress server) {
    CompletableFuture<ProbeResult> result = new CompletableFuture<>();
    AtomicReference<@Nullable AutoCloseable> connection = new AtomicReference<>();
    ScheduledFuture<?> deadline =
        timer.schedule(
            () ->
                result.complete(
                    run.fail(
                        FailureKind.TIMEOUT,
                        run.phase + " within " + probe.timeout().toMillis() + " ms")),
            DnsProber.remaining(probe, run.start).toNanos(),
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
                  // done with it
                }
              }
            });
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
                  run.fields.put(ProbeSchema.CONNECT_MS, DnsProber.millisSince(run.start));
                  run.phase = "no answer to OPTIONS";
                  long sent = System.nanoTime();
                  return request(c, run, "OPTIONS", "")
                      .thenCompose(
                          options -> {
                            run.fields.put(
                                ProbeSchema.FIRST_BYTE_MS,
                                Math.round((c.firstByteNanos() - sent) / 1_000.0) / 1_000.0);
                            int status = options.status();
                            if (status >= 300 && status != 401) {
                              run.fields.put(ProbeSchema.RTSP_STATUS, status);
                              return CompletableFuture.completedFuture(
                                  run.fail(
                                      FailureKind.RTSP_STATUS,
                                      "OPTIONS answered "
                                          + SipRtspMessages.abbreviate(options.statusText())));
                            }
                            return describe(c, run, false);
                          });
                })
            .whenComplete(
                (outcome, error) -> {
                  if (outcome != null) {
                    result.complete(outcome);
                  } else if (!result.isDone()) {
                    result.complete(failure(run, DnsProber.unwrap(error)));
                  }
                });
    return result;
  }

  private CompletableFuture<ProbeResult> describe(SipRtspConnection c, Run run, boolean retried) {
    run.phase = "no answer to DESCRIBE";
    return request(c, run, "DESCRIBE", "Accept: application/sdp\r\n")
        .thenCompose(
            response -> {
              int status = response.status();
              if (status == 401 && !retried && run.credentials != null) {
                String authorization = RtspAuth.authorization(response, run.credentials);
                if (authorization != null) {
                  run.authorization = authorization;
                  return describe(c, run, true);
                }
              }
              return CompletableFuture.completedFuture(judge(run, response, retried));
            });
  }

  private static ProbeResult judge(Run run, SipRtspMessages.Response response, boolean retried) {
    int status = response.status();
    run.fields.put(ProbeSchema.RTSP_STATUS, status);
    if (status < 200 || status >= 300) {
      String more = "";
      if (status == 401) {
        more =
            run.credentials == null
                ? " (the probe has no credentials)"
                : retried ? " (credentials refused)" : " (no Basic or Digest challenge)";
      }
      return run.fail(
          FailureKind.RTSP_STATUS,
          "DESCRIBE answered " + SipRtspMessages.abbreviate(response.statusText()) + more);
    }
    int media = 0;
    for (String line : response.body().split("\r?\n", -1)) {
      if (line.startsWith("m=")) {
        media++;
      }
    }
    run.fields.put(ProbeSchema.RTSP_MEDIA, media);
    if (media == 0 && run.spec.requireMedia()) {
      return run.fail(FailureKind.NO_MEDIA, "DESCRIBE's SDP names no media stream");
    }
    run.fields.put(ProbeSchema.DURATION_MS, DnsProber.millisSince(run.start));
    return ProbeResult.up(run.fields);
  }

  private static CompletableFuture<SipRtspMessages.Response> request(
      SipRtspConnection c, Run run, String method, String headers) {
    int cseq = ++run.cseq;
    String authorization = run.authorization;
    if (authorization != null && authorization.startsWith("Digest ")) {
      authorization = RtspAuth.digest(authorization, method, run.url, run.cseq, run.credentials);
    }
    String text =
        method
            + " "
            + run.url
            + " RTSP/1.0\r\n"
            + "CSeq: "
            + cseq
            + "\r\n"
            + "User-Agent: Vigie\r\n"
            + headers
            + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
            + "\r\n";
    return c.write(text.getBytes(StandardCharsets.UTF_8)).thenCompose(v -> answerTo(c, cseq));
  }

  /** Reads until the answer whose CSeq is ours. */
  private static CompletableFuture<SipRtspMessages.Response> answerTo(
      SipRtspConnection c, int cseq) {
    return c.read()
        .thenCompose(
            response -> {
              String got = response.header("cseq");
              if (got != null && !got.strip().equals(String.valueOf(cseq))) {
                return answerTo(c, cseq);
              }
              return CompletableFuture.completedFuture(response);
            });
  }

  private static ProbeResult failure(Run run, Throwable cause) {
    if (cause instanceof ConnectException) {
      return run.fail(FailureKind.REFUSED, "connection refused");
    }
    if (cause instanceof SipRtspMessages.Malformed) {
      return run.fail(FailureKind.CONNECTION, "not an RTSP answer: " + cause.getMessage());
    }
    if (cause instanceof IOException) {
      return run.fail(FailureKind.CONNECTION, DnsProber.words(cause));
    }
    return run.fail(FailureKind.INTERNAL, DnsProber.words(cause));
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
    timer.shutdownNow();
    try {
      group.shutdownNow();
    } catch (IOException e) {
      LOG.debug("closing the RTSP channels: {}", e.toString());
    }
    lookups.shutdownNow();
  }
}
