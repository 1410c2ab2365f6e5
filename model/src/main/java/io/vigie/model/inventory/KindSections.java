package io.vigie.model.inventory;

import io.vigie.model.yaml.YamlNode.Entry;
import io.vigie.model.yaml.YamlNode.Mapping;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The target kinds that take a block of their own settings, and the section that reads each: a new
 * kind's block is one new {@link KindSection} and one line here. The block's key is the kind's
 * code; a target of any other kind that has the key is an error.
 */
final class KindSections {

  private static final Map<TargetKind, Function<Checker, KindSection<?>>> SECTIONS =
      Collections.unmodifiableMap(
          new EnumMap<>(
              Map.<TargetKind, Function<Checker, KindSection<?>>>of(
                  TargetKind.SNMP, SnmpSection::new,
                  TargetKind.SSH, SshSection::new)));

  private final Map<TargetKind, KindSection<?>> sections = new EnumMap<>(TargetKind.class);
  private final Checker c;

  KindSections(Checker c) {
    this.c = c;
    SECTIONS.forEach((kind, section) -> sections.put(kind, section.apply(c)));
  }

  /** The keys of the registered blocks, as a target may hold them. */
  static Set<String> keys() {
    return SECTIONS.keySet().stream().map(TargetKind::code).collect(Collectors.toSet());
  }

  /** The section of a kind, or null when the kind takes no block (local). */
  @Nullable KindSection<?> of(@Nullable TargetKind kind) {
    return kind == null ? null : sections.get(kind);
  }

  /** Reports each block the target holds that is not its kind's. */
  void refuseOthers(Mapping target, String path, @Nullable TargetKind kind) {
    for (TargetKind other : sections.keySet()) {
      String key = other.code();
      if (kind != null && kind != other && target.entries().containsKey(key)) {
        Entry e = target.entries().get(key);
        c.error(
            e.keyLocation(),
            path + "." + key,
            key,
            "only a target of kind " + key + " takes " + key + " settings");
      }
    }
  }
}
