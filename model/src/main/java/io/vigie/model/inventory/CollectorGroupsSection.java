package io.vigie.model.inventory;

import io.vigie.model.yaml.Location;
import io.vigie.model.yaml.YamlNode;
import io.vigie.model.yaml.YamlNode.Entry;
import io.vigie.model.yaml.YamlNode.Mapping;
import io.vigie.model.yaml.YamlNode.Scalar;
import io.vigie.model.yaml.YamlNode.Sequence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The optional {@code collector_groups} list: each group with a unique id, its expected members
 * (collector ids, each in one group only) and what it polls, by client ({@code clients:}, every
 * target of theirs but local ones) and by target ({@code targets:}). A target belongs to one group
 * at most; a {@code local} target is the host of the collector that runs on it and cannot be
 * shared, so naming one is an error. Targets of no group are polled by the collectors started
 * without one.
 */
final class CollectorGroupsSection {
  private static final Set<String> KEYS = Set.of("id", "members", "clients", "targets");

  private final Checker c;

  CollectorGroupsSection(Checker c) {
    this.c = c;
  }

  List<CollectorGroup> read(Mapping top, Set<String> clientIds, List<Target> targets) {
    List<CollectorGroup> groups = new ArrayList<>();
    Entry entry = top.entries().get("collector_groups");
    if (entry == null) {
      return groups;
    }
    Sequence list = c.sequence(entry.value(), "collector_groups");
    if (list == null) {
      return groups;
    }
    Map<String, Target> byId = new HashMap<>();
    targets.forEach(t -> byId.put(t.id(), t));
    Map<String, Location> groupIds = new HashMap<>();
    Map<String, String> memberOf = new HashMap<>();
    Map<String, String> targetGroup = new HashMap<>();
    for (int i = 0; i < list.items().size(); i++) {
      YamlNode item = list.items().get(i);
      String path = c.itemPath("collector_groups", i, item);
      Mapping m = c.mapping(item, path, KEYS);
      if (m == null) {
        continue;
      }
      String id = c.id(m, path, groupIds, "collector group");
      List<String> members = members(m, path, id, memberOf);
      Set<String> polled = new LinkedHashSet<>();
      for (Scalar s : ids(m, "clients", path)) {
        String client = Checker.written(s);
        if (!clientIds.contains(client)) {
          c.error(s.location(), path + ".clients", client, "no client has this id");
          continue;
        }
        targets.stream()
            .filter(t -> t.client().equals(client) && t.kind() != TargetKind.LOCAL)
            .forEach(t -> claim(t.id(), id, s, path + ".clients", targetGroup, polled));
      }
      for (Scalar s : ids(m, "targets", path)) {
        String target = Checker.written(s);
        Target t = byId.get(target);
        if (t == null) {
          c.error(s.location(), path + ".targets", target, "no target has this id");
        } else if (t.kind() == TargetKind.LOCAL) {
          c.error(
              s.location(),
              path + ".targets",
              target,
              "a local target is the host its collector runs on and cannot be shared by a group");
        } else {
          claim(target, id, s, path + ".targets", targetGroup, polled);
        }
      }
      if (!m.entries().containsKey("clients") && !m.entries().containsKey("targets")) {
        c.error(m.location(), path, null, "polls nothing: give it clients: or targets:");
      }
      if (id != null && !members.isEmpty()) {
        groups.add(new CollectorGroup(id, members, polled));
      }
    }
    return groups;
  }

  private void claim(
      String target,
      @Nullable String group,
      Scalar where,
      String key,
      Map<String, String> targetGroup,
      Set<String> polled) {
    String first = targetGroup.putIfAbsent(target, group == null ? "" : group);
    if (first != null && !first.equals(group)) {
      c.error(
          where.location(),
          key,
          Checker.written(where),
          "target " + target + " is already polled by collector group " + first);
      return;
    }
    polled.add(target);
  }

  private List<String> members(
      Mapping m, String path, @Nullable String group, Map<String, String> memberOf) {
    List<String> members = new ArrayList<>();
    if (!m.entries().containsKey("members")) {
      c.error(
          m.location(), path + ".members", null, "missing: list the collector ids of the group");
      return members;
    }
    for (Scalar s : ids(m, "members", path)) {
      String member = Checker.written(s);
      if (!InventoryLoader.isId(member)) {
        c.error(
            s.location(),
            path + ".members",
            member,
            "a collector id is 1 to 63 letters, digits, '.', '_' or '-', starting with a letter"
                + " or digit");
        continue;
      }
      String first = memberOf.putIfAbsent(member, group == null ? "" : group);
      if (first != null) {
        c.error(
            s.location(),
            path + ".members",
            member,
            "collector " + member + " is already a member of collector group " + first);
        continue;
      }
      members.add(member);
    }
    return members;
  }

  /** The scalars of a list of ids; a missing key is an empty list. */
  private List<Scalar> ids(Mapping m, String key, String path) {
    Entry entry = m.entries().get(key);
    List<Scalar> scalars = new ArrayList<>();
    if (entry == null) {
      return scalars;
    }
    Sequence list = c.sequence(entry.value(), path + "." + key);
    if (list == null) {
      return scalars;
    }
    for (YamlNode item : list.items()) {
      if (item instanceof Scalar s && s.kind() != Scalar.Kind.NULL) {
        scalars.add(s);
      } else {
        c.error(item.location(), path + "." + key, Checker.text(item), "expected an id");
      }
    }
    return scalars;
  }
}
