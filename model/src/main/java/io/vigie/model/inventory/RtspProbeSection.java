package io.vigie.model.inventory;

import io.vigie.model.probe.ProbeSpec;
import io.vigie.model.yaml.YamlNode.Mapping;
import java.net.URI;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** An {@code rtsp} probe's settings: the rtsp:// URL, whether media is required, basic_auth. */
final class RtspProbeSection implements ProbeTypeSection {

  private static final Set<String> KEYS = Set.of("url", "require_media", "basic_auth");

  private final Checker c;
  private final ProbeFields f;

  RtspProbeSection(ProbeFields f) {
    this.c = f.checker();
    this.f = f;
  }

  @Override
  public Set<String> keys() {
    return KEYS;
  }

  @Override
  public ProbeSpec.@Nullable Rtsp read(Mapping m, String pp, Owner target, String code) {
    URI url = f.url(m, pp, target, Set.of("rtsp"), "must be an absolute rtsp:// URL");
    boolean requireMedia = c.bool(m, "require_media", pp, true);
    ProbeSpec.BasicAuth auth = f.basicAuth(m, pp, target);
    if (url == null || (m.entries().containsKey("basic_auth") && auth == null)) {
      return null;
    }
    return new ProbeSpec.Rtsp(url, requireMedia, auth);
  }
}
