package io.vigie.model.yaml;

import static io.vigie.model.yaml.YamlTreeReader.EXPANSION_FACTOR;
import static io.vigie.model.yaml.YamlTreeReader.MIN_EXPANDED_NODES;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;

/**
 * A document's anchors and what its aliases cost: the nodes written, the nodes they stand for once
 * every alias is expanded, and the alias that took the expanded size past the budget, which is how
 * {@link YamlTreeReader} refuses an alias bomb.
 *
 * <p>Apart from the reader because this accounting (anchors still open, sizes that saturate, the
 * budget proportional to what is written) is the reader's defence against aliases, and reads best
 * on its own; the reader only tells it what it meets.
 */
final class AliasExpansion {

  /** An anchor whose collection is still being read: an alias to it would be recursive. */
  private record Open(Location location) {}

  /** Where an alias took the expanded size of the document past a count. */
  private record AliasUse(Location location, String path, String name, long expandedAfter) {}

  private final Map<String, Object> anchors = new HashMap<>();
  private final List<AliasUse> bigAliases = new ArrayList<>();
  private long written;
  private long expanded;

  /** Nodes written in the document, each also one node of the expanded document. */
  void count(long nodes) {
    written += nodes;
    expanded = saturatedAdd(expanded, nodes);
  }

  /** A collection with this event's anchor, if any, starts: aliases to it are recursive for now. */
  void open(Event event, Location location) {
    anchorName(event).ifPresent(name -> anchors.put(name, new Open(location)));
  }

  /** A node with this event's anchor, if any, is read: aliases after it expand to it. */
  void anchor(Event event, SizedNode built) {
    anchorName(event).ifPresent(name -> anchors.put(name, built));
  }

  /**
   * The node an alias stands for, as if written where the alias is, its size charged to the
   * expanded document; a null scalar, and a problem, when the alias names no anchor read before it
   * or the collection that contains it.
   */
  SizedNode alias(
      AliasEvent event,
      Location location,
      Supplier<String> path,
      List<YamlTreeReader.Problem> problems) {
    written++;
    String name = event.getAlias().getValue();
    Object target = anchors.get(name);
    if (target instanceof SizedNode built) {
      expanded = saturatedAdd(expanded, built.size());
      if (expanded > MIN_EXPANDED_NODES) {
        bigAliases.add(new AliasUse(location, path.get(), name, expanded));
      }
      return new SizedNode(at(built.node(), location), built.size());
    }
    String message =
        target instanceof Open open
            ? "recursive alias: it refers to the node that contains it (anchored at "
                + open.location()
                + ")"
            : "no anchor &" + name + " is defined before it";
    problems.add(new YamlTreeReader.Problem(location, path.get(), "*" + name, message));
    expanded++;
    return new SizedNode(new YamlNode.Scalar(location, null, YamlNode.Scalar.Kind.NULL), 1);
  }

  /**
   * The problem that refuses the whole document, at the first alias that took it past the budget;
   * empty when the expanded document is within it.
   */
  Optional<YamlTreeReader.Problem> refusal() {
    long budget = budget();
    if (expanded <= budget) {
      return Optional.empty();
    }
    AliasUse culprit =
        bigAliases.stream().filter(a -> a.expandedAfter() > budget).findFirst().orElseThrow();
    return Optional.of(
        new YamlTreeReader.Problem(
            culprit.location(),
            culprit.path(),
            "*" + culprit.name(),
            "alias expands the document beyond "
                + budget
                + " nodes (the limit is "
                + EXPANSION_FACTOR
                + " times the "
                + written
                + " nodes written, and at least "
                + MIN_EXPANDED_NODES
                + "): refused as an alias bomb"));
  }

  /**
   * How many nodes the expanded document may hold: proportional to what is written, so that a large
   * inventory may use anchors as much as a small one, and never the exponential growth of nested
   * aliases.
   */
  private long budget() {
    long proportional =
        written > Long.MAX_VALUE / EXPANSION_FACTOR ? Long.MAX_VALUE : written * EXPANSION_FACTOR;
    return Math.max(MIN_EXPANDED_NODES, proportional);
  }

  /** The aliased node as if written at the alias, so that errors about it name the right place. */
  private static YamlNode at(YamlNode node, Location location) {
    if (node instanceof YamlNode.Scalar s) {
      return new YamlNode.Scalar(location, s.text(), s.kind());
    }
    if (node instanceof YamlNode.Sequence s) {
      return new YamlNode.Sequence(location, s.items());
    }
    return new YamlNode.Mapping(location, ((YamlNode.Mapping) node).entries());
  }

  private static Optional<String> anchorName(Event event) {
    return event instanceof NodeEvent n
        ? n.getAnchor().map(org.snakeyaml.engine.v2.common.Anchor::getValue)
        : Optional.empty();
  }

  /** {@code a + b}, or {@link Long#MAX_VALUE} where the sum would overflow. */
  static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
