package io.vigie.model.inventory;

import static io.vigie.model.inventory.Checker.present;
import static io.vigie.model.inventory.Checker.text;
import static io.vigie.model.inventory.Checker.written;
import static io.vigie.model.inventory.Suggestions.suggestion;

import io.vigie.model.probe.Probe;
import io.vigie.model.probe.ProbeSpec;
import io.vigie.model.probe.ProbeType;
import io.vigie.model.schema.TagRules;
import io.vigie.model.yaml.Location;
import io.vigie.model.yaml.YamlNode;
import io.vigie.model.yaml.YamlNode.Entry;
import io.vigie.model.yaml.YamlNode.Mapping;
import io.vigie.model.yaml.YamlNode.Scalar;
import io.vigie.model.yaml.YamlNode.Sequence;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A target's {@code probes}: a list on a target of any kind, required and not empty on a {@code
 * service} target (which is watched through nothing else). Each probe has a name unique on the
 * target and a valid tag value, a type, an interval of at least one second (the target's unless
 * set), a timeout no longer than the interval, and its type's settings ({@link ProbeSpec}).
 *
 * <p>A host left out is the target's address; {@code {address}} in a URL is replaced by it. A
 * {@code service} target needs an address only when one of its probes uses it: the error is then on
 * that probe.
 */
final class ProbesSection {

  /** The shortest interval a probe runs at. */
  static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

  /** The placeholder in a URL replaced by the target's address. */
  static final String ADDRESS = "{address}";

  static final int MAX_TLS_DAYS = 3650;

  private static final Set<String> COMMON = Set.of("name", "type", "interval", "timeout");
  private static final Map<ProbeType, Set<String>> KEYS = new EnumMap<>(ProbeType.class);

  static {
    KEYS.put(ProbeType.TCP, keys("port", "host", "send", "expect"));
    KEYS.put(
        ProbeType.HTTP,
        keys(
            "url",
            "method",
            "expect_status",
            "body_matches",
            "body_must_not_match",
            "follow_redirects",
            "headers",
            "basic_auth",
            "tls"));
    KEYS.put(ProbeType.ICMP, keys("host", "count"));
    KEYS.put(
        ProbeType.DNS, keys("server", "port", "query", "record", "expect_rcode", "expect", "tcp"));
    KEYS.put(ProbeType.SIP, keys("host", "port", "transport", "uri"));
    KEYS.put(ProbeType.RTSP, keys("url", "require_media", "basic_auth"));
  }

  private static final Set<String> ALL_KEYS =
      Set.copyOf(KEYS.values().stream().flatMap(Set::stream).toList());

  /** The types as written, {@code https} among them. */
  static final List<String> TYPES = List.of("tcp", "http", "https", "icmp", "dns", "sip", "rtsp");

  static final List<String> METHODS =
      List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
  static final List<String> RECORDS =
      List.of("A", "AAAA", "MX", "CNAME", "TXT", "NS", "SOA", "PTR", "SRV");
  static final List<String> RCODES =
      List.of("NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED");
  static final List<String> TRANSPORTS = List.of("udp", "tcp");

  static final int DNS_PORT = 53;
  static final int SIP_PORT = 5060;
  static final String DEFAULT_METHOD = "GET";
  static final String DEFAULT_RECORD = "A";
  static final String DEFAULT_RCODE = "NOERROR";

  /** An HTTP token (RFC 9110): what a header name is made of. */
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /** Headers the JDK's HTTP client sets itself and refuses from a request. */
  private static final Set<String> CLIENT_HEADERS =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  /** Headers that carry a secret, which the inventory never holds. */
  private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization");

  private static final Set<String> BASIC_AUTH_KEYS = Set.of("user", "password");
  private static final Set<String> TLS_KEYS = Set.of("warning_days", "error_days", "verify");

  private final Checker c;

  ProbesSection(Checker c) {
    this.c = c;
  }

  private static Set<String> keys(String... own) {
    return Set.copyOf(Stream.concat(COMMON.stream(), Stream.of(own)).toList());
  }

  /**
   * The target's well-formed probes.
   *
   * @param target the target's mapping
   * @param path the target's path, such as {@code targets[web-1]}
   * @param kind the target's kind, null when it has none that is known
   * @param address the target's address, or null when it has none (a service target may not)
   * @param reportNoAddress whether a probe that needs the target's address reports its lack: false
   *     when that lack is an error of the target already
   * @param interval the target's interval, the probes' default
   * @param credentials the target's well-formed secret references by role
   */
  List<Probe> read(
      Mapping target,
      String path,
      @Nullable TargetKind kind,
      @Nullable String address,
      boolean reportNoAddress,
      Duration interval,
      Map<String, SecretRef> credentials) {
    List<Probe> probes = new ArrayList<>();
    Entry entry = target.entries().get("probes");
    String lp = path + ".probes";
    if (entry == null) {
      if (kind == TargetKind.SERVICE) {
        c.error(
            target.location(),
            lp,
            null,
            "missing: a service target is watched only through its probes, and would watch nothing"
                + " without one");
      }
      return probes;
    }
    Sequence list = c.sequence(entry.value(), lp);
    if (list == null) {
      return probes;
    }
    if (list.items().isEmpty() && kind == TargetKind.SERVICE) {
      c.error(
          list.location(),
          lp,
          null,
          "empty: a service target is watched only through its probes, and would watch nothing"
              + " without one");
    }
    Map<String, Location> names = new HashMap<>();
    Set<String> paths = new HashSet<>();
    Owner owner = new Owner(target, address, reportNoAddress, interval, credentials);
    for (int i = 0; i < list.items().size(); i++) {
      YamlNode item = list.items().get(i);
      String pp = probePath(lp, i, item, paths);
      Probe probe = probe(item, pp, names, owner);
      if (probe != null) {
        probes.add(probe);
      }
    }
    return probes;
  }

  /** What a probe takes from its target. */
  private record Owner(
      Mapping mapping,
      @Nullable String address,
      boolean reportNoAddress,
      Duration interval,
      Map<String, SecretRef> credentials) {}

  /**
   * {@code targets[web-1].probes[shop]} when the probe has a well-formed name not seen before,
   * {@code targets[web-1].probes[2]} otherwise.
   */
  private static String probePath(String list, int index, YamlNode item, Set<String> seen) {
    if (item instanceof Mapping m
        && m.entries().get("name") != null
        && m.entries().get("name").value() instanceof Scalar s
        && s.kind() != Scalar.Kind.NULL
        && s.text() != null
        && !s.text().isBlank()
        && TagRules.valueProblem(s.text()).isEmpty()
        && seen.add(s.text())) {
      return list + "[" + s.text() + "]";
    }
    return list + "[" + index + "]";
  }

  private @Nullable Probe probe(
      YamlNode item, String pp, Map<String, Location> names, Owner target) {
    Mapping m = c.mapping(item, pp, null);
    if (m == null) {
      return null;
    }
    String name = name(m, pp, names);
    Scalar typeNode = c.scalar(m, "type", pp);
    ProbeType type = null;
    boolean https = false;
    if (typeNode == null) {
      if (!m.entries().containsKey("type")) {
        c.error(m.location(), pp + ".type", null, "missing: one of " + String.join(", ", TYPES));
      }
    } else {
      String text = written(typeNode);
      type = TYPES.contains(text) ? ProbeType.fromCode(text).orElse(null) : null;
      https = "https".equals(text);
      if (type == null) {
        c.error(
            typeNode.location(),
            pp + ".type",
            text,
            "must be one of "
                + String.join(", ", TYPES)
                + suggestion(text, new LinkedHashSet<>(TYPES)));
      }
    }
    c.mapping(m, pp, type == null ? ALL_KEYS : KEYS.get(type));

    Duration interval = interval(m, pp, target.interval());
    Duration timeout = c.duration(m, "timeout", pp, true);
    if (timeout != null && interval != null && timeout.compareTo(interval) > 0) {
      c.error(
          present(m, "timeout").value().location(),
          pp + ".timeout",
          text(present(m, "timeout").value()),
          "longer than the probe's interval, "
              + Durations.format(interval)
              + ": a run must end before the next one starts");
      timeout = null;
    } else if (timeout == null && interval != null && !m.entries().containsKey("timeout")) {
      timeout = interval.compareTo(Probe.DEFAULT_TIMEOUT) < 0 ? interval : Probe.DEFAULT_TIMEOUT;
    }
    if (type == null) {
      return null;
    }
    ProbeSpec spec =
        switch (type) {
          case TCP -> tcp(m, pp, target);
          case HTTP -> http(m, pp, target, https);
          case ICMP -> icmp(m, pp, target);
          case DNS -> dns(m, pp, target);
          case SIP -> sip(m, pp, target);
          case RTSP -> rtsp(m, pp, target);
        };
    if (name == null || interval == null || timeout == null || spec == null) {
      return null;
    }
    return new Probe(name, interval, timeout, spec);
  }

  /** The required name: a tag value, unique on the target. */
  private @Nullable String name(Mapping m, String pp, Map<String, Location> names) {
    Scalar s = c.scalar(m, "name", pp);
    if (s == null) {
      if (!m.entries().containsKey("name")) {
        c.error(
            m.location(),
            pp + ".name",
            null,
            "missing: every probe has a name, unique on its target");
      }
      return null;
    }
    String text = written(s);
    if (text.isBlank()) {
      c.error(s.location(), pp + ".name", text, "must not be empty");
      return null;
    }
    var problem = TagRules.valueProblem(text);
    if (problem.isPresent()) {
      c.error(
          s.location(),
          pp + ".name",
          text,
          "a probe's name is written as the probe tag: " + problem.get());
      return null;
    }
    Location first = names.putIfAbsent(text, s.location());
    if (first != null) {
      c.error(
          s.location(),
          pp + ".name",
          text,
          "duplicate probe name on this target (first at line " + first.line() + ")");
      return null;
    }
    return text;
  }

  /** The probe's own interval, or the target's; at least {@link #MIN_INTERVAL} either way. */
  private @Nullable Duration interval(Mapping m, String pp, Duration targetInterval) {
    if (!m.entries().containsKey("interval")) {
      if (targetInterval.compareTo(MIN_INTERVAL) < 0) {
        c.error(
            m.location(),
            pp + ".interval",
            null,
            "missing: the target's interval, "
                + Durations.format(targetInterval)
                + ", is shorter than a probe's shortest, 1s; give the probe its own");
        return null;
      }
      return targetInterval;
    }
    Duration interval = c.duration(m, "interval", pp, true);
    if (interval != null && interval.compareTo(MIN_INTERVAL) < 0) {
      c.error(
          present(m, "interval").value().location(),
          pp + ".interval",
          text(present(m, "interval").value()),
          "must be at least 1s");
      return null;
    }
    return interval;
  }

  private ProbeSpec.@Nullable Tcp tcp(Mapping m, String pp, Owner target) {
    int port = requiredPort(m, pp);
    String host = host(m, "host", pp, target);
    String send = null;
    Scalar s = c.scalar(m, "send", pp);
    if (s != null) {
      send = written(s);
      if (send.isEmpty()) {
        c.error(s.location(), pp + ".send", send, "must not be empty: leave send out instead");
        send = null;
      }
    }
    Pattern expect = regex(m, "expect", pp);
    if (port == 0 || host == null) {
      return null;
    }
    return new ProbeSpec.Tcp(host, port, send, expect);
  }

  private ProbeSpec.@Nullable Http http(Mapping m, String pp, Owner target, boolean https) {
    URI url =
        url(
            m,
            pp,
            target,
            https ? Set.of("https") : Set.of("http", "https"),
            https
                ? "an https probe needs an https:// URL (an http probe takes http:// and https://)"
                : "must be an absolute http:// or https:// URL");
    String method = oneOf(m, "method", pp, METHODS, DEFAULT_METHOD, true);
    List<Integer> statuses = statuses(m, pp);
    Pattern bodyMatches = regex(m, "body_matches", pp);
    Pattern bodyMustNotMatch = regex(m, "body_must_not_match", pp);
    boolean follow = c.bool(m, "follow_redirects", pp, true);
    Map<String, String> headers = headers(m, pp);
    ProbeSpec.BasicAuth auth = basicAuth(m, pp, target);
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
    if (url == null || method == null || statuses == null || headers == null || tls == null) {
      return null;
    }
    if (m.entries().containsKey("basic_auth") && auth == null) {
      return null;
    }
    return new ProbeSpec.Http(
        url, method, statuses, bodyMatches, bodyMustNotMatch, follow, headers, auth, tls);
  }

  private ProbeSpec.@Nullable Icmp icmp(Mapping m, String pp, Owner target) {
    String host = host(m, "host", pp, target);
    int count = c.integer(m, "count", pp, ProbeSpec.Icmp.DEFAULT_COUNT, 1, 100);
    return host == null ? null : new ProbeSpec.Icmp(host, count);
  }

  private ProbeSpec.@Nullable Dns dns(Mapping m, String pp, Owner target) {
    String server = host(m, "server", pp, target);
    int port = c.integer(m, "port", pp, DNS_PORT, 1, 65535);
    String query = c.string(m, "query", pp, true);
    if (query != null && !isDnsName(query)) {
      c.error(
          present(m, "query").value().location(),
          pp + ".query",
          query,
          "not a DNS name: labels of 1 to 63 letters, digits, '-' or '_' separated by dots, 253"
              + " characters at most (write an international name in its xn-- form)");
      query = null;
    }
    String record = oneOf(m, "record", pp, RECORDS, DEFAULT_RECORD, true);
    String rcode = oneOf(m, "expect_rcode", pp, RCODES, DEFAULT_RCODE, true);
    List<String> expect = new ArrayList<>();
    boolean expectOk = true;
    for (Scalar s : scalars(m, "expect", pp)) {
      if (s.kind() == Scalar.Kind.NULL || written(s).isBlank()) {
        c.error(s.location(), pp + ".expect", text(s), "an expected answer must not be empty");
        expectOk = false;
      } else {
        expect.add(written(s));
      }
    }
    boolean tcp = c.bool(m, "tcp", pp, false);
    if (server == null || query == null || record == null || rcode == null || !expectOk) {
      return null;
    }
    return new ProbeSpec.Dns(server, port, query, record, rcode, expect, tcp);
  }

  private ProbeSpec.@Nullable Sip sip(Mapping m, String pp, Owner target) {
    String host = host(m, "host", pp, target);
    int port = c.integer(m, "port", pp, SIP_PORT, 1, 65535);
    String transport = oneOf(m, "transport", pp, TRANSPORTS, "udp", false);
    String uri = c.string(m, "uri", pp, false);
    if (uri != null && (!uri.regionMatches(true, 0, "sip:", 0, 4) || hasSpace(uri))) {
      c.error(
          present(m, "uri").value().location(),
          pp + ".uri",
          uri,
          "not a SIP URI: write it like sip:pbx.example.net or sip:100@192.0.2.5:5060");
      return null;
    }
    if (host == null || transport == null || (uri == null && m.entries().containsKey("uri"))) {
      return null;
    }
    return new ProbeSpec.Sip(
        host,
        port,
        "tcp".equals(transport),
        uri == null ? "sip:" + urlHost(host) + ":" + port : uri);
  }

  private ProbeSpec.@Nullable Rtsp rtsp(Mapping m, String pp, Owner target) {
    URI url = url(m, pp, target, Set.of("rtsp"), "must be an absolute rtsp:// URL");
    boolean requireMedia = c.bool(m, "require_media", pp, true);
    ProbeSpec.BasicAuth auth = basicAuth(m, pp, target);
    if (url == null || (m.entries().containsKey("basic_auth") && auth == null)) {
      return null;
    }
    return new ProbeSpec.Rtsp(url, requireMedia, auth);
  }

  /** A required port; 0 when missing or wrong (reported). */
  private int requiredPort(Mapping m, String pp) {
    if (!m.entries().containsKey("port")) {
      c.error(m.location(), pp + ".port", null, "missing: the TCP port to connect to, 1 to 65535");
      return 0;
    }
    return c.integer(m, "port", pp, 0, 1, 65535);
  }

  /** The host under {@code key}, or the target's address when the key is absent. */
  private @Nullable String host(Mapping m, String key, String pp, Owner target) {
    if (!m.entries().containsKey(key)) {
      if (target.address() == null && target.reportNoAddress()) {
        c.error(
            m.location(),
            pp + "." + key,
            null,
            "missing: the target has no address for this probe to default to; give the probe a "
                + key
                + " or the target an address");
      }
      return target.address();
    }
    String host = c.string(m, key, pp, false);
    if (host != null && (hasSpace(host) || host.contains("/"))) {
      c.error(
          present(m, key).value().location(),
          pp + "." + key,
          host,
          "not a host: a name or an IP address, without a scheme, path or port");
      return null;
    }
    return host;
  }

  /**
   * The required URL, {@link #ADDRESS} replaced by the target's address, absolute, of one of the
   * schemes, with a host and no user information.
   */
  private @Nullable URI url(
      Mapping m, String pp, Owner target, Set<String> schemes, String schemeMessage) {
    String text = c.string(m, "url", pp, true);
    if (text == null) {
      return null;
    }
    Location at = present(m, "url").value().location();
    String key = pp + ".url";
    String expanded = text;
    if (text.contains(ADDRESS)) {
      if (target.address() == null) {
        if (target.reportNoAddress()) {
          c.error(
              at,
              key,
              text,
              "uses " + ADDRESS + ", but the target has no address: give the target one");
        }
        return null;
      }
      expanded = text.replace(ADDRESS, urlHost(target.address()));
    }
    URI uri;
    try {
      uri = new URI(expanded);
    } catch (URISyntaxException e) {
      c.error(
          at,
          key,
          text,
          "not a URL: "
              + e.getReason()
              + (e.getIndex() >= 0 ? " at index " + e.getIndex() : "")
              + (expanded.indexOf('{') >= 0 ? " (the only placeholder is " + ADDRESS + ")" : ""));
      return null;
    }
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || uri.isOpaque() || !schemes.contains(scheme)) {
      c.error(at, key, text, schemeMessage);
      return null;
    }
    if (uri.getRawUserInfo() != null) {
      // The value is deliberately not echoed: it may hold a password.
      c.error(
          at,
          key,
          null,
          "secrets are never written inline: take the user and password out of the URL and give"
              + " them as basic_auth");
      return null;
    }
    if (uri.getHost() == null) {
      c.error(at, key, text, "has no host, or one that is not a valid host name");
      return null;
    }
    return uri;
  }

  /** An address as the host of a URL: an IPv6 address in brackets. */
  static String urlHost(String address) {
    return address.indexOf(':') >= 0 && !address.startsWith("[") ? "[" + address + "]" : address;
  }

  private static boolean hasSpace(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i)) || Character.isISOControl(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** A regular expression, compiled now so that a mistake is found here, not when probing. */
  private @Nullable Pattern regex(Mapping m, String key, String pp) {
    Scalar s = c.scalar(m, key, pp);
    if (s == null) {
      return null;
    }
    String text = written(s);
    if (text.isEmpty()) {
      c.error(
          s.location(), pp + "." + key, text, "an empty pattern matches anything: leave it out");
      return null;
    }
    try {
      return Pattern.compile(text);
    } catch (PatternSyntaxException e) {
      c.error(
          s.location(),
          pp + "." + key,
          text,
          "not a valid regular expression: "
              + e.getDescription()
              + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
      return null;
    }
  }

  /**
   * One of {@code values}, written in any case, as it is in {@code values}; {@code fallback} when
   * absent, null when wrong (reported).
   */
  private @Nullable String oneOf(
      Mapping m, String key, String pp, List<String> values, String fallback, boolean upper) {
    Scalar s = c.scalar(m, key, pp);
    if (s == null) {
      return m.entries().containsKey(key) ? null : fallback;
    }
    String text = written(s);
    String normal = upper ? text.toUpperCase(Locale.ROOT) : text.toLowerCase(Locale.ROOT);
    if (values.contains(normal)) {
      return normal;
    }
    c.error(
        s.location(),
        pp + "." + key,
        text,
        "must be one of "
            + String.join(", ", values)
            + suggestion(text, new LinkedHashSet<>(values)));
    return null;
  }

  /** A list of scalars, or one scalar written alone; each non-scalar item is reported. */
  private List<Scalar> scalars(Mapping m, String key, String pp) {
    List<Scalar> scalars = new ArrayList<>();
    Entry e = m.entries().get(key);
    if (e == null) {
      return scalars;
    }
    if (e.value() instanceof Scalar s && s.kind() != Scalar.Kind.NULL) {
      scalars.add(s);
      return scalars;
    }
    Sequence list = c.sequence(e.value(), pp + "." + key);
    if (list == null) {
      return scalars;
    }
    for (int i = 0; i < list.items().size(); i++) {
      YamlNode item = list.items().get(i);
      if (item instanceof Scalar s) {
        scalars.add(s);
      } else {
        c.error(
            item.location(),
            pp + "." + key + "[" + i + "]",
            null,
            "expected a single value, found " + item.describe());
      }
    }
    return scalars;
  }

  /** {@code expect_status}: codes from 100 to 599; null when one is wrong (reported). */
  private @Nullable List<Integer> statuses(Mapping m, String pp) {
    Set<Integer> statuses = new LinkedHashSet<>();
    boolean ok = true;
    for (Scalar s : scalars(m, "expect_status", pp)) {
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

  /**
   * {@code basic_auth: {user: NAME, password: ROLE}}, the role one of the target's credentials;
   * null when absent or wrong (reported).
   */
  private ProbeSpec.@Nullable BasicAuth basicAuth(Mapping m, String pp, Owner target) {
    Entry e = m.entries().get("basic_auth");
    if (e == null) {
      return null;
    }
    String bp = pp + ".basic_auth";
    Mapping b = c.mapping(e.value(), bp, BASIC_AUTH_KEYS);
    if (b == null) {
      return null;
    }
    String user = c.string(b, "user", bp, true);
    Entry pe = b.entries().get("password");
    if (pe == null) {
      c.error(
          b.location(),
          bp + ".password",
          null,
          "missing: the role of the password among the target's credentials");
      return null;
    }
    if (pe.value() instanceof Mapping) {
      c.error(
          pe.value().location(),
          bp + ".password",
          null,
          "the password is the role of a secret among the target's credentials (password:"
              + " web_password, with web_password: {env: VARIABLE} under credentials), not the"
              + " reference itself");
      return null;
    }
    String role = c.string(b, "password", bp, true);
    if (role == null) {
      return null;
    }
    if (!target.credentials().containsKey(role) && !declaredRoles(target).contains(role)) {
      c.error(
          pe.value().location(),
          bp + ".password",
          role,
          "the target has no credential of this role"
              + suggestion(role, target.credentials().keySet())
              + "; add it under the target's credentials, e.g. "
              + role
              + ": {env: VARIABLE}");
      return null;
    }
    if (user == null || !target.credentials().containsKey(role)) {
      // A malformed credential is reported by the credentials section.
      return null;
    }
    return new ProbeSpec.BasicAuth(user, role);
  }

  /** The roles written under the target's credentials, well-formed or not. */
  private static Set<String> declaredRoles(Owner target) {
    Entry e = target.mapping().entries().get("credentials");
    return e != null && e.value() instanceof Mapping cm ? cm.entries().keySet() : Set.of();
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

  /** Labels of 1 to 63 letters, digits, '-' or '_', 253 characters at most; a final dot is fine. */
  static boolean isDnsName(String name) {
    String n =
        name.endsWith(".") && name.length() > 1 ? name.substring(0, name.length() - 1) : name;
    if (n.isEmpty() || n.length() > 253) {
      return false;
    }
    for (String label : n.split("\\.", -1)) {
      if (label.isEmpty() || label.length() > 63) {
        return false;
      }
      for (int i = 0; i < label.length(); i++) {
        char ch = label.charAt(i);
        boolean ok =
            (ch >= 'a' && ch <= 'z')
                || (ch >= 'A' && ch <= 'Z')
                || (ch >= '0' && ch <= '9')
                || ch == '-'
                || ch == '_'
                || (ch == '*' && label.length() == 1);
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }
}
