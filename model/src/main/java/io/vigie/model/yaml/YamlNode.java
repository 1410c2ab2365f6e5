package io.vigie.model.yaml;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A YAML document as a tree that remembers where every node came from, so that validation can name
 * the line and column of each mistake. Jackson's own tree model forgets locations.
 *
 * <p>Nodes hold their position packed in a {@code long} ({@link Location#pack()}) rather than a
 * {@link Location}: a 20,000-target inventory has about a million nodes and keys, and an object for
 * each position was a quarter of the tree's memory.
 */
public sealed interface YamlNode {

  Location location();

  /** What a person calls this kind of node in an error message. */
  String describe();

  /** A mapping; keys keep their order and their own location. */
  record Mapping(long position, Map<String, Entry> entries) implements YamlNode {
    public Mapping {
      entries = Entries.of(entries);
    }

    public Mapping(Location location, Map<String, Entry> entries) {
      this(location.pack(), entries);
    }

    @Override
    public Location location() {
      return Location.unpack(position);
    }

    @Override
    public String describe() {
      return "a mapping";
    }
  }

  /** One key of a mapping, with the location of the key itself. */
  record Entry(String key, long keyPosition, YamlNode value) {
    public Entry(String key, Location keyLocation, YamlNode value) {
      this(key, keyLocation.pack(), value);
    }

    public Location keyLocation() {
      return Location.unpack(keyPosition);
    }
  }

  /** A sequence. */
  record Sequence(long position, List<YamlNode> items) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
    }

    public Sequence(Location location, List<YamlNode> items) {
      this(location.pack(), items);
    }

    @Override
    public Location location() {
      return Location.unpack(position);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }

  /**
   * A scalar as written. {@code quoted} is false for plain scalars; {@code null} text is YAML's
   * null ({@code ~}, {@code null} or nothing).
   */
  record Scalar(long position, @Nullable String text, Kind kind) implements YamlNode {
    public Scalar(Location location, @Nullable String text, Kind kind) {
      this(location.pack(), text, kind);
    }

    @Override
    public Location location() {
      return Location.unpack(position);
    }

    /** How the YAML parser typed the scalar. */
    public enum Kind {
      STRING,
      INTEGER,
      FLOAT,
      BOOLEAN,
      NULL
    }

    @Override
    public String describe() {
      return switch (kind) {
        case NULL -> "nothing";
        case STRING -> "the text \"" + text + "\"";
        default -> Objects.requireNonNull(text, "only a NULL scalar has no text");
      };
    }
  }

  /**
   * The entries of a mapping in an array, in written order: a 20,000-target inventory holds a
   * hundred thousand small mappings, and a LinkedHashMap costs about four times as much memory for
   * each. Immutable; looked up by scanning, or through an index when there are many keys.
   */
  final class Entries extends AbstractMap<String, YamlNode.Entry> {
    private static final int SCAN = 8;
    private final YamlNode.Entry[] entries;
    private final @Nullable Map<String, YamlNode.Entry> index;

    private Entries(YamlNode.Entry[] entries) {
      this.entries = entries;
      if (entries.length > SCAN) {
        index = new HashMap<>(entries.length * 2);
        for (YamlNode.Entry e : entries) {
          index.put(e.key(), e);
        }
      } else {
        index = null;
      }
    }

    static Map<String, YamlNode.Entry> of(Map<String, YamlNode.Entry> entries) {
      return entries instanceof Entries e
          ? e
          : new Entries(entries.values().toArray(new YamlNode.Entry[0]));
    }

    @Override
    public int size() {
      return entries.length;
    }

    @Override
    public YamlNode.@Nullable Entry get(@Nullable Object key) {
      if (index != null) {
        return index.get(key);
      }
      for (YamlNode.Entry e : entries) {
        if (e.key().equals(key)) {
          return e;
        }
      }
      return null;
    }

    @Override
    public boolean containsKey(@Nullable Object key) {
      return get(key) != null;
    }

    @Override
    public java.util.Collection<YamlNode.Entry> values() {
      return java.util.Collections.unmodifiableList(Arrays.asList(entries));
    }

    @Override
    public Set<String> keySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<String> iterator() {
          return Arrays.stream(entries).map(YamlNode.Entry::key).iterator();
        }

        @Override
        public int size() {
          return entries.length;
        }

        @Override
        public boolean contains(@Nullable Object key) {
          return containsKey(key);
        }
      };
    }

    @Override
    public Set<Map.Entry<String, YamlNode.Entry>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<String, YamlNode.Entry>> iterator() {
          return Arrays.stream(entries)
              .map(e -> (Map.Entry<String, YamlNode.Entry>) new SimpleImmutableEntry<>(e.key(), e))
              .iterator();
        }

        @Override
        public int size() {
          return entries.length;
        }
      };
    }
  }
}
