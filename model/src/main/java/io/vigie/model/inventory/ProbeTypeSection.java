package io.vigie.model.inventory;

import io.vigie.model.probe.ProbeSpec;
import io.vigie.model.yaml.YamlNode.Mapping;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The reader of one probe type's settings ({@link ProbeSpec}), registered in {@link ProbesSection}:
 * a new probe type is one new implementation and one line there. The keys every probe has (name,
 * type, interval, timeout) are read by {@link ProbesSection}; the ones several types share by
 * {@link ProbeFields}.
 */
interface ProbeTypeSection {

  /** The keys of the type's settings, beside name, type, interval and timeout. */
  Set<String> keys();

  /** Other ways the type is written beside its code, such as {@code https} for http. */
  default List<String> alsoWritten() {
    return List.of();
  }

  /**
   * The type's settings; null when one is wrong (reported).
   *
   * @param m the probe's mapping
   * @param pp the probe's path, such as {@code targets[web-1].probes[shop]}
   * @param target what the probe takes from its target
   * @param code the type as written, such as {@code https}
   */
  @Nullable ProbeSpec read(Mapping m, String pp, Owner target, String code);

  /** What a probe takes from its target. */
  record Owner(
      Mapping mapping,
      @Nullable String address,
      boolean reportNoAddress,
      Duration interval,
      Map<String, SecretRef> credentials) {}
}
