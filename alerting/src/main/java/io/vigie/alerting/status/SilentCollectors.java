package io.vigie.alerting.status;

import io.vigie.model.inventory.Target;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Whose silence keeps a target's status as it was (marked stale) rather than DEAD: a collector of
 * no group that is silent, or a collector group whose members are all silent. One silent member of
 * a group is not in it: the others take its targets over, and a target none of them polls within
 * the no-data deadline is DEAD as any other.
 *
 * @param collectors the silent collectors that belong to no group
 * @param groups the groups whose every member is silent
 * @param groupTargets the targets of those groups
 */
record SilentCollectors(Set<String> collectors, Set<String> groups, Set<String> groupTargets) {
  static final SilentCollectors NONE = new SilentCollectors(Set.of(), Set.of(), Set.of());

  SilentCollectors {
    collectors = Set.copyOf(collectors);
    groups = Set.copyOf(groups);
    groupTargets = Set.copyOf(groupTargets);
  }

  /** Whether the target, last heard from {@code collector}, is silent for its collector's sake. */
  boolean covers(Target target, @Nullable String collector) {
    return groupTargets.contains(target.id())
        || (collector != null && collectors.contains(collector));
  }
}
