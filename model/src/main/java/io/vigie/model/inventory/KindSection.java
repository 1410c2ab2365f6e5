package io.vigie.model.inventory;

import io.vigie.model.yaml.YamlNode.Mapping;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The block of settings that only a target of one kind takes, under the key named as the kind
 * ({@code snmp:}, {@code ssh:}). One class per kind, registered in {@link KindSections}.
 *
 * @param <S> the settings record read
 */
interface KindSection<S> {

  /**
   * Reads and checks a target's block, which may be absent, and the credentials the kind needs.
   *
   * @param target the target's mapping
   * @param path the target's path, such as {@code targets[web-1]}
   * @param credentials the target's well-formed secret references by role
   * @return the settings, or null when the block's errors leave none
   */
  @Nullable S read(Mapping target, String path, Map<String, SecretRef> credentials);

  /**
   * The tags that the target's own measurements write (not the schema's), with what writes each in
   * words: the target's labels must not take these names. Only called on non-null settings.
   */
  default Map<String, Set<String>> ownTags(S settings) {
    return Map.of();
  }

  /**
   * Whether the block is read before the target's labels, as it must be when it declares {@link
   * #ownTags}; otherwise it is read after them. The order only decides which of two errors at the
   * same line and column is listed first, and is kept as it always was.
   */
  default boolean readBeforeLabels() {
    return false;
  }
}
