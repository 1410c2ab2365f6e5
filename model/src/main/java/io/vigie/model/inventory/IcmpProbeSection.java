package io.vigie.model.inventory;

import io.vigie.model.probe.ProbeSpec;
import io.vigie.model.yaml.YamlNode.Mapping;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** An {@code icmp} probe's settings: the host and how many echo requests a run sends. */
final class IcmpProbeSection implements ProbeTypeSection {

  private static final Set<String> KEYS = Set.of("host", "count");

  private final Checker c;
  private final ProbeFields f;

  IcmpProbeSection(ProbeFields f) {
    this.c = f.checker();
    this.f = f;
  }

  @Override
  public Set<String> keys() {
    return KEYS;
  }

  @Override
  public ProbeSpec.@Nullable Icmp read(Mapping m, String pp, Owner target, String code) {
    String host = f.host(m, "host", pp, target);
    int count = c.integer(m, "count", pp, ProbeSpec.Icmp.DEFAULT_COUNT, 1, 100);
    return host == null ? null : new ProbeSpec.Icmp(host, count);
  }
}
