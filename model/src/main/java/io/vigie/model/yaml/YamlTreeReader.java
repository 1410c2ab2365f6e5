package io.vigie.model.yaml;

import static io.vigie.model.yaml.AliasExpansion.saturatedAdd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.JsonScalarResolver;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;

/**
 * Reads one YAML document from the parser's events (SnakeYAML Engine) into a {@link YamlNode} tree
 * that keeps every node's location.
 *
 * <p>Events rather than SnakeYAML's composed nodes, because an alias must be reported where it is
 * written, and the composer forgets that. Aliases are expanded by sharing: the tree holds the
 * anchored node once (nodes are immutable), so expansion costs no memory; what it would cost the
 * validation that walks the tree is bounded by an expansion budget (see {@link AliasExpansion}),
 * which is how an alias bomb is refused. Merge keys ({@code <<}) are applied. Duplicate keys are
 * reported rather than silently overwritten, because in an inventory a duplicate key is almost
 * always a copy-paste mistake. See docs/decisions/0007-yaml-aliases-and-limits.md.
 */
public final class YamlTreeReader {

  /** The document may expand through aliases to this many times the nodes written in it... */
  public static final long EXPANSION_FACTOR = 10;

  /** ...or to this many nodes, whichever is more: a small file may use a few anchors heavily. */
  public static final long MIN_EXPANDED_NODES = 100_000;

  /** Deeper than this is no inventory; the reader recurses, so it stops here. */
  public static final int MAX_DEPTH = 200;

  /**
   * The size of the file is checked, in bytes, before it is read (InventoryLoader), so the parser's
   * own code-point limit is lifted; so is its count of aliases, replaced by the expansion budget,
   * which also allows a heavily used small anchor such as shared credentials.
   */
  private static final LoadSettings SETTINGS =
      LoadSettings.builder()
          .setCodePointLimit(Integer.MAX_VALUE)
          .setMaxAliasesForCollections(Integer.MAX_VALUE)
          .build();

  /**
   * The same typing as the JSON schema of YAML 1.2, as Jackson's YAML parser did before this reader
   * replaced it: {@code true}/{@code false}, {@code null} or nothing, decimal numbers; {@code yes},
   * {@code ~}, {@code 017} or {@code 0x1F} stay text. Quoted values are always text.
   */
  private static final ScalarResolver RESOLVER = new JsonScalarResolver();

  private static final YamlNode.Scalar EMPTY =
      new YamlNode.Scalar(Location.START, null, YamlNode.Scalar.Kind.NULL);

  /**
   * A problem found while reading: a syntax error, a duplicate key, a refused alias.
   *
   * @param value the offending text as written (an alias as {@code *name}), or null
   */
  public record Problem(Location location, String key, @Nullable String value, String message) {}

  /** The tree, or null when the text is not YAML (or is refused whole), and every problem met. */
  public record Result(@Nullable YamlNode root, List<Problem> problems) {}

  /** Thrown to stop reading: the document is refused whole. */
  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Problem problem;

    Refused(Problem problem) {
      super(problem.message(), null, false, false);
      this.problem = problem;
    }
  }

  private final Iterator<Event> events;
  private final List<Problem> problems = new ArrayList<>();

  /**
   * Where the reader is: keys (String) and list positions (int[1]), rendered as {@code a.b[2].c}
   * only when a problem is reported, since most nodes never need their path.
   */
  private final List<Object> path = new ArrayList<>();

  /** One instance of each short text, as an inventory repeats its keys and many values. */
  private final Map<String, String> texts = new HashMap<>();

  private final AliasExpansion aliases = new AliasExpansion();

  private YamlTreeReader(Iterator<Event> events) {
    this.events = events;
  }

  /** Parses one YAML document. An empty document gives a null-scalar root. */
  public static Result read(String text) {
    YamlTreeReader reader = new YamlTreeReader(new Parse(SETTINGS).parseString(text).iterator());
    try {
      YamlNode root = reader.document();
      return new Result(root, List.copyOf(reader.problems));
    } catch (Refused e) {
      return new Result(null, List.of(e.problem));
    } catch (MarkedYamlEngineException e) {
      return new Result(null, List.of(ProblemMessages.syntax(e)));
    } catch (YamlEngineException e) {
      return new Result(null, List.of(ProblemMessages.notYaml(e)));
    }
  }

  private YamlNode document() {
    next(); // stream start
    Event first = next();
    if (first.getEventId() == Event.ID.StreamEnd) {
      return EMPTY;
    }
    SizedNode root = node(next(), 0);
    next(); // document end
    Event after = next();
    if (after.getEventId() == Event.ID.DocumentStart) {
      problems.add(
          new Problem(
              location(after),
              "",
              null,
              "a second YAML document starts here: an inventory is one document"));
    }
    Optional<Problem> refusal = aliases.refusal();
    if (refusal.isPresent()) {
      throw new Refused(refusal.get());
    }
    return root.node();
  }

  private SizedNode node(Event event, int depth) {
    if (depth > MAX_DEPTH) {
      throw new Refused(
          new Problem(
              location(event), path(), null, "nested deeper than " + MAX_DEPTH + " levels"));
    }
    return switch (event.getEventId()) {
      case Scalar -> {
        count(1);
        ScalarEvent scalar = (ScalarEvent) event;
        YamlNode.Scalar.Kind kind = kind(scalar);
        SizedNode built =
            new SizedNode(
                new YamlNode.Scalar(
                    position(event), kind == YamlNode.Scalar.Kind.NULL ? null : text(scalar), kind),
                1);
        anchor(event, built);
        yield built;
      }
      case Alias -> aliases.alias((AliasEvent) event, location(event), this::path, problems);
      case SequenceStart -> sequence(event, location(event), depth);
      case MappingStart -> mapping(event, location(event), depth);
      default -> throw new IllegalStateException("unexpected YAML event " + event);
    };
  }

  private SizedNode sequence(Event start, Location location, int depth) {
    count(1);
    open(start, location);
    List<YamlNode> items = new ArrayList<>();
    long size = 1;
    int[] index = new int[1];
    path.add(index);
    for (Event e = next(); e.getEventId() != Event.ID.SequenceEnd; e = next()) {
      index[0] = items.size();
      SizedNode item = node(e, depth + 1);
      items.add(item.node());
      size = saturatedAdd(size, item.size());
    }
    path.remove(path.size() - 1);
    SizedNode built = new SizedNode(new YamlNode.Sequence(location, items), size);
    anchor(start, built);
    return built;
  }

  private SizedNode mapping(Event start, Location location, int depth) {
    count(1);
    open(start, location);
    Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
    List<YamlNode.Mapping> merged = new ArrayList<>();
    int mergeAt = -1;
    @Nullable Location mergeKey = null;
    long size = 1;
    for (Event e = next(); e.getEventId() != Event.ID.MappingEnd; e = next()) {
      long keyPosition = position(e);
      String key = key(e, depth);
      path.add(key == null ? "?" : key);
      SizedNode value = node(next(), depth + 1);
      size = saturatedAdd(size, 1 + value.size());
      boolean merge = "<<".equals(key) && e instanceof ScalarEvent s && s.isPlain();
      Location first = key == null ? null : merge ? mergeKey : entryLocation(entries.get(key));
      if (key == null) {
        // reported by key()
      } else if (first != null) {
        problems.add(
            new Problem(
                Location.unpack(keyPosition),
                path(),
                null,
                "duplicate key (first at line " + first.line() + ")"));
      } else if (merge) {
        mergeKey = Location.unpack(keyPosition);
        mergeAt = entries.size();
        MergeKeys.sources(value.node(), this::path, problems, merged);
      } else {
        entries.put(key, new YamlNode.Entry(key, keyPosition, value.node()));
      }
      path.remove(path.size() - 1);
    }
    SizedNode built =
        new SizedNode(
            new YamlNode.Mapping(location, MergeKeys.merge(entries, mergeAt, merged)), size);
    anchor(start, built);
    return built;
  }

  private static @Nullable Location entryLocation(YamlNode.@Nullable Entry entry) {
    return entry == null ? null : entry.keyLocation();
  }

  /** A key's text; null (and reported) when the key is not a single value. */
  private @Nullable String key(Event event, int depth) {
    if (event instanceof ScalarEvent scalar) {
      count(1);
      String key = text(scalar);
      if (scalar.getAnchor().isPresent()) {
        anchor(
            event,
            new SizedNode(
                new YamlNode.Scalar(location(event), key, YamlNode.Scalar.Kind.STRING), 1));
      }
      return key;
    }
    SizedNode key = node(event, depth + 1);
    if (key.node() instanceof YamlNode.Scalar s && s.text() != null) {
      return s.text();
    }
    problems.add(
        new Problem(
            key.node().location(),
            path(),
            null,
            "a key must be a single value, found " + key.node().describe()));
    return null;
  }

  private void count(long nodes) {
    aliases.count(nodes);
  }

  private void open(Event event, Location location) {
    aliases.open(event, location);
  }

  private void anchor(Event event, SizedNode built) {
    aliases.anchor(event, built);
  }

  private static YamlNode.Scalar.Kind kind(ScalarEvent scalar) {
    Optional<String> tag = scalar.getTag().filter(t -> !"!".equals(t));
    String resolved;
    if (tag.isPresent()) {
      resolved = tag.get();
    } else if (scalar.getImplicit().canOmitTagInPlainScalar()) {
      String value = scalar.getValue();
      // The resolver's regexes only match text starting with one of these: most values (names,
      // addresses, durations) are told apart by their first character.
      if (!value.isEmpty() && "-0123456789.tfn".indexOf(value.charAt(0)) < 0) {
        return YamlNode.Scalar.Kind.STRING;
      }
      resolved = RESOLVER.resolve(value, true).getValue();
    } else {
      return YamlNode.Scalar.Kind.STRING;
    }
    if (resolved.equals(Tag.INT.getValue())) {
      return YamlNode.Scalar.Kind.INTEGER;
    } else if (resolved.equals(Tag.FLOAT.getValue())) {
      return YamlNode.Scalar.Kind.FLOAT;
    } else if (resolved.equals(Tag.BOOL.getValue())) {
      return YamlNode.Scalar.Kind.BOOLEAN;
    } else if (resolved.equals(Tag.NULL.getValue())) {
      return YamlNode.Scalar.Kind.NULL;
    }
    return YamlNode.Scalar.Kind.STRING;
  }

  private String text(ScalarEvent scalar) {
    String value = scalar.getValue();
    if (value.length() > 24) {
      return value;
    }
    String known = texts.get(value);
    if (known != null) {
      return known;
    }
    if (texts.size() < 10_000) {
      texts.put(value, value);
    }
    return value;
  }

  private String path() {
    StringBuilder out = new StringBuilder();
    for (Object segment : path) {
      if (segment instanceof int[] index) {
        out.append('[').append(index[0]).append(']');
      } else {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(segment);
      }
    }
    return out.toString();
  }

  private Event next() {
    return events.next();
  }

  private static long position(Event event) {
    // Marks are 0-based; positions are 1-based, as editors and compilers count.
    Mark mark = event.getStartMark().orElse(null);
    return mark == null
        ? Location.START.pack()
        : ((long) (mark.getLine() + 1) << 32) | (mark.getColumn() + 1);
  }

  private static Location location(Event event) {
    return event.getStartMark().map(ProblemMessages::location).orElse(Location.START);
  }
}
