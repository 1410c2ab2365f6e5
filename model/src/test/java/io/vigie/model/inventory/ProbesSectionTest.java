package io.vigie.model.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vigie.model.probe.Probe;
import io.vigie.model.probe.ProbeSpec;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;
import org.junit.jupiter.api.Test;

/** A target's {@code probes:}, read into {@link Probe} records, and every mistake in them. */
class ProbesSectionTest {

  private static final String HEAD =
      """
      version: 1
      clients: [{id: acme, name: ACME}]
      targets:
      """;

  private final InventoryLoader loader =
      new InventoryLoader(new SecretResolver(Map.of("WEB_PASSWORD", "p", "CAM", "c")), true);

  private Inventory load(String targets) throws InventoryException {
    return loader.parse(HEAD + targets, "inv.yml");
  }

  private List<String> errors(String targets) {
    InventoryException e =
        catchThrowableOfType(
            InventoryException.class, () -> loader.parse(HEAD + targets, "inv.yml"));
    assertThat(e).as("expected the inventory to be refused").isNotNull();
    return e.errors().stream().map(InventoryError::toString).toList();
  }

  private static void assertProbes(List<Probe> actual, Probe... expected) {
    assertThat(actual)
        .usingRecursiveFieldByFieldElementComparator(
            RecursiveComparisonConfiguration.builder()
                .withComparatorForType(Comparator.comparing(Pattern::pattern), Pattern.class)
                .build())
        .containsExactly(expected);
  }

  @Test
  void readsOneProbeOfEachTypeWithItsDefaults() throws Exception {
    Inventory inventory =
        load(
            """
              - id: web-1
                client: acme
                kind: ssh
                address: 192.0.2.10
                interval: 30s
                credentials:
                  password: {env: WEB_PASSWORD}
                  web: {env: WEB_PASSWORD}
                  cam: {env: CAM}
                ssh: {user: monitor, trust_on_first_use: true}
                probes:
                  - {name: smtp, type: tcp, port: 25, send: "EHLO vigie\\r\\n", expect: "^220 "}
                  - name: shop
                    type: https
                    url: https://shop.example.com/health
                    interval: 1m
                    timeout: 20s
                    method: head
                    expect_status: [200, 204]
                    body_matches: "ok|up"
                    body_must_not_match: error
                    follow_redirects: false
                    headers: {Accept: text/html, X-Probe: vigie}
                    basic_auth: {user: monitor, password: web}
                    tls: {warning_days: 30, error_days: 10, verify: false}
                  - {name: local-http, type: http, url: "http://{address}:8080/"}
                  - {name: ping, type: icmp}
                  - {name: resolver, type: dns, query: example.com}
                  - name: mx
                    type: dns
                    server: 192.0.2.53
                    port: 5353
                    query: example.com.
                    record: mx
                    expect_rcode: nxdomain
                    expect: ["10 mail.example.com."]
                    tcp: true
                  - {name: pbx, type: sip}
                  - {name: trunk, type: sip, host: sip.example.net, port: 5061, transport: tcp, uri: "sip:100@sip.example.net"}
                  - name: camera
                    type: rtsp
                    url: rtsp://{address}:554/stream1
                    require_media: false
                    basic_auth: {user: viewer, password: cam}
                  - {name: camera-2, type: rtsp, url: "rtsp://192.0.2.11/live", interval: 2s}
            """);
    Target web = inventory.target("web-1").orElseThrow();
    Duration t30 = Duration.ofSeconds(30);
    Duration t10 = Probe.DEFAULT_TIMEOUT;
    assertProbes(
        web.probes(),
        new Probe(
            "smtp",
            t30,
            t10,
            new ProbeSpec.Tcp("192.0.2.10", 25, "EHLO vigie\r\n", Pattern.compile("^220 "))),
        new Probe(
            "shop",
            Duration.ofMinutes(1),
            Duration.ofSeconds(20),
            new ProbeSpec.Http(
                URI.create("https://shop.example.com/health"),
                "HEAD",
                List.of(200, 204),
                Pattern.compile("ok|up"),
                Pattern.compile("error"),
                false,
                Map.of("Accept", "text/html", "X-Probe", "vigie"),
                new ProbeSpec.BasicAuth("monitor", "web"),
                new ProbeSpec.TlsExpectation(30, 10, false),
                null,
                null)),
        new Probe(
            "local-http",
            t30,
            t10,
            new ProbeSpec.Http(
                URI.create("http://192.0.2.10:8080/"),
                "GET",
                List.of(),
                null,
                null,
                true,
                Map.of(),
                null,
                ProbeSpec.TlsExpectation.DEFAULT,
                null,
                null)),
        new Probe("ping", t30, t10, new ProbeSpec.Icmp("192.0.2.10", 5)),
        new Probe(
            "resolver",
            t30,
            t10,
            new ProbeSpec.Dns("192.0.2.10", 53, "example.com", "A", "NOERROR", List.of(), false)),
        new Probe(
            "mx",
            t30,
            t10,
            new ProbeSpec.Dns(
                "192.0.2.53",
                5353,
                "example.com.",
                "MX",
                "NXDOMAIN",
                List.of("10 mail.example.com."),
                true)),
        new Probe(
            "pbx", t30, t10, new ProbeSpec.Sip("192.0.2.10", 5060, false, "sip:192.0.2.10:5060")),
        new Probe(
            "trunk",
            t30,
            t10,
            new ProbeSpec.Sip("sip.example.net", 5061, true, "sip:100@sip.example.net")),
        new Probe(
            "camera",
            t30,
            t10,
            new ProbeSpec.Rtsp(
                URI.create("rtsp://192.0.2.10:554/stream1"),
                false,
                new ProbeSpec.BasicAuth("viewer", "cam"))),
        new Probe(
            "camera-2",
            Duration.ofSeconds(2),
            Duration.ofSeconds(2),
            new ProbeSpec.Rtsp(URI.create("rtsp://192.0.2.11/live"), true, null)));
    assertThat(web.probes().get(0).check()).isEqualTo("probe:smtp");
    assertThat(web.polled()).isTrue();
  }

  @Test
  void aServiceTargetNeedsNoAddressWhenItsProbesNameTheirHosts() throws Exception {
    Inventory inventory =
        load(
            """
              - id: shop
                client: acme
                kind: service
                probes:
                  - {name: site, type: https, url: "https://shop.example.com/"}
                  - {name: port, type: tcp, host: shop.example.com, port: 443}
            """);
    Target shop = inventory.target("shop").orElseThrow();
    assertThat(shop.address()).isEmpty();
    assertThat(shop.polled()).isFalse();
    assertThat(shop.probes()).extracting(Probe::name).containsExactly("site", "port");
    assertThat(shop.probes().get(1).spec())
        .isEqualTo(new ProbeSpec.Tcp("shop.example.com", 443, null, null));
  }

  @Test
  void aServiceTargetWithAnAddressLendsItToItsProbes() throws Exception {
    Inventory inventory =
        load(
            """
              - id: pbx
                client: acme
                kind: service
                address: 2001:db8::5
                interval: 500ms
                probes:
                  - {name: sip, type: sip, interval: 1s}
                  - {name: web, type: http, url: "http://{address}/", interval: 5s}
            """);
    Target pbx = inventory.target("pbx").orElseThrow();
    assertThat(pbx.probes().get(0).spec())
        .isEqualTo(new ProbeSpec.Sip("2001:db8::5", 5060, false, "sip:[2001:db8::5]:5060"));
    assertThat(pbx.probes().get(0).timeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(((ProbeSpec.Http) pbx.probes().get(1).spec()).url())
        .isEqualTo(URI.create("http://[2001:db8::5]/"));
  }

  @Test
  void aLocalTargetsProbesDefaultToLocalhost() throws Exception {
    Inventory inventory =
        load(
            """
              - id: me
                client: acme
                kind: local
                probes: [{name: influx, type: tcp, port: 8086}]
            """);
    assertThat(inventory.target("me").orElseThrow().probes().get(0).spec())
        .isEqualTo(new ProbeSpec.Tcp("localhost", 8086, null, null));
  }

  @Test
  void aServiceTargetWithoutProbesWatchesNothing() {
    assertThat(
            errors(
                """
                  - id: shop
                    client: acme
                    kind: service
                    address: shop.example.com
                  - id: shop2
                    client: acme
                    kind: service
                    probes: []
                """))
        .containsExactly(
            "inv.yml:4:5: targets[shop].probes: missing: a service target is watched only through"
                + " its probes, and would watch nothing without one",
            "inv.yml:11:13: targets[shop2].probes: empty: a service target is watched only through"
                + " its probes, and would watch nothing without one");
  }

  @Test
  void aServiceTargetNeedsAnAddressOnlyForTheProbesThatUseIt() {
    assertThat(
            errors(
                """
                  - id: shop
                    client: acme
                    kind: service
                    probes:
                      - {name: ping, type: icmp}
                      - {name: site, type: http, url: "http://{address}/"}
                      - {name: ns, type: dns, query: example.com}
                      - {name: ok, type: icmp, host: shop.example.com}
                """))
        .containsExactly(
            "inv.yml:8:9: targets[shop].probes[ping].host: missing: the target has no address for"
                + " this probe to default to; give the probe a host or the target an address",
            "inv.yml:9:39: targets[shop].probes[site].url: uses {address}, but the target has no"
                + " address: give the target one (found \"http://{address}/\")",
            "inv.yml:10:9: targets[shop].probes[ns].server: missing: the target has no address"
                + " for this probe to default to; give the probe a server or the target an"
                + " address");
  }

  @Test
  void namesAreRequiredUniqueAndTagValues() {
    assertThat(
            errors(
                """
                  - id: web
                    client: acme
                    kind: local
                    probes:
                      - {name: site, type: icmp}
                      - {name: site, type: icmp}
                      - {type: icmp}
                      - {name: 'C:\\', type: icmp}
                """))
        .containsExactly(
            "inv.yml:9:16: targets[web].probes[1].name: duplicate probe name on this target (first"
                + " at line 8) (found \"site\")",
            "inv.yml:10:9: targets[web].probes[2].name: missing: every probe has a name, unique on"
                + " its target",
            "inv.yml:11:16: targets[web].probes[3].name: a probe's name is written as the probe"
                + " tag: a tag value cannot end with a backslash (InfluxDB 1.x reads it as escaping"
                + " the separator) (found \"C:\\\\\")");
  }

  @Test
  void typesIntervalsAndTimeouts() {
    assertThat(
            errors(
                """
                  - id: web
                    client: acme
                    kind: local
                    probes:
                      - {name: a, type: dnss, query: example.com}
                      - {name: b}
                      - {name: d, type: icmp, interval: 900ms}
                      - {name: e, type: icmp, interval: 5s, timeout: 6s}
                      - {name: f, type: icmp, interval: 5s, timeout: 0s}
                  - id: fast
                    client: acme
                    kind: local
                    interval: 500ms
                    probes:
                      - {name: c, type: icmp}
                """))
        .containsExactly(
            "inv.yml:8:25: targets[web].probes[a].type: must be one of tcp, http, https, icmp, dns,"
                + " sip, rtsp (did you mean dns?) (found \"dnss\")",
            "inv.yml:9:9: targets[web].probes[b].type: missing: one of tcp, http, https, icmp, dns,"
                + " sip, rtsp",
            "inv.yml:10:41: targets[web].probes[d].interval: must be at least 1s (found \"900ms\")",
            "inv.yml:11:54: targets[web].probes[e].timeout: longer than the probe's interval, 5s: a"
                + " run must end before the next one starts (found \"6s\")",
            "inv.yml:12:54: targets[web].probes[f].timeout: must be more than 0 (found \"0s\")",
            "inv.yml:18:9: targets[fast].probes[c].interval: missing: the target's interval, 500ms,"
                + " is shorter than a probe's shortest, 1s; give the probe its own");
  }

  @Test
  void unknownKeysGetSuggestionsForTheirType() {
    assertThat(
            errors(
                """
                  - id: web
                    client: acme
                    kind: local
                    probes:
                      - name: site
                        type: http
                        url: http://x.example/
                        expected_status: [200]
                        port: 80
                """))
        .containsExactly(
            "inv.yml:11:9: targets[web].probes[site].expected_status: unknown key (did you mean"
                + " expect_status?); known keys: basic_auth, body_matches, body_must_not_match,"
                + " connect_timeout, expect_status, follow_redirects, headers, interval, method,"
                + " name, read_timeout, timeout, tls, type, url (found \"expected_status\")",
            "inv.yml:12:9: targets[web].probes[site].port: unknown key; known keys: basic_auth,"
                + " body_matches, body_must_not_match, connect_timeout, expect_status,"
                + " follow_redirects, headers, interval, method, name, read_timeout, timeout, tls,"
                + " type, url (found \"port\")");
  }

  @Test
  void tcpMistakes() {
    assertThat(
            errors(
                """
                  - id: web
                    client: acme
                    kind: local
                    probes:
                      - {name: a, type: tcp}
                      - {name: b, type: tcp, port: 70000, host: "http://x/"}
                      - {name: c, type: tcp, port: 22, expect: "SSH-(2"}
                """))
        .containsExactly(
            "inv.yml:8:9: targets[web].probes[a].port: missing: the TCP port to connect to, 1 to"
                + " 65535",
            "inv.yml:9:36: targets[web].probes[b].port: must be a whole number from 1 to 65535"
                + " (found \"70000\")",
            "inv.yml:9:49: targets[web].probes[b].host: not a host: a name or an IP address,"
                + " without a scheme, path or port (found \"http://x/\")",
            "inv.yml:10:48: targets[web].probes[c].expect: not a valid regular expression:"
                + " Unclosed group at index 6 (found \"SSH-(2\")");
  }

  @Test
  void httpMistakes() {
    assertThat(
            errors(
                """
                  - id: web
                    client: acme
                    kind: local
                    credentials: {web: {env: WEB_PASSWORD}}
                    probes:
                      - {name: a, type: https, url: "http://x.example/"}
                      - {name: b, type: http, url: "/health"}
                      - {name: c, type: http, url: "http://x.example/{adress}"}
                      - {name: d, type: http, url: "https://admin:hunter2@x.example/"}
                      - name: e
                        type: http
                        url: http://x.example/
                        method: BREW
                        expect_status: [200, 600]
                        body_matches: "[a-"
                        follow_redirects: maybe
                        tls: {warning_days: 5}
                      - name: f
                        type: https
                        url: https://x.example/
                        tls: {warning_days: 7, error_days: 7, verify: true}
                        headers:
                          "Bad Name": x
                          Authorization: Bearer s3cret
                          Host: other.example
                          X-Line: "a\\nb"
                          Accept: a
                          accept: b
                        basic_auth: {user: monitor, password: wbe}
                      - name: g
                        type: https
                        url: https://x.example/
                        basic_auth: {user: monitor, password: {env: WEB_PASSWORD}}
                      - name: h
                        type: http
                        url: http://x.example/
                        connect_timeout: soon
                        read_timeout: 0s
                        headers: {X-Name: "Zoé"}
                """))
        .containsExactly(
            "inv.yml:9:37: targets[web].probes[a].url: an https probe needs an https:// URL (an"
                + " http probe takes http:// and https://) (found \"http://x.example/\")",
            "inv.yml:10:36: targets[web].probes[b].url: must be an absolute http:// or https://"
                + " URL (found \"/health\")",
            "inv.yml:11:36: targets[web].probes[c].url: not a URL: Illegal character in path at"
                + " index 17 (the only placeholder is {address}) (found"
                + " \"http://x.example/{adress}\")",
            "inv.yml:12:36: targets[web].probes[d].url: secrets are never written inline: take the"
                + " user and password out of the URL and give them as basic_auth",
            "inv.yml:16:17: targets[web].probes[e].method: must be one of GET, HEAD, POST, PUT,"
                + " PATCH, DELETE, OPTIONS (found \"BREW\")",
            "inv.yml:17:30: targets[web].probes[e].expect_status: an HTTP status is a whole number"
                + " from 100 to 599 (found \"600\")",
            "inv.yml:18:23: targets[web].probes[e].body_matches: not a valid regular expression:"
                + " Illegal character range at index 3 (found \"[a-\")",
            "inv.yml:19:27: targets[web].probes[e].follow_redirects: must be true or false (found"
                + " \"maybe\")",
            "inv.yml:20:9: targets[web].probes[e].tls: only an https URL takes tls settings: this"
                + " probe's URL is http:// (found \"tls\")",
            "inv.yml:20:29: targets[web].probes[e].tls.warning_days: warning_days (5) must be more"
                + " than error_days (7): a certificate warns before it errs (found \"5\")",
            "inv.yml:24:29: targets[web].probes[f].tls.warning_days: warning_days (7) must be more"
                + " than error_days (7): a certificate warns before it errs (found \"7\")",
            "inv.yml:26:11: targets[web].probes[f].headers.Bad Name: not a header name: letters,"
                + " digits and !#$%&'*+-.^_`|~, without spaces (found \"Bad Name\")",
            "inv.yml:27:11: targets[web].probes[f].headers.Authorization: secrets are never written"
                + " inline: use basic_auth, whose password is one of the target's credentials",
            "inv.yml:28:11: targets[web].probes[f].headers.Host: set by the HTTP client itself, and"
                + " refused from a probe: write the host name in the URL (found \"Host\")",
            "inv.yml:29:19: targets[web].probes[f].headers.X-Line: a header value cannot contain a"
                + " line break or another control character but tab (found \"a\\nb\")",
            "inv.yml:31:11: targets[web].probes[f].headers.accept: duplicate header: header names"
                + " are case-insensitive, and Accept is given (found \"accept\")",
            "inv.yml:32:47: targets[web].probes[f].basic_auth.password: the target has no"
                + " credential of this role; add it under the target's"
                + " credentials, e.g. wbe: {env: VARIABLE} (found \"wbe\")",
            "inv.yml:36:47: targets[web].probes[g].basic_auth.password: the password is the role"
                + " of a secret among the target's credentials (password: web_password, with"
                + " web_password: {env: VARIABLE} under credentials), not the reference itself",
            "inv.yml:40:26: targets[web].probes[h].connect_timeout: not a duration: write it like"
                + " 500ms, 30s, 5m, 1h or 1h30m (found \"soon\")",
            "inv.yml:41:23: targets[web].probes[h].read_timeout: must be more than 0 (found"
                + " \"0s\")",
            "inv.yml:42:27: targets[web].probes[h].headers.X-Name: a header value is ASCII (RFC"
                + " 9110 makes other bytes obsolete and HTTP clients refuse them): encode it, as"
                + " RFC 8187 or percent-encoding (found \"Zoé\")");
  }

  @Test
  void icmpDnsSipAndRtspMistakes() {
    assertThat(
            errors(
                """
                  - id: web
                    client: acme
                    kind: local
                    probes:
                      - {name: a, type: icmp, count: 0}
                      - {name: b, type: dns, record: AAA, expect_rcode: OK}
                      - {name: c, type: dns, query: "bad name.example"}
                      - {name: d, type: sip, transport: tls, uri: "http://x"}
                      - {name: e, type: rtsp, url: "http://cam.example/"}
                      - {name: f, type: rtsp}
                """))
        .containsExactly(
            "inv.yml:8:38: targets[web].probes[a].count: must be a whole number from 1 to 100"
                + " (found \"0\")",
            "inv.yml:9:9: targets[web].probes[b].query: missing",
            "inv.yml:9:38: targets[web].probes[b].record: must be one of A, AAAA, MX, CNAME, TXT,"
                + " NS, SOA, PTR, SRV (did you mean AAAA?) (found \"AAA\")",
            "inv.yml:9:57: targets[web].probes[b].expect_rcode: must be one of NOERROR, FORMERR,"
                + " SERVFAIL, NXDOMAIN, NOTIMP, REFUSED (found \"OK\")",
            "inv.yml:10:37: targets[web].probes[c].query: not a DNS name: labels of 1 to 63"
                + " letters, digits, '-' or '_' separated by dots, 253 characters at most (write an"
                + " international name in its xn-- form) (found \"bad name.example\")",
            "inv.yml:11:41: targets[web].probes[d].transport: must be one of udp, tcp (found"
                + " \"tls\")",
            "inv.yml:11:51: targets[web].probes[d].uri: not a SIP URI: write it like"
                + " sip:pbx.example.net or sip:100@192.0.2.5:5060 (found \"http://x\")",
            "inv.yml:12:36: targets[web].probes[e].url: must be an absolute rtsp:// URL (found"
                + " \"http://cam.example/\")",
            "inv.yml:13:9: targets[web].probes[f].url: missing");
  }

  @Test
  void probesIsAListOfMappings() {
    assertThat(
            errors(
                """
                  - id: web
                    client: acme
                    kind: local
                    probes: {name: a}
                  - id: web2
                    client: acme
                    kind: local
                    probes: [ping]
                """))
        .containsExactly(
            "inv.yml:7:13: targets[web].probes: expected a list, found a mapping",
            "inv.yml:11:14: targets[web2].probes[0]: expected a mapping, found the text \"ping\""
                + " (found \"ping\")");
  }

  @Test
  void aProbeOnATargetWithoutAValidAddressAddsNoErrorOfItsOwn() {
    assertThat(
            errors(
                """
                  - id: sw
                    client: acme
                    kind: snmp
                    credentials: {community: {env: WEB_PASSWORD}}
                    probes: [{name: ping, type: icmp}]
                """))
        .containsExactly("inv.yml:4:5: targets[sw].address: missing");
  }

  @Test
  void theProbeMeasurementsTagsAreReservedLabelNames() {
    assertThat(
            errors(
                """
                  - id: web
                    client: acme
                    kind: local
                    labels: {probe: x, probe_type: y}
                """))
        .containsExactly(
            "inv.yml:7:14: targets[web].labels.probe: reserved label name: the tag probe is"
                + " written by measurement probe, and would replace this label there; choose"
                + " another name (found \"probe\")",
            "inv.yml:7:24: targets[web].labels.probe_type: reserved label name: the tag"
                + " probe_type is written by measurement probe, and would replace this label there;"
                + " choose another name (found \"probe_type\")");
  }

  /**
   * The scheduler restarts a probe whose definition is not equal to the one running: reading the
   * same file again must give equal probes, regular expressions included.
   */
  @Test
  void theSameFileReadTwiceGivesEqualProbes() throws Exception {
    String targets =
        """
          - id: web
            client: acme
            kind: local
            probes:
              - {name: smtp, type: tcp, port: 25, expect: "^220 "}
              - {name: site, type: http, url: "http://{address}/", body_matches: ok, body_must_not_match: error, expect_status: 204}
        """;
    Target first = load(targets).target("web").orElseThrow();
    Target second = load(targets).target("web").orElseThrow();
    assertThat(second).isEqualTo(first).hasSameHashCodeAs(first);
    assertThat(((ProbeSpec.Http) first.probes().get(1).spec()).expectStatus()).containsExactly(204);
    Target changed = load(targets.replace("^220 ", "^220")).target("web").orElseThrow();
    assertThat(changed.probes().get(0)).isNotEqualTo(first.probes().get(0));
    assertThat(changed.probes().get(1)).isEqualTo(first.probes().get(1));
  }

  /** A probe written once in an anchor fits every host it is merged into, through {address}. */
  @Test
  void aProbeInAnAnchorTakesTheAddressOfEachTarget() throws Exception {
    Inventory inventory =
        loader.parse(
            """
            version: 1
            x-web-probes: &web-probes
              - {name: site, type: https, url: "https://{address}/health"}
              - {name: ping, type: icmp}
            clients: [{id: acme, name: ACME}]
            targets:
              - {id: web-1, client: acme, kind: service, address: 192.0.2.1, probes: *web-probes}
              - {id: web-2, client: acme, kind: service, address: web-2.example, probes: *web-probes}
            """,
            "inv.yml");
    assertThat(inventory.target("web-2").orElseThrow().probes())
        .extracting(Probe::spec)
        .containsExactly(
            new ProbeSpec.Http(
                URI.create("https://web-2.example/health"),
                "GET",
                List.of(),
                null,
                null,
                true,
                Map.of(),
                null,
                ProbeSpec.TlsExpectation.DEFAULT,
                null,
                null),
            new ProbeSpec.Icmp("web-2.example", 5));
    assertThat(inventory.target("web-1").orElseThrow().probes().get(1).spec())
        .isEqualTo(new ProbeSpec.Icmp("192.0.2.1", 5));
  }
}
