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
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Runs {@code http} probes (and {@code https}: the same type with an https URL) with the JDK's
 * {@link HttpClient}, asynchronously: four shared clients (redirects followed or not, certificates
 * verified or not). A run is bounded by the probe's timeout as the request's timeout (until the
 * response's headers) and by a timer for the whole run, body included.
 *
 * <p>Fields: {@code http_status}, {@code http_redirects} (responses before the final one), {@code
 * body_bytes} (read up to {@value #MAX_BODY_BYTES} bytes; the rest is not downloaded), {@code
 * first_byte_ms} (from the start of the run to the final response's headers: the JDK client does
 * not tell name resolution, connection and TLS handshake apart, so this includes them, and {@code
 * dns_ms}, {@code connect_ms} and {@code tls_ms} are not written), {@code duration_ms}, and for
 * https {@code tls_leaf_days} and {@code tls_chain_days}, also when the certificate failed
 * verification. A certificate close to its expiry is not a failure of the probe: the alerting
 * service judges the days against the probe's {@code tls.warning_days} and {@code tls.error_days}
 * (21 and 7 by default).
 */
public final class HttpProber implements Prober {
  /** The most of a body that is read and matched. */
  public static final int MAX_BODY_BYTES = 1 << 20;

  /** A bound on connecting, above any probe's timeout: the request's timeout comes first. */
  private static final Duration CONNECT_BOUND = Duration.ofSeconds(60);

  private final SecretResolver secrets;
  private final ExecutorService executor;
  private final TlsTrust.Capture verifying;
  private final HttpClient follow;
  private final HttpClient noFollow;
  private final HttpClient followUnverified;
  private final HttpClient noFollowUnverified;

  /**
   * @param secrets resolves the password of basic authentication among the target's credentials
   * @param trustStore authorities trusted besides the JVM's ({@code vigie.probes.trust-store}: a
   *     PEM file of CA certificates, or a PKCS12/JKS keystore without a password), or null
   */
  public HttpProber(SecretResolver secrets, @Nullable Path trustStore)
      throws IOException, GeneralSecurityException {
    this.secrets = secrets;
    this.executor = Executors.newCachedThreadPool(TcpProber.daemons("vigie-http"));
    this.verifying = new TlsTrust.Capture(TlsTrust.verifying(trustStore));
    TlsTrust.Capture all = new TlsTrust.Capture(null);
    this.follow = client(verifying, HttpClient.Redirect.NORMAL);
    this.noFollow = client(verifying, HttpClient.Redirect.NEVER);
    this.followUnverified = client(all, HttpClient.Redirect.NORMAL);
    this.noFollowUnverified = client(all, HttpClient.Redirect.NEVER);
  }

  private HttpClient client(TlsTrust.Capture trust, HttpClient.Redirect redirect)
      throws GeneralSecurityException {
    return HttpClient.newBuilder()
        .executor(executor)
        .sslContext(TlsTrust.context(trust))
        .followRedirects(redirect)
        .connectTimeout(CONNECT_BOUND)
        .build();
  }

  @Override
  public CompletionStage<ProbeResult> run(Probe probe) {
    return run(probe, null, false);
  }

  @Override
  public CompletionStage<ProbeResult> run(Target target, Probe probe) {
    if (probe.spec() instanceof ProbeSpec.Http spec && spec.basicAuth() != null) {
      ProbeSpec.BasicAuth auth = spec.basicAuth();
      SecretRef ref = target.credentials().get(auth.passwordRole());
      if (ref == null) {
        return Probers.now(
            ProbeResult.failed(
                FailureKind.AUTHENTICATION,
                "the target has no credential '" + auth.passwordRole() + "' for basic auth",
                Map.of()));
      }
      Secret secret = secrets.resolve(ref).orElse(null);
      if (secret == null) {
        return Probers.now(
            ProbeResult.failed(
                FailureKind.AUTHENTICATION,
                "the credential '"
                    + auth.passwordRole()
                    + "' cannot be read: "
                    + secrets.whyUnresolvable(ref),
                Map.of()));
      }
      return run(probe, secret, true);
    }
    return run(probe, null, true);
  }

  private CompletionStage<ProbeResult> run(
      Probe probe, @Nullable Secret password, boolean withTarget) {
    if (!(probe.spec() instanceof ProbeSpec.Http spec)) {
      return Probers.now(
          ProbeResult.failed(
              FailureKind.INTERNAL, "not an http probe: " + probe.type().code(), Map.of()));
    }
    if (spec.basicAuth() != null && password == null) {
      return Probers.now(
          ProbeResult.failed(
              FailureKind.INTERNAL,
              withTarget
                  ? "no password for basic auth"
                  : "basic auth needs the target's credentials: run(target, probe)",
              Map.of()));
    }
    try {
      return new Run(probe, spec, password).start();
    } catch (IllegalArgumentException e) {
      return Probers.now(
          ProbeResult.failed(
              FailureKind.INTERNAL, "the request cannot be made: " + e.getMessage(), Map.of()));
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  private final class Run {
    private final Probe probe;
    private final ProbeSpec.Http spec;
    private final @Nullable Secret password;
    private final long start = System.nanoTime();
    private volatile long headers;
    private final CompletableFuture<ProbeResult> result = new CompletableFuture<>();

    Run(Probe probe, ProbeSpec.Http spec, @Nullable Secret password) {
      this.probe = probe;
      this.spec = spec;
      this.password = password;
    }

    private boolean https() {
      return "https".equalsIgnoreCase(spec.url().getScheme());
    }

    private String where() {
      return spec.url().toString();
    }

    CompletionStage<ProbeResult> start() {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(spec.url())
              .timeout(probe.timeout())
              .method(spec.method().toUpperCase(Locale.ROOT), HttpRequest.BodyPublishers.noBody());
      spec.headers().forEach(request::header);
      ProbeSpec.BasicAuth auth = spec.basicAuth();
      if (auth != null && password != null) {
        String pair = auth.user() + ":" + password.reveal();
        request.header(
            "Authorization",
            "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
      }
      boolean verify = !https() || spec.tls().verify();
      HttpClient client =
          spec.followRedirects()
              ? (verify ? follow : followUnverified)
              : (verify ? noFollow : noFollowUnverified);
      CompletableFuture<HttpResponse<CappedBody.Body>> response =
          client.sendAsync(
              request.build(),
              info -> {
                headers = System.nanoTime();
                return new CappedBody();
              });
      CompletableFuture<?> judged =
          response.whenComplete(
              (r, error) -> {
                try {
                  result.complete(r != null ? judge(r) : failed(error));
                } catch (RuntimeException e) {
                  result.complete(
                      ProbeResult.failed(
                          FailureKind.INTERNAL, "http probe failed: " + e, fields()));
                }
              });
      judged.exceptionally(e -> null); // judge() completes the result in every case
      // On the prober's pool: without an executor, on 2 cores (common pool parallelism 1) every
      // timeout would start a thread of its own.
      CompletableFuture.delayedExecutor(probe.timeout().toMillis(), TimeUnit.MILLISECONDS, executor)
          .execute(
              () -> {
                if (result.complete(
                    ProbeResult.failed(
                        FailureKind.TIMEOUT,
                        where()
                            + (headers == 0
                                ? ": no response within "
                                : ": the body did not arrive within ")
                            + probe.timeout().toMillis()
                            + " ms",
                        fields()))) {
                  response.cancel(true);
                }
              });
      return result;
    }

    private Map<String, Object> fields() {
      Map<String, Object> fields = new LinkedHashMap<>();
      long h = headers;
      if (h != 0) {
        fields.put(ProbeSchema.FIRST_BYTE_MS, Math.round((h - start) / 1_000.0) / 1_000.0);
      }
      fields.put(ProbeSchema.DURATION_MS, TcpProber.millisSince(start));
      return fields;
    }

    private ProbeResult judge(HttpResponse<CappedBody.Body> response) {
      Map<String, Object> fields = fields();
      int status = response.statusCode();
      int redirects = 0;
      for (var previous = response.previousResponse();
          previous.isPresent();
          previous = previous.get().previousResponse()) {
        redirects++;
      }
      CappedBody.Body body = response.body();
      fields.put(ProbeSchema.HTTP_STATUS, status);
      fields.put(ProbeSchema.HTTP_REDIRECTS, redirects);
      fields.put(ProbeSchema.BODY_BYTES, body.length());
      response.sslSession().ifPresent(session -> TlsCertificates.writeDays(session, fields));
      String at = response.uri().equals(spec.url()) ? where() : where() + " → " + response.uri();
      if (!spec.accepts(status)) {
        String location =
            status >= 300 && status < 400
                ? response.headers().firstValue("Location").map(l -> " to " + l).orElse("")
                : "";
        return ProbeResult.failed(
            FailureKind.HTTP_STATUS,
            at
                + ": HTTP "
                + status
                + location
                + ", expected "
                + (spec.expectStatus().isEmpty() ? "2xx" : spec.expectStatus()),
            fields);
      }
      String text = body.text();
      String within = body.truncated() ? " (in its first " + MAX_BODY_BYTES + " bytes)" : "";
      Pattern must = spec.bodyMatches();
      if (must != null && !must.matcher(text).find()) {
        return ProbeResult.failed(
            FailureKind.BODY_MISMATCH,
            at + ": the body" + within + " does not contain /" + must.pattern() + "/",
            fields);
      }
      Pattern mustNot = spec.bodyMustNotMatch();
      if (mustNot != null) {
        Matcher m = mustNot.matcher(text);
        if (m.find()) {
          return ProbeResult.failed(
              FailureKind.BODY_MISMATCH,
              at
                  + ": the body contains /"
                  + mustNot.pattern()
                  + "/: \""
                  + TcpProber.escape(m.group(), TcpProber.REASON_CHARS)
                  + "\"",
              fields);
        }
      }
      return ProbeResult.up(fields);
    }

    private ProbeResult failed(@Nullable Throwable error) {
      Throwable e =
          error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error;
      Map<String, Object> fields = fields();
      if (e == null) {
        return ProbeResult.failed(FailureKind.INTERNAL, where() + ": no response", fields);
      }
      if (e instanceof HttpConnectTimeoutException) {
        return ProbeResult.failed(
            FailureKind.TIMEOUT,
            where() + ": no connection within " + probe.timeout().toMillis() + " ms",
            fields);
      }
      if (e instanceof HttpTimeoutException) {
        return ProbeResult.failed(
            FailureKind.TIMEOUT,
            where() + ": no response within " + probe.timeout().toMillis() + " ms",
            fields);
      }
      if (TlsCertificates.isTls(e)) {
        return TlsCertificates.failure(e, verifying, spec.url(), where(), start, fields);
      }
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
          return ProbeResult.failed(
              FailureKind.NAME_RESOLUTION,
              "the host name " + spec.url().getHost() + " does not resolve",
              fields);
        }
      }
      if (e instanceof ConnectException) {
        // The JDK client keeps no words for a refused connection (a ConnectException over a
        // ClosedChannelException): refused is by far the likeliest, the reason says both.
        return ProbeResult.failed(
            FailureKind.REFUSED,
            where() + ": the connection was refused or failed" + message(e),
            fields);
      }
      if (e instanceof IOException) {
        return ProbeResult.failed(
            FailureKind.CONNECTION,
            where() + ": " + e.getClass().getSimpleName() + message(e),
            fields);
      }
      return ProbeResult.failed(FailureKind.INTERNAL, where() + ": " + e, fields);
    }

    private String message(Throwable e) {
      return e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
    }
  }
}
