package io.vigie.model.yaml;

import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers where every node came from, so that validation can name
 * the line and column of each mistake. Jackson's own tree model forgets locations.
 */
public sealed interface YamlNode {

  Location location();

  /** What a person calls this kind of node in an error message. */
  String describe();

  /** A mapping; keys keep their order and their own location. */
  record Mapping(Location location, Map<String, Entry> entries) implements YamlNode {
    public Mapping {
      entries = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(entries));
    }

    @Override
    public String describe() {
      return "a mapping";
    }
  }

  /** One key of a mapping, with the location of the key itself. */
  record Entry(String key, Location keyLocation, YamlNode value) {}

  /** A sequence. */
  record Sequence(Location location, List<YamlNode> items) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
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
  record Scalar(Location location, String text, Kind kind) implements YamlNode {
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
        default -> text;
      };
    }
  }
}
