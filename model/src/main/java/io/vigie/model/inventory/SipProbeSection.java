package io.vigie.model.inventory;

import static io.vigie.model.inventory.Checker.present;

import io.vigie.model.probe.ProbeSpec;
import io.vigie.model.yaml.YamlNode.Mapping;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A {@code sip} probe's settings: the host, port, transport and the URI of the OPTIONS request. */
final class SipProbeSection implements ProbeTypeSection {

  private static final Set<String> KEYS = Set.of("host", "port", "transport", "uri");

  static final List<String> TRANSPORTS = List.of("udp", "tcp");
  static final int SIP_PORT = 5060;

  private final Checker c;
  private final ProbeFields f;

  SipProbeSection(ProbeFields f) {
    this.c = f.checker();
    this.f = f;
  }

  @Override
  public Set<String> keys() {
    return KEYS;
  }

  @Override
  public ProbeSpec.@Nullable Sip read(Mapping m, String pp, Owner target, String code) {
    String host = f.host(m, "host", pp, target);
    int port = c.integer(m, "port", pp, SIP_PORT, 1, 65535);
    String transport = f.oneOf(m, "transport", pp, TRANSPORTS, "udp", false);
    String uri = c.string(m, "uri", pp, false);
    if (uri != null && (!uri.regionMatches(true, 0, "sip:", 0, 4) || ProbeFields.hasSpace(uri))) {
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
        uri == null ? "sip:" + ProbeFields.urlHost(host) + ":" + port : uri);
  }
}
