package io.vigie.bench;

import io.vigie.model.inventory.Client;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.Language;
import io.vigie.model.inventory.Target;
import io.vigie.model.inventory.TargetKind;
import io.vigie.model.inventory.Thresholds;
import io.vigie.model.probe.Probe;
import io.vigie.model.probe.ProbeSpec;
import io.vigie.testkit.Nginx;
import io.vigie.testkit.TestCertificates;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The probes of the benchmark, each run by both Vigie and blackbox_exporter: the mix of types, the
 * endpoint class of each (what it should say), and how each side names it.
 */
final class ProbePlan {
  /** Probes per Vigie {@code service} target. */
  private static final int PER_TARGET = 100;

  /** The types, in the order planned. */
  static final List<String> TYPES = List.of("tcp", "http", "https", "icmp", "dns");

  /** Share of each type in the mix, in per mille. */
  static final Map<String, Integer> MIX =
      Map.of("tcp", 300, "http", 250, "https", 200, "icmp", 100, "dns", 150);

  /**
   * One probe.
   *
   * @param target the Vigie target it sits on
   * @param name the probe's name on it
   * @param endpoint its endpoint class, e.g. {@code https expired cert}
   * @param expectUp whether the endpoint is meant to be up
   * @param probe Vigie's probe
   * @param module the blackbox_exporter module
   * @param exporterTarget the blackbox_exporter target
   */
  record Planned(
      String target,
      String name,
      String endpoint,
      boolean expectUp,
      Probe probe,
      String module,
      String exporterTarget) {
    String key() {
      return target + "/" + name;
    }
  }

  /** An endpoint class: a share of its type's probes. */
  private record Endpoint(String type, String label, int perMille, boolean up) {}

  private static final List<Endpoint> ENDPOINTS =
      List.of(
          new Endpoint("tcp", "tcp open port (nginx)", 800, true),
          new Endpoint("tcp", "tcp closed port", 200, false),
          new Endpoint("http", "http 200", 800, true),
          new Endpoint("http", "http 301 to 200 (followed)", 100, true),
          new Endpoint("http", "http 500", 100, false),
          new Endpoint("https", "https valid cert, 200", 800, true),
          new Endpoint("https", "https expired cert", 100, false),
          new Endpoint("https", "https cert for another host", 100, false),
          new Endpoint("icmp", "icmp 127.0.0.0/8", 1000, true),
          new Endpoint("dns", "dns A, name exists", 900, true),
          new Endpoint("dns", "dns A, NXDOMAIN", 100, false));

  final List<Planned> probes;
  final Map<String, Long> byType;

  private ProbePlan(List<Planned> probes, Map<String, Long> byType) {
    this.probes = List.copyOf(probes);
    this.byType = byType;
  }

  /** Names dnsmasq must know: {@code hNNNN.vigie.test} for the probes whose name exists. */
  static String dnsName(int i, boolean exists) {
    return String.format("%s%04d.%s", exists ? "h" : "nx", i, ProbeDnsmasq.DOMAIN);
  }

  /**
   * The plan: {@code total} probes over {@code types} (a subset of the mix's, their shares scaled
   * to fill the total), each type spread over its endpoint classes.
   */
  static ProbePlan build(
      int total, List<String> types, Duration interval, Nginx nginx, int closedPort, int dnsPort) {
    int shares = types.stream().mapToInt(t -> MIX.getOrDefault(t, 0)).sum();
    List<Planned> out = new ArrayList<>();
    Map<String, Long> byType = new LinkedHashMap<>();
    int assigned = 0;
    int[] openPorts = {
      nginx.httpPort(),
      nginx.httpsPort(TestCertificates.Kind.VALID),
      nginx.httpsPort(TestCertificates.Kind.EXPIRED),
      nginx.httpsPort(TestCertificates.Kind.WRONG_HOST)
    };
    int seq = 0;
    for (String type : types) {
      int n =
          type.equals(types.get(types.size() - 1))
              ? total - assigned
              : (int) Math.round(total * MIX.getOrDefault(type, 0) / (double) shares);
      assigned += n;
      byType.put(type, (long) n);
      List<Endpoint> classes = ENDPOINTS.stream().filter(e -> e.type().equals(type)).toList();
      int given = 0;
      for (int c = 0; c < classes.size(); c++) {
        Endpoint e = classes.get(c);
        int m = c == classes.size() - 1 ? n - given : (int) Math.round(n * e.perMille() / 1000.0);
        given += m;
        for (int i = 0; i < m; i++, seq++) {
          String target = String.format("%s-%d-%02d", type, c, i / PER_TARGET);
          String name = String.format("p%04d", seq);
          out.add(
              planned(
                  type,
                  c,
                  e,
                  i,
                  seq,
                  target,
                  name,
                  interval,
                  nginx,
                  openPorts,
                  closedPort,
                  dnsPort));
        }
      }
    }
    return new ProbePlan(out, byType);
  }

  private static Planned planned(
      String type,
      int c,
      Endpoint e,
      int i,
      int seq,
      String target,
      String name,
      Duration interval,
      Nginx nginx,
      int[] openPorts,
      int closedPort,
      int dnsPort) {
    Duration timeout = Probe.DEFAULT_TIMEOUT;
    return switch (type) {
      case "tcp" -> {
        int port = c == 0 ? openPorts[i % openPorts.length] : closedPort;
        yield new Planned(
            target,
            name,
            e.label(),
            e.up(),
            new Probe(name, interval, timeout, new ProbeSpec.Tcp("127.0.0.1", port, null, null)),
            "tcp_connect",
            "127.0.0.1:" + port);
      }
      case "http", "https" -> {
        String url;
        if (type.equals("http")) {
          String path = c == 0 ? "/ok" : c == 1 ? "/redirect" : "/error";
          url = "http://127.0.0.1:" + nginx.httpPort() + path + "?n=" + seq;
        } else {
          TestCertificates.Kind kind =
              c == 0
                  ? TestCertificates.Kind.VALID
                  : c == 1 ? TestCertificates.Kind.EXPIRED : TestCertificates.Kind.WRONG_HOST;
          url = "https://127.0.0.1:" + nginx.httpsPort(kind) + "/ok?n=" + seq;
        }
        ProbeSpec.Http spec =
            new ProbeSpec.Http(
                URI.create(url),
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
        yield new Planned(
            target,
            name,
            e.label(),
            e.up(),
            new Probe(name, interval, timeout, spec),
            "http_2xx",
            url);
      }
      case "icmp" -> {
        String host = "127.0.0." + (1 + i % 50);
        yield new Planned(
            target,
            name,
            e.label(),
            e.up(),
            new Probe(name, interval, timeout, new ProbeSpec.Icmp(host, 1)),
            "icmp",
            host);
      }
      default -> {
        String query = dnsName(seq, e.up());
        yield new Planned(
            target,
            name,
            e.label(),
            e.up(),
            new Probe(
                name,
                interval,
                timeout,
                new ProbeSpec.Dns("127.0.0.1", dnsPort, query, "A", "NOERROR", List.of(), false)),
            "dns_" + name,
            "127.0.0.1:" + dnsPort);
      }
    };
  }

  /** The names dnsmasq answers for, with their address. */
  List<String> dnsHosts() {
    List<String> names = new ArrayList<>();
    for (Planned p : probes) {
      if (p.probe().spec() instanceof ProbeSpec.Dns d && p.expectUp()) {
        names.add(d.name());
      }
    }
    return names;
  }

  /** Every probe on {@code service} targets of {@value #PER_TARGET} probes each. */
  Inventory inventory(Duration interval) {
    Map<String, List<Probe>> byTarget = new LinkedHashMap<>();
    for (Planned p : probes) {
      byTarget.computeIfAbsent(p.target(), t -> new ArrayList<>()).add(p.probe());
    }
    List<Target> targets = new ArrayList<>();
    byTarget.forEach(
        (id, list) ->
            targets.add(
                new Target(
                    id,
                    "bench",
                    TargetKind.SERVICE,
                    "",
                    interval,
                    null,
                    Map.of(),
                    Map.of(),
                    null,
                    null,
                    list)));
    return new Inventory(
        "bench",
        interval,
        List.of(new Client("bench", "Bench", List.of(), Language.EN, null)),
        targets,
        Thresholds.none());
  }

  /** The blackbox.yml: the shared modules, and a dns module per queried name. */
  String blackboxYaml(java.nio.file.Path caFile) {
    StringBuilder y = new StringBuilder("modules:\n");
    y.append("  tcp_connect:\n    prober: tcp\n    timeout: 10s\n")
        .append("    tcp:\n      preferred_ip_protocol: ip4\n");
    y.append("  http_2xx:\n    prober: http\n    timeout: 10s\n")
        .append("    http:\n      preferred_ip_protocol: ip4\n")
        .append("      tls_config:\n        ca_file: ")
        .append(caFile)
        .append("\n");
    y.append("  icmp:\n    prober: icmp\n    timeout: 10s\n")
        .append("    icmp:\n      preferred_ip_protocol: ip4\n");
    for (Planned p : probes) {
      if (p.probe().spec() instanceof ProbeSpec.Dns d) {
        y.append("  ")
            .append(p.module())
            .append(":\n    prober: dns\n    timeout: 10s\n    dns:\n")
            .append("      preferred_ip_protocol: ip4\n      transport_protocol: udp\n")
            .append("      query_name: ")
            .append(d.name())
            .append("\n      query_type: A\n      valid_rcodes: [NOERROR]\n");
      }
    }
    return y.toString();
  }
}
