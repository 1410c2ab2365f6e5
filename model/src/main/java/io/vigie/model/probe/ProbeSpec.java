package io.vigie.model.probe;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a probe asks, one record per {@link ProbeType}. A {@code host} left out in the inventory is
 * the target's address, filled in by the loader: a spec always names where it goes.
 *
 * <p>Specs are equal when they ask the same: a {@link Pattern} is compared by its text and flags (a
 * {@code Pattern} itself is equal only to itself), so that an inventory read again gives equal
 * specs, and the scheduler does not restart a probe whose regular expression did not change.
 */
public sealed interface ProbeSpec {

  ProbeType type();

  private static boolean same(@Nullable Pattern a, @Nullable Pattern b) {
    if (a == null || b == null) {
      return a == b;
    }
    return a.pattern().equals(b.pattern()) && a.flags() == b.flags();
  }

  private static int hash(@Nullable Pattern p) {
    return p == null ? 0 : 31 * p.pattern().hashCode() + p.flags();
  }

  /**
   * Connect over TCP; optionally send a line and expect the answer to match.
   *
   * @param send written after connecting (a line ending is not added), or null
   * @param expect what the first bytes received must match (a banner), or null
   */
  record Tcp(String host, int port, @Nullable String send, @Nullable Pattern expect)
      implements ProbeSpec {
    @Override
    public ProbeType type() {
      return ProbeType.TCP;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Tcp t
          && host.equals(t.host)
          && port == t.port
          && Objects.equals(send, t.send)
          && same(expect, t.expect);
    }

    @Override
    public int hashCode() {
      return Objects.hash(host, port, send, hash(expect));
    }
  }

  /**
   * An HTTP(S) request.
   *
   * @param expectStatus the status codes that mean up; empty means any 2xx
   * @param bodyMatches a pattern the body must contain, or null
   * @param bodyMustNotMatch a pattern the body must not contain, or null
   * @param followRedirects whether 3xx answers are followed (up to 10); if not, a 3xx is judged
   *     against {@code expectStatus}
   * @param headers request headers, sent as given
   * @param basicAuth the user and the secret for HTTP basic authentication, or null
   * @param tls for an https URL: the certificate's days before expiry that make a warning and an
   *     error, and whether an invalid certificate fails the probe
   * @param connectTimeout the longest a TCP connection may take (each address of the host), or
   *     null: the probe's timeout
   * @param readTimeout the longest silence of the server while the TLS handshake, the response's
   *     headers or its body are awaited, or null: the probe's timeout
   */
  record Http(
      URI url,
      String method,
      List<Integer> expectStatus,
      @Nullable Pattern bodyMatches,
      @Nullable Pattern bodyMustNotMatch,
      boolean followRedirects,
      Map<String, String> headers,
      @Nullable BasicAuth basicAuth,
      TlsExpectation tls,
      @Nullable Duration connectTimeout,
      @Nullable Duration readTimeout)
      implements ProbeSpec {
    public Http {
      expectStatus = List.copyOf(expectStatus);
      headers = Map.copyOf(headers);
    }

    @Override
    public ProbeType type() {
      return ProbeType.HTTP;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Http h
          && url.equals(h.url)
          && method.equals(h.method)
          && expectStatus.equals(h.expectStatus)
          && same(bodyMatches, h.bodyMatches)
          && same(bodyMustNotMatch, h.bodyMustNotMatch)
          && followRedirects == h.followRedirects
          && headers.equals(h.headers)
          && Objects.equals(basicAuth, h.basicAuth)
          && tls.equals(h.tls)
          && Objects.equals(connectTimeout, h.connectTimeout)
          && Objects.equals(readTimeout, h.readTimeout);
    }

    @Override
    public int hashCode() {
      return Objects.hash(
          url,
          method,
          expectStatus,
          hash(bodyMatches),
          hash(bodyMustNotMatch),
          followRedirects,
          headers,
          basicAuth,
          tls,
          connectTimeout,
          readTimeout);
    }

    /** Whether a status means up: one of {@code expectStatus}, or any 2xx when that is empty. */
    public boolean accepts(int status) {
      return expectStatus.isEmpty() ? status >= 200 && status < 300 : expectStatus.contains(status);
    }
  }

  /**
   * HTTP basic authentication.
   *
   * @param passwordRole the role of the password among the target's credentials
   */
  record BasicAuth(String user, String passwordRole) {}

  /**
   * What a certificate must be.
   *
   * @param warningDays fewer days than this before the leaf or any chain certificate expires is a
   *     warning (default 21)
   * @param errorDays fewer than this is an error (default 7)
   * @param verify whether an invalid chain or host name fails the probe (default true); when false
   *     the days are still measured
   */
  record TlsExpectation(int warningDays, int errorDays, boolean verify) {
    public static final TlsExpectation DEFAULT = new TlsExpectation(21, 7, true);
  }

  /**
   * ICMP echo requests.
   *
   * @param count echo requests per run (default 5)
   */
  record Icmp(String host, int count) implements ProbeSpec {
    public static final int DEFAULT_COUNT = 5;

    @Override
    public ProbeType type() {
      return ProbeType.ICMP;
    }
  }

  /**
   * A DNS query.
   *
   * @param server the server asked (an address or a name resolved by the system)
   * @param name the name queried
   * @param recordType A, AAAA, MX, CNAME, TXT, NS, SOA, PTR, SRV
   * @param expectRcode the RCODE that means up (default NOERROR)
   * @param expectAnswers answers that must all be among those returned (their text as dig prints
   *     the record's data), or empty to accept any
   * @param tcp whether the query goes over TCP instead of UDP
   */
  record Dns(
      String server,
      int port,
      String name,
      String recordType,
      String expectRcode,
      List<String> expectAnswers,
      boolean tcp)
      implements ProbeSpec {
    public Dns {
      expectAnswers = List.copyOf(expectAnswers);
    }

    @Override
    public ProbeType type() {
      return ProbeType.DNS;
    }
  }

  /**
   * SIP OPTIONS.
   *
   * @param tcp over TCP instead of UDP
   * @param uri the Request-URI, {@code sip:HOST:PORT} when the inventory gives none
   */
  record Sip(String host, int port, boolean tcp, String uri) implements ProbeSpec {
    @Override
    public ProbeType type() {
      return ProbeType.SIP;
    }
  }

  /**
   * RTSP OPTIONS then DESCRIBE.
   *
   * @param requireMedia whether the SDP must name at least one media stream (default true)
   * @param basicAuth credentials for a camera that asks for them, or null
   */
  record Rtsp(URI url, boolean requireMedia, @Nullable BasicAuth basicAuth) implements ProbeSpec {
    @Override
    public ProbeType type() {
      return ProbeType.RTSP;
    }
  }
}
