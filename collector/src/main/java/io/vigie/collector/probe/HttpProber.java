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
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HostnameVerifier;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Credentials;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

/**
 * Runs {@code http} probes (and {@code https}: the same type with an https URL) with OkHttp, the
 * HTTP client the collector already ships (InfluxDB's client is built on it), because its call
 * events tell name resolution, connection, TLS handshake and the wait for the first byte apart (the
 * JDK's {@code HttpClient} does not).
 *
 * <p>Every run opens its own connection (the client keeps no idle connection): a probe measures a
 * connection and a handshake each time and sees a renewed certificate at once, as a user's browser
 * would after a while, and as blackbox_exporter does. A call blocks one thread of the prober's pool
 * while it waits on the network; a black-holed address holds its thread until the probe's timeout,
 * never another probe's (at most {@value #MAX_IN_FLIGHT} calls in flight, the rest queue).
 *
 * <p>Fields: {@code http_status}, {@code http_redirects} (responses before the final one), {@code
 * body_bytes} (read up to {@value #MAX_BODY_BYTES} bytes; the rest is not downloaded), the phases
 * ({@link HttpPhases}: {@code dns_ms}, {@code connect_ms}, {@code tls_ms}, {@code first_byte_ms}),
 * {@code duration_ms}, and for https {@code tls_leaf_days} and {@code tls_chain_days}, also when
 * the certificate failed verification. A certificate close to its expiry is not a failure of the
 * probe: the alerting service judges the days against the probe's {@code tls.warning_days} and
 * {@code tls.error_days} (21 and 7 by default).
 */
public final class HttpProber implements Prober {
  /** The most of a body that is read and matched. */
  public static final int MAX_BODY_BYTES = 1 << 20;

  /** Calls in flight at once; more wait in the dispatcher's queue. */
  static final int MAX_IN_FLIGHT = 2048;

  private final SecretResolver secrets;
  private final ExecutorService executor;
  private final TlsTrust.Capture verifying;
  private final TlsTrust.Capture trustAll;
  private final OkHttpClient verified;
  private final OkHttpClient unverified;
  private final Map<ClientKey, OkHttpClient> clients = new ConcurrentHashMap<>();

  /** The settings that differ between probes: one client each, sharing threads and TLS setup. */
  private record ClientKey(
      boolean verify, boolean follow, Duration timeout, Duration connect, Duration read) {}

  /**
   * @param secrets resolves the password of basic authentication among the target's credentials
   * @param trustStore authorities trusted besides the JVM's ({@code vigie.probes.trust-store}: a
   *     PEM file of CA certificates, or a PKCS12/JKS keystore without a password), or null
   */
  public HttpProber(SecretResolver secrets, @Nullable Path trustStore)
      throws IOException, GeneralSecurityException {
    this.secrets = secrets;
    this.executor = Executors.newCachedThreadPool(TcpProber.daemons("vigie-http"));
    Dispatcher dispatcher = new Dispatcher(executor);
    dispatcher.setMaxRequests(MAX_IN_FLIGHT);
    dispatcher.setMaxRequestsPerHost(MAX_IN_FLIGHT);
    OkHttpClient base =
        new OkHttpClient.Builder()
            .dispatcher(dispatcher)
            .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
            .eventListenerFactory(HttpPhases.FACTORY)
            .build();
    this.verifying = new TlsTrust.Capture(TlsTrust.verifying(trustStore));
    this.trustAll = new TlsTrust.Capture(null);
    // Every run makes a full handshake, never resumes a session: the handshake is measured as a
    // new visitor pays it, and the trust manager sees (and notes) the chain the server sends now.
    HostnameVerifier names = base.hostnameVerifier();
    this.verified =
        base.newBuilder()
            .sslSocketFactory(TlsTrust.context(verifying).getSocketFactory(), verifying)
            .hostnameVerifier(
                (host, session) -> {
                  boolean named = names.verify(host, session);
                  session.invalidate();
                  return named;
                })
            .build();
    this.unverified =
        base.newBuilder()
            .sslSocketFactory(TlsTrust.context(trustAll).getSocketFactory(), trustAll)
            .hostnameVerifier(
                (host, session) -> {
                  session.invalidate();
                  return true;
                })
            .build();
  }

  private OkHttpClient client(ClientKey key) {
    return clients.computeIfAbsent(
        key,
        k ->
            (k.verify() ? verified : unverified)
                .newBuilder()
                .followRedirects(k.follow())
                .followSslRedirects(k.follow())
                .connectTimeout(k.connect())
                .readTimeout(k.read())
                .writeTimeout(k.read())
                .callTimeout(k.timeout())
                .build());
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
    for (OkHttpClient client : clients.values()) {
      client.dispatcher().cancelAll();
    }
    executor.shutdownNow();
  }

  private final class Run implements Callback {
    private final Probe probe;
    private final ProbeSpec.Http spec;
    private final @Nullable Secret password;
    private final long start = System.nanoTime();
    private final HttpPhases phases = new HttpPhases();
    private final boolean verifyTls;
    private final ClientKey key;
    private final CompletableFuture<ProbeResult> result = new CompletableFuture<>();

    Run(Probe probe, ProbeSpec.Http spec, @Nullable Secret password) {
      this.probe = probe;
      this.spec = spec;
      this.password = password;
      this.verifyTls = spec.tls().verify();
      Duration whole = probe.timeout();
      Duration connect = spec.connectTimeout();
      Duration read = spec.readTimeout();
      this.key =
          new ClientKey(
              verifyTls,
              spec.followRedirects(),
              whole,
              connect == null || connect.compareTo(whole) > 0 ? whole : connect,
              read == null || read.compareTo(whole) > 0 ? whole : read);
    }

    private String where() {
      return spec.url().toString();
    }

    CompletionStage<ProbeResult> start() {
      String method = spec.method().toUpperCase(Locale.ROOT);
      // OkHttp refuses a body on GET and HEAD and wants one (empty here) on POST, PUT, PATCH.
      RequestBody none =
          method.equals("GET") || method.equals("HEAD") ? null : RequestBody.create(new byte[0]);
      Request.Builder request =
          new Request.Builder()
              .url(spec.url().toString())
              .method(method, none)
              .tag(HttpPhases.class, phases);
      spec.headers().forEach(request::header);
      ProbeSpec.BasicAuth auth = spec.basicAuth();
      if (auth != null && password != null) {
        request.header(
            "Authorization",
            Credentials.basic(auth.user(), password.reveal(), StandardCharsets.UTF_8));
      }
      client(key).newCall(request.build()).enqueue(this);
      return result;
    }

    @Override
    public void onResponse(Call call, Response response) {
      try (response) {
        result.complete(judge(response));
      } catch (IOException e) {
        result.complete(failed(e));
      } catch (RuntimeException e) {
        result.complete(
            ProbeResult.failed(FailureKind.INTERNAL, "http probe failed: " + e, fields()));
      }
    }

    @Override
    public void onFailure(Call call, IOException e) {
      try {
        result.complete(failed(e));
      } catch (RuntimeException bug) {
        result.complete(
            ProbeResult.failed(FailureKind.INTERNAL, "http probe failed: " + bug, fields()));
      }
    }

    private Map<String, Object> fields() {
      Map<String, Object> fields = new LinkedHashMap<>();
      phases.write(fields);
      fields.put(ProbeSchema.DURATION_MS, TcpProber.millisSince(start));
      return fields;
    }

    private ProbeResult judge(Response response) throws IOException {
      int status = response.code();
      int redirects = 0;
      for (Response previous = response.priorResponse();
          previous != null;
          previous = previous.priorResponse()) {
        redirects++;
      }
      ResponseBody responseBody = response.body();
      HttpAnswer.Body body =
          responseBody == null
              ? new HttpAnswer.Body("", 0, false)
              : HttpAnswer.Body.read(responseBody.source());
      Map<String, Object> fields = fields();
      fields.put(ProbeSchema.HTTP_STATUS, status);
      fields.put(ProbeSchema.HTTP_REDIRECTS, redirects);
      fields.put(ProbeSchema.BODY_BYTES, body.length());
      // The chain as the server sent it, noted by the trust manager: OkHttp's handshake gives the
      // chain it rebuilt towards a trusted root (none at all when not verifying).
      HttpUrl last = response.request().url();
      if (last.isHttps()) {
        X509Certificate[] sent =
            (verifyTls ? verifying : trustAll).chainSeen(last.host(), last.port(), start);
        if (sent != null) {
          TlsCertificates.writeDays(sent, Instant.now(), fields);
        }
      }
      return HttpAnswer.judge(spec, response, body, fields);
    }

    private ProbeResult failed(IOException e) {
      Map<String, Object> fields = fields();
      long timeout = probe.timeout().toMillis();
      if (TlsCertificates.isTls(e)) {
        return TlsCertificates.failure(e, verifying, spec.url(), where(), start, fields);
      }
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof UnknownHostException) {
          return ProbeResult.failed(
              FailureKind.NAME_RESOLUTION,
              "the host name " + spec.url().getHost() + " does not resolve",
              fields);
        }
      }
      if (e instanceof InterruptedIOException) {
        // A SocketTimeoutException is a phase's own timeout (connect_timeout, read_timeout); the
        // call's timeout (the whole run) is a plain InterruptedIOException.
        String stalled = phases.stalled();
        long bound =
            !(e instanceof SocketTimeoutException)
                ? timeout
                : stalled.equals(HttpPhases.NO_CONNECTION)
                    ? key.connect().toMillis()
                    : key.read().toMillis();
        return ProbeResult.failed(
            FailureKind.TIMEOUT, where() + ": " + stalled + " within " + bound + " ms", fields);
      }
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof ConnectException && String.valueOf(t.getMessage()).contains("refused")) {
          return ProbeResult.failed(
              FailureKind.REFUSED, where() + ": the connection was refused", fields);
        }
      }
      return ProbeResult.failed(
          FailureKind.CONNECTION,
          where() + ": " + e.getClass().getSimpleName() + message(e),
          fields);
    }

    private String message(Throwable e) {
      return e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
    }
  }
}
