package io.vigie.model.inventory;

import java.util.List;
import java.util.Set;

/**
 * A collector group ({@code collector_groups:}): collectors that share a set of targets, each
 * target polled by one member at a time, taken over by the others when its poller dies
 * (docs/scaling.md).
 *
 * @param id the group's id, which its members are started with ({@code vigie.group})
 * @param members the collector ids expected in the group: one silent is "the group lost a member"
 *     for the NOC, not "its targets are down"
 * @param targets the ids of every target the group polls: those named, and those of its clients
 */
public record CollectorGroup(String id, List<String> members, Set<String> targets) {
  public CollectorGroup {
    members = List.copyOf(members);
    targets = Set.copyOf(targets);
  }

  public boolean polls(String targetId) {
    return targets.contains(targetId);
  }
}
