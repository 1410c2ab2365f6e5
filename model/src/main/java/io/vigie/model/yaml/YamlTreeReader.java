package io.vigie.model.yaml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads YAML with Jackson's streaming parser into a {@link YamlNode} tree that keeps every node's
 * location. Duplicate keys are reported rather than silently overwritten, because in an inventory a
 * duplicate key is almost always a copy-paste mistake.
 */
public final class YamlTreeReader {

  private static final YAMLMapper MAPPER = YAMLMapper.builder().build();

  /** A problem found while reading: a syntax error or a duplicate key. */
  public record Problem(Location location, String key, String message) {}

  /** The tree, or null when the text is not YAML, and every problem met. */
  public record Result(YamlNode root, List<Problem> problems) {}

  private final List<Problem> problems = new ArrayList<>();

  private YamlTreeReader() {}

  /** Parses one YAML document. An empty document gives a null-scalar root. */
  public static Result read(String text) {
    YamlTreeReader reader = new YamlTreeReader();
    try (JsonParser parser = MAPPER.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return new Result(
            new YamlNode.Scalar(Location.START, null, YamlNode.Scalar.Kind.NULL), List.of());
      }
      YamlNode root = reader.node(parser, "");
      return new Result(root, List.copyOf(reader.problems));
    } catch (JacksonException e) {
      TokenStreamLocation where = e.getLocation();
      Location location =
          where == null ? Location.START : new Location(where.getLineNr(), where.getColumnNr());
      String message = e.getOriginalMessage();
      reader.problems.add(new Problem(location, "", "not valid YAML: " + firstLine(message)));
      return new Result(null, List.copyOf(reader.problems));
    }
  }

  private YamlNode node(JsonParser parser, String path) {
    Location location = location(parser);
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT:
        {
          Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
          while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String key = parser.currentName();
            Location keyLocation = location(parser);
            parser.nextToken();
            String childPath = path.isEmpty() ? key : path + "." + key;
            YamlNode value = node(parser, childPath);
            if (entries.containsKey(key)) {
              problems.add(
                  new Problem(
                      keyLocation,
                      childPath,
                      "duplicate key (first at line "
                          + entries.get(key).keyLocation().line()
                          + ")"));
            } else {
              entries.put(key, new YamlNode.Entry(key, keyLocation, value));
            }
          }
          return new YamlNode.Mapping(location, entries);
        }
      case START_ARRAY:
        {
          List<YamlNode> items = new ArrayList<>();
          int index = 0;
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            items.add(node(parser, path + "[" + index++ + "]"));
          }
          return new YamlNode.Sequence(location, items);
        }
      case VALUE_NULL:
        return new YamlNode.Scalar(location, null, YamlNode.Scalar.Kind.NULL);
      case VALUE_TRUE:
      case VALUE_FALSE:
        return new YamlNode.Scalar(location, parser.getString(), YamlNode.Scalar.Kind.BOOLEAN);
      case VALUE_NUMBER_INT:
        return new YamlNode.Scalar(location, parser.getString(), YamlNode.Scalar.Kind.INTEGER);
      case VALUE_NUMBER_FLOAT:
        return new YamlNode.Scalar(location, parser.getString(), YamlNode.Scalar.Kind.FLOAT);
      default:
        return new YamlNode.Scalar(location, parser.getString(), YamlNode.Scalar.Kind.STRING);
    }
  }

  private static Location location(JsonParser parser) {
    TokenStreamLocation where = parser.currentTokenLocation();
    return new Location(Math.max(1, where.getLineNr()), Math.max(1, where.getColumnNr()));
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
