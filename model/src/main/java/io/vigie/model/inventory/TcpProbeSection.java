package io.vigie.model.inventory;

import static io.vigie.model.inventory.Checker.written;

import io.vigie.model.probe.ProbeSpec;
import io.vigie.model.yaml.YamlNode.Mapping;
import io.vigie.model.yaml.YamlNode.Scalar;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** A {@code tcp} probe's settings: a port, the host, a line to send and the banner to expect. */
final class TcpProbeSection implements ProbeTypeSection {

  private static final Set<String> KEYS = Set.of("port", "host", "send", "expect");

  private final Checker c;
  private final ProbeFields f;

  TcpProbeSection(ProbeFields f) {
    this.c = f.checker();
    this.f = f;
  }

  @Override
  public Set<String> keys() {
    return KEYS;
  }

  @Override
  public ProbeSpec.@Nullable Tcp read(Mapping m, String pp, Owner target, String code) {
    int port = f.requiredPort(m, pp);
    String host = f.host(m, "host", pp, target);
    String send = null;
    Scalar s = c.scalar(m, "send", pp);
    if (s != null) {
      send = written(s);
      if (send.isEmpty()) {
        c.error(s.location(), pp + ".send", send, "must not be empty: leave send out instead");
        send = null;
      }
    }
    Pattern expect = f.regex(m, "expect", pp);
    if (port == 0 || host == null) {
      return null;
    }
    return new ProbeSpec.Tcp(host, port, send, expect);
  }
}
