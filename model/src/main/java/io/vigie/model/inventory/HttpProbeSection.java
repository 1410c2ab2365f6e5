package io.vigie.model.inventory;

import static io.vigie.model.inventory.Checker.text;
import static io.vigie.model.inventory.Checker.written;

import io.vigie.model.probe.ProbeSpec;
import io.vigie.model.yaml.YamlNode.Entry;
import io.vigie.model.yaml.YamlNode.Mapping;
import io.vigie.model.yaml.YamlNode.Scalar;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An {@code http} or {@code https} probe's settings: the URL, method, expected statuses, body
 * patterns, redirects, headers, basic_auth, and for https the certificate's {@code tls} checks.
 */
final class HttpProbeSection implements ProbeTypeSection {

  private static final Set<String> KEYS =
      Set.of(
          "url",
          "method",
          "expect_status",
          "body_matches",
          "body_must_not_match",
          "follow_redirects",
          "headers",
          "basic_auth",
          "tls",
          "connect_timeout",
          "read_timeout");

  static final int MAX_TLS_DAYS = 3650;

  static final List<String> METHODS =
      List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
  static final String DEFAULT_METHOD = "GET";

  /** An HTTP token (RFC 9110): what a header name is made of. */
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /** Headers the HTTP client sets itself: a probe that set them would not test the server. */
  private static final Set<String> CLIENT_HEADERS =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  /** Headers that carry a secret, which the inventory never holds. */
  private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization");

  private static final Set<String> TLS_KEYS = Set.of("warning_days", "error_days", "verify");

  private final Checker c;
  private final ProbeFields f;

  HttpProbeSection(ProbeFields f) {
    this.c = f.checker();
    this.f = f;
  }

  @Override
  public Set<String> keys() {
    return KEYS;
  }

  @Override
  public List<String> alsoWritten() {
    return List.of("https");
  }

  @Override
  public ProbeSpec.@Nullable Http read(Mapping m, String pp, Owner target, String code) {
    boolean https = "https".equals(code);
    URI url =
        f.url(
            m,
            pp,
            target,
            https ? Set.of("https") : Set.of("http", "https"),
            https
                ? "an https probe needs an https:// URL (an http probe takes http:// and https://)"
                : "must be an absolute http:// or https:// URL");
    String method = f.oneOf(m, "method", pp, METHODS, DEFAULT_METHOD, true);
    List<Integer> statuses = statuses(m, pp);
    Pattern bodyMatches = f.regex(m, "body_matches", pp);
    Pattern bodyMustNotMatch = f.regex(m, "body_must_not_match", pp);
    boolean follow = c.bool(m, "follow_redirects", pp, true);
    Map<String, String> headers = headers(m, pp);
    ProbeSpec.BasicAuth auth = f.basicAuth(m, pp, target);
    ProbeSpec.TlsExpectation tls = ProbeSpec.TlsExpectation.DEFAULT;
    Entry te = m.entries().get("tls");
    if (te != null) {
      if (url != null && !"https".equalsIgnoreCase(url.getScheme())) {
        c.error(
            te.keyLocation(),
            pp + ".tls",
            "tls",
            "only an https URL takes tls settings: this probe's URL is http://");
      }
      tls = tls(te, pp + ".tls");
    }
    Duration connectTimeout = c.duration(m, "connect_timeout", pp, true);
    Duration readTimeout = c.duration(m, "read_timeout", pp, true);
    if (url == null || method == null || statuses == null || headers == null || tls == null) {
      return null;
    }
    if ((m.entries().containsKey("connect_timeout") && connectTimeout == null)
        || (m.entries().containsKey("read_timeout") && readTimeout == null)) {
      return null;
    }
    if (m.entries().containsKey("basic_auth") && auth == null) {
      return null;
    }
    return new ProbeSpec.Http(
        url,
        method,
        statuses,
        bodyMatches,
        bodyMustNotMatch,
        follow,
        headers,
        auth,
        tls,
        connectTimeout,
        readTimeout);
  }

  /** {@code expect_status}: codes from 100 to 599; null when one is wrong (reported). */
  private @Nullable List<Integer> statuses(Mapping m, String pp) {
    Set<Integer> statuses = new LinkedHashSet<>();
    boolean ok = true;
    for (Scalar s : f.scalars(m, "expect_status", pp)) {
      Integer status = null;
      if (s.kind() == Scalar.Kind.INTEGER) {
        try {
          status = Integer.parseInt(written(s));
        } catch (NumberFormatException e) {
          // reported below
        }
      }
      if (status == null || status < 100 || status > 599) {
        c.error(
            s.location(),
            pp + ".expect_status",
            text(s),
            "an HTTP status is a whole number from 100 to 599");
        ok = false;
      } else {
        statuses.add(status);
      }
    }
    return ok ? List.copyOf(statuses) : null;
  }

  /** {@code headers}: token names, one line values, none the client sets or that holds a secret. */
  private @Nullable Map<String, String> headers(Mapping m, String pp) {
    Map<String, String> headers = new LinkedHashMap<>();
    Entry e = m.entries().get("headers");
    if (e == null) {
      return headers;
    }
    String hp = pp + ".headers";
    Mapping hm = c.mapping(e.value(), hp, null);
    if (hm == null) {
      return null;
    }
    boolean ok = true;
    Map<String, String> seen = new HashMap<>();
    for (Entry h : hm.entries().values()) {
      String name = h.key();
      String lower = name.toLowerCase(Locale.ROOT);
      String key = hp + "." + name;
      if (!TOKEN.matcher(name).matches()) {
        c.error(
            h.keyLocation(),
            key,
            name,
            "not a header name: letters, digits and !#$%&'*+-.^_`|~, without spaces");
        ok = false;
        continue;
      }
      if (SECRET_HEADERS.contains(lower)) {
        // The value is deliberately not echoed: it is a secret.
        c.error(
            h.keyLocation(),
            key,
            null,
            "secrets are never written inline: use basic_auth, whose password is one of the"
                + " target's credentials");
        ok = false;
        continue;
      }
      if (CLIENT_HEADERS.contains(lower)) {
        c.error(
            h.keyLocation(),
            key,
            name,
            "set by the HTTP client itself, and refused from a probe"
                + ("host".equals(lower) ? ": write the host name in the URL" : ""));
        ok = false;
        continue;
      }
      String first = seen.putIfAbsent(lower, name);
      if (first != null) {
        c.error(
            h.keyLocation(),
            key,
            name,
            "duplicate header: header names are case-insensitive, and " + first + " is given");
        ok = false;
        continue;
      }
      if (!(h.value() instanceof Scalar s) || s.kind() == Scalar.Kind.NULL) {
        c.error(
            h.value().location(),
            key,
            text(h.value()),
            "expected a value, found " + h.value().describe());
        ok = false;
        continue;
      }
      String value = written(s);
      if (hasControl(value)) {
        c.error(
            s.location(),
            key,
            value,
            "a header value cannot contain a line break or another control character but tab");
        ok = false;
        continue;
      }
      if (!value.chars().allMatch(ch -> ch == '\t' || (ch >= 0x20 && ch < 0x7f))) {
        c.error(
            s.location(),
            key,
            value,
            "a header value is ASCII (RFC 9110 makes other bytes obsolete and HTTP clients refuse"
                + " them): encode it, as RFC 8187 or percent-encoding");
        ok = false;
        continue;
      }
      headers.put(name, value);
    }
    return ok ? headers : null;
  }

  private static boolean hasControl(String text) {
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch != '\t' && Character.isISOControl(ch)) {
        return true;
      }
    }
    return false;
  }

  /** {@code tls}: warning_days more than error_days, both 0 or more. */
  private ProbeSpec.@Nullable TlsExpectation tls(Entry te, String tp) {
    Mapping t = c.mapping(te.value(), tp, TLS_KEYS);
    if (t == null) {
      return null;
    }
    ProbeSpec.TlsExpectation d = ProbeSpec.TlsExpectation.DEFAULT;
    int warning = c.integer(t, "warning_days", tp, d.warningDays(), 0, MAX_TLS_DAYS);
    int error = c.integer(t, "error_days", tp, d.errorDays(), 0, MAX_TLS_DAYS);
    boolean verify = c.bool(t, "verify", tp, d.verify());
    if (warning <= error) {
      String key = t.entries().containsKey("warning_days") ? "warning_days" : "error_days";
      Entry at = t.entries().get(key);
      c.error(
          at == null ? t.location() : at.value().location(),
          tp + "." + key,
          at == null ? null : text(at.value()),
          "warning_days ("
              + warning
              + ") must be more than error_days ("
              + error
              + "): a certificate warns before it errs");
      return null;
    }
    return new ProbeSpec.TlsExpectation(warning, error, verify);
  }
}
