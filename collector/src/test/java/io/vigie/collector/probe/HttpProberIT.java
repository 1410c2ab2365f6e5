package io.vigie.collector.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigie.model.inventory.SecretRef;
import io.vigie.model.inventory.SecretResolver;
import io.vigie.model.inventory.Target;
import io.vigie.model.inventory.TargetKind;
import io.vigie.model.poll.FailureKind;
import io.vigie.model.probe.Probe;
import io.vigie.model.probe.ProbeSpec;
import io.vigie.model.schema.ProbeSchema;
import io.vigie.testkit.FreePort;
import io.vigie.testkit.Nginx;
import io.vigie.testkit.TestCertificates;
import io.vigie.testkit.TestCertificates.Kind;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link HttpProber} against a real nginx with certificates minted by the test. */
class HttpProberIT {
  @RegisterExtension static final Nginx NGINX = new Nginx();

  private static HttpProber prober;

  @BeforeAll
  static void start() throws Exception {
    prober =
        new HttpProber(
            new SecretResolver(Map.of("WEB_PASSWORD", Nginx.PASSWORD)),
            NGINX.certificates().rootCa());
  }

  @AfterAll
  static void stop() {
    prober.close();
  }

  private static ProbeSpec.Http spec(URI url) {
    return new ProbeSpec.Http(
        url,
        "GET",
        List.of(),
        null,
        null,
        true,
        Map.of(),
        null,
        ProbeSpec.TlsExpectation.DEFAULT,
        null,
        null);
  }

  private static ProbeResult run(ProbeSpec.Http spec) throws Exception {
    return run(spec, Duration.ofSeconds(5));
  }

  private static ProbeResult run(ProbeSpec.Http spec, Duration timeout) throws Exception {
    Target target =
        new Target(
            "web",
            "acme",
            TargetKind.SERVICE,
            "localhost",
            Duration.ofMinutes(1),
            null,
            Map.of("web_password", SecretRef.env("WEB_PASSWORD")),
            Map.of(),
            null,
            null);
    Probe probe = new Probe("site", Duration.ofMinutes(1), timeout, spec);
    return prober.run(target, probe).toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void okIsUpWithStatusBodyAndTimes() throws Exception {
    ProbeResult r = run(spec(NGINX.url("/ok")));
    assertThat(r.up()).as(r.reason()).isTrue();
    assertThat(r.fields())
        .containsEntry(ProbeSchema.HTTP_STATUS, 200)
        .containsEntry(ProbeSchema.HTTP_REDIRECTS, 0)
        .containsEntry(ProbeSchema.BODY_BYTES, Nginx.OK_BODY.length())
        .containsKeys(
            ProbeSchema.DNS_MS,
            ProbeSchema.CONNECT_MS,
            ProbeSchema.FIRST_BYTE_MS,
            ProbeSchema.DURATION_MS)
        .doesNotContainKeys(ProbeSchema.TLS_LEAF_DAYS, ProbeSchema.TLS_MS);
    double phases =
        (Double) r.fields().get(ProbeSchema.DNS_MS)
            + (Double) r.fields().get(ProbeSchema.CONNECT_MS)
            + (Double) r.fields().get(ProbeSchema.FIRST_BYTE_MS);
    assertThat(phases).isLessThanOrEqualTo((Double) r.fields().get(ProbeSchema.DURATION_MS));
  }

  @Test
  void aLiteralAddressIsNotResolved() throws Exception {
    URI literal = URI.create(NGINX.url("/ok").toString().replace("localhost", "127.0.0.1"));
    ProbeResult r = run(spec(literal));
    assertThat(r.up()).as(r.reason()).isTrue();
    assertThat(r.fields())
        .containsKeys(ProbeSchema.CONNECT_MS, ProbeSchema.FIRST_BYTE_MS)
        .doesNotContainKey(ProbeSchema.DNS_MS);
  }

  @Test
  void everyHttpsRunMakesAFullHandshakeAndMeasuresIt() throws Exception {
    // Sessions are not resumed: a renewed certificate is seen at the next run, and tls_ms is what
    // a new visitor pays.
    for (int i = 0; i < 3; i++) {
      ProbeResult r = run(spec(NGINX.httpsUrl(Kind.VALID, "/ok")));
      assertThat(r.up()).as(r.reason()).isTrue();
      assertThat(r.fields())
          .as("run " + i)
          .containsKeys(
              ProbeSchema.DNS_MS,
              ProbeSchema.CONNECT_MS,
              ProbeSchema.TLS_MS,
              ProbeSchema.FIRST_BYTE_MS,
              ProbeSchema.TLS_LEAF_DAYS);
    }
  }

  @Test
  void http500IsAStatusFailure() throws Exception {
    ProbeResult r = run(spec(NGINX.url("/error")));
    assertThat(r.failure()).isEqualTo(FailureKind.HTTP_STATUS);
    assertThat(r.reason()).contains("HTTP 500").contains("2xx");
    assertThat(r.fields()).containsEntry(ProbeSchema.HTTP_STATUS, 500);
  }

  @Test
  void expectedStatusMayBeAnError() throws Exception {
    ProbeSpec.Http s = spec(NGINX.url("/error"));
    s =
        new ProbeSpec.Http(
            s.url(), "GET", List.of(500), null, null, true, Map.of(), null, s.tls(), null, null);
    assertThat(run(s).up()).isTrue();
  }

  @Test
  void redirectIsFollowedAndCounted() throws Exception {
    ProbeResult r = run(spec(NGINX.url("/redirect")));
    assertThat(r.up()).as(r.reason()).isTrue();
    assertThat(r.fields())
        .containsEntry(ProbeSchema.HTTP_STATUS, 200)
        .containsEntry(ProbeSchema.HTTP_REDIRECTS, 1)
        .containsEntry(ProbeSchema.BODY_BYTES, Nginx.OK_BODY.length());
  }

  @Test
  void redirectNotFollowedIsJudgedByItsStatus() throws Exception {
    ProbeSpec.Http s = spec(NGINX.url("/redirect"));
    ProbeSpec.Http noFollow =
        new ProbeSpec.Http(
            s.url(), "GET", List.of(), null, null, false, Map.of(), null, s.tls(), null, null);
    ProbeResult r = run(noFollow);
    assertThat(r.failure()).isEqualTo(FailureKind.HTTP_STATUS);
    assertThat(r.reason()).contains("301").contains("/ok");
    assertThat(r.fields())
        .containsEntry(ProbeSchema.HTTP_STATUS, 301)
        .containsEntry(ProbeSchema.HTTP_REDIRECTS, 0);
    ProbeSpec.Http accept301 =
        new ProbeSpec.Http(
            s.url(), "GET", List.of(301), null, null, false, Map.of(), null, s.tls(), null, null);
    assertThat(run(accept301).up()).isTrue();
  }

  @Test
  void bodyMustMatchAndMustNotMatch() throws Exception {
    URI ok = NGINX.url("/ok");
    var t = ProbeSpec.TlsExpectation.DEFAULT;
    assertThat(
            run(new ProbeSpec.Http(
                    ok,
                    "GET",
                    List.of(),
                    Pattern.compile("systems \\w+"),
                    null,
                    true,
                    Map.of(),
                    null,
                    t,
                    null,
                    null))
                .up())
        .isTrue();
    ProbeResult missing =
        run(
            new ProbeSpec.Http(
                ok,
                "GET",
                List.of(),
                Pattern.compile("welcome"),
                null,
                true,
                Map.of(),
                null,
                t,
                null,
                null));
    assertThat(missing.failure()).isEqualTo(FailureKind.BODY_MISMATCH);
    assertThat(missing.reason()).contains("does not contain /welcome/");
    ProbeResult forbidden =
        run(
            new ProbeSpec.Http(
                ok,
                "GET",
                List.of(),
                null,
                Pattern.compile("nomin\\w+"),
                true,
                Map.of(),
                null,
                t,
                null,
                null));
    assertThat(forbidden.failure()).isEqualTo(FailureKind.BODY_MISMATCH);
    assertThat(forbidden.reason()).contains("nominal");
  }

  @Test
  void basicAuthUsesTheTargetsSecret() throws Exception {
    URI url = NGINX.url("/private");
    var t = ProbeSpec.TlsExpectation.DEFAULT;
    ProbeResult without = run(spec(url));
    assertThat(without.failure()).isEqualTo(FailureKind.HTTP_STATUS);
    assertThat(without.fields()).containsEntry(ProbeSchema.HTTP_STATUS, 401);
    ProbeResult with =
        run(
            new ProbeSpec.Http(
                url,
                "GET",
                List.of(),
                Pattern.compile("private area"),
                null,
                true,
                Map.of(),
                new ProbeSpec.BasicAuth(Nginx.USER, "web_password"),
                t,
                null,
                null));
    assertThat(with.up()).as(with.reason()).isTrue();
    ProbeResult wrongRole =
        run(
            new ProbeSpec.Http(
                url,
                "GET",
                List.of(),
                null,
                null,
                true,
                Map.of(),
                new ProbeSpec.BasicAuth(Nginx.USER, "nope"),
                t,
                null,
                null));
    assertThat(wrongRole.failure()).isEqualTo(FailureKind.AUTHENTICATION);
  }

  @Test
  void aSlowAnswerTimesOutWithinTheTimeout() throws Exception {
    assertThat(NGINX.hasSlow())
        .as("nginx's echo module, for /slow: apt-get install libnginx-mod-http-echo")
        .isTrue();
    long start = System.nanoTime();
    ProbeResult r = run(spec(NGINX.url("/slow")), Duration.ofMillis(1500));
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertThat(r.failure()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(ms).isBetween(1400L, 3000L);
  }

  @Test
  void aReadTimeoutEndsTheWaitForTheResponseBeforeTheWholeTimeout() throws Exception {
    assertThat(NGINX.hasSlow())
        .as("nginx's echo module, for /slow: apt-get install libnginx-mod-http-echo")
        .isTrue();
    ProbeSpec.Http s = spec(NGINX.url("/slow"));
    ProbeSpec.Http withPhases =
        new ProbeSpec.Http(
            s.url(),
            "GET",
            List.of(),
            null,
            null,
            true,
            Map.of(),
            null,
            ProbeSpec.TlsExpectation.DEFAULT,
            Duration.ofSeconds(1),
            Duration.ofMillis(700));
    long start = System.nanoTime();
    ProbeResult r = run(withPhases, Duration.ofSeconds(10));
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertThat(r.failure()).as(r.reason()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(r.reason()).contains("no response within 700 ms");
    assertThat(r.fields()).containsKey(ProbeSchema.CONNECT_MS);
    assertThat(ms).isBetween(600L, 2500L);
  }

  @Test
  void closedPortIsRefusedAndUnknownNameDoesNotResolve() throws Exception {
    ProbeResult refused = run(spec(URI.create("http://127.0.0.1:" + FreePort.pick() + "/")));
    assertThat(refused.failure()).isEqualTo(FailureKind.REFUSED);
    ProbeResult unknown = run(spec(URI.create("http://no-such-host.invalid/")));
    assertThat(unknown.failure()).isEqualTo(FailureKind.NAME_RESOLUTION);
  }

  @Test
  void validChainWritesLeafAndIntermediateDays() throws Exception {
    ProbeResult r = run(spec(NGINX.httpsUrl(Kind.VALID, "/ok")));
    assertThat(r.up()).as(r.reason()).isTrue();
    assertThat((Double) r.fields().get(ProbeSchema.TLS_LEAF_DAYS))
        .isCloseTo(TestCertificates.LEAF_DAYS, within(0.1));
    assertThat((Double) r.fields().get(ProbeSchema.TLS_CHAIN_DAYS))
        .isCloseTo(TestCertificates.INTERMEDIATE_DAYS, within(0.1));
    assertThat(r.fields()).containsEntry(ProbeSchema.HTTP_STATUS, 200);
  }

  @Test
  void httpsRedirectKeepsTheDays() throws Exception {
    ProbeResult r = run(spec(NGINX.httpsUrl(Kind.VALID, "/redirect")));
    assertThat(r.up()).as(r.reason()).isTrue();
    assertThat(r.fields()).containsEntry(ProbeSchema.HTTP_REDIRECTS, 1);
    assertThat(r.fields()).containsKey(ProbeSchema.TLS_LEAF_DAYS);
  }

  @Test
  void expiredCertificate() throws Exception {
    ProbeResult r = run(spec(NGINX.httpsUrl(Kind.EXPIRED, "/ok")));
    assertThat(r.failure()).as(r.reason()).isEqualTo(FailureKind.TLS_EXPIRED);
    assertThat(r.reason()).contains("expired").contains("days ago");
    assertThat((Double) r.fields().get(ProbeSchema.TLS_LEAF_DAYS))
        .isCloseTo(-TestCertificates.EXPIRED_DAYS_AGO, within(0.1));
    assertThat((Double) r.fields().get(ProbeSchema.TLS_CHAIN_DAYS))
        .isCloseTo(TestCertificates.INTERMEDIATE_DAYS, within(0.1));
  }

  @Test
  void wrongHostName() throws Exception {
    ProbeResult r = run(spec(NGINX.httpsUrl(Kind.WRONG_HOST, "/ok")));
    assertThat(r.failure()).as(r.reason()).isEqualTo(FailureKind.TLS_HOST_MISMATCH);
    assertThat(r.reason()).contains("wrong.example");
    assertThat((Double) r.fields().get(ProbeSchema.TLS_LEAF_DAYS))
        .isCloseTo(TestCertificates.LEAF_DAYS, within(0.1));
  }

  @Test
  void selfSigned() throws Exception {
    ProbeResult r = run(spec(NGINX.httpsUrl(Kind.SELF_SIGNED, "/ok")));
    assertThat(r.failure()).as(r.reason()).isEqualTo(FailureKind.TLS_SELF_SIGNED);
    assertThat(r.fields()).containsKey(ProbeSchema.TLS_LEAF_DAYS);
    assertThat(r.fields()).doesNotContainKey(ProbeSchema.TLS_CHAIN_DAYS);
  }

  @Test
  void unknownAuthority() throws Exception {
    ProbeResult r = run(spec(NGINX.httpsUrl(Kind.UNTRUSTED, "/ok")));
    assertThat(r.failure()).as(r.reason()).isEqualTo(FailureKind.TLS_UNTRUSTED);
    assertThat(r.reason()).contains("Vigie Untrusted Root CA");
  }

  @Test
  void verifyFalseAcceptsAnInvalidCertificateAndStillMeasuresIt() throws Exception {
    for (Kind kind : List.of(Kind.EXPIRED, Kind.WRONG_HOST, Kind.SELF_SIGNED, Kind.UNTRUSTED)) {
      ProbeSpec.Http s = spec(NGINX.httpsUrl(kind, "/ok"));
      ProbeSpec.Http unverified =
          new ProbeSpec.Http(
              s.url(),
              "GET",
              List.of(),
              null,
              null,
              true,
              Map.of(),
              null,
              new ProbeSpec.TlsExpectation(21, 7, false),
              null,
              null);
      ProbeResult r = run(unverified);
      assertThat(r.up()).as(kind + ": " + r.reason()).isTrue();
      assertThat(r.fields()).as(kind.name()).containsKey(ProbeSchema.TLS_LEAF_DAYS);
    }
    ProbeSpec.Http expired =
        new ProbeSpec.Http(
            NGINX.httpsUrl(Kind.EXPIRED, "/ok"),
            "GET",
            List.of(),
            null,
            null,
            true,
            Map.of(),
            null,
            new ProbeSpec.TlsExpectation(21, 7, false),
            null,
            null);
    assertThat((Double) run(expired).fields().get(ProbeSchema.TLS_LEAF_DAYS)).isNegative();
  }
}
