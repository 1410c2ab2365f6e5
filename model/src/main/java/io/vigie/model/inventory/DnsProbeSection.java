package io.vigie.model.inventory;

import static io.vigie.model.inventory.Checker.present;
import static io.vigie.model.inventory.Checker.text;
import static io.vigie.model.inventory.Checker.written;

import io.vigie.model.probe.ProbeSpec;
import io.vigie.model.yaml.YamlNode.Mapping;
import io.vigie.model.yaml.YamlNode.Scalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A {@code dns} probe's settings: the server (the target's address unless set), the query, the
 * record type, the expected RCODE and answers, and whether to ask over TCP.
 */
final class DnsProbeSection implements ProbeTypeSection {

  private static final Set<String> KEYS =
      Set.of("server", "port", "query", "record", "expect_rcode", "expect", "tcp");

  static final List<String> RECORDS =
      List.of("A", "AAAA", "MX", "CNAME", "TXT", "NS", "SOA", "PTR", "SRV");
  static final List<String> RCODES =
      List.of("NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED");

  static final int DNS_PORT = 53;
  static final String DEFAULT_RECORD = "A";
  static final String DEFAULT_RCODE = "NOERROR";

  private final Checker c;
  private final ProbeFields f;

  DnsProbeSection(ProbeFields f) {
    this.c = f.checker();
    this.f = f;
  }

  @Override
  public Set<String> keys() {
    return KEYS;
  }

  @Override
  public ProbeSpec.@Nullable Dns read(Mapping m, String pp, Owner target, String code) {
    String server = f.host(m, "server", pp, target);
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
    String record = f.oneOf(m, "record", pp, RECORDS, DEFAULT_RECORD, true);
    String rcode = f.oneOf(m, "expect_rcode", pp, RCODES, DEFAULT_RCODE, true);
    List<String> expect = new ArrayList<>();
    boolean expectOk = true;
    for (Scalar s : f.scalars(m, "expect", pp)) {
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
