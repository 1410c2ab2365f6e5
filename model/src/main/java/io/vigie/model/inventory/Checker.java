package io.vigie.model.inventory;

import static io.vigie.model.inventory.Suggestions.suggestion;

import io.vigie.model.yaml.Location;
import io.vigie.model.yaml.YamlNode;
import io.vigie.model.yaml.YamlNode.Entry;
import io.vigie.model.yaml.YamlNode.Mapping;
import io.vigie.model.yaml.YamlNode.Scalar;
import io.vigie.model.yaml.YamlNode.Sequence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The state of one validation run: the file's name, the errors found so far, and the typed
 * accessors the sections read the YAML tree with. Each accessor reports its own mistakes (wrong
 * type, no value, out of range, unknown key) with the key's path and the value found, and returns
 * null (or the fallback it was given) on error, so a section goes on and every error is collected.
 */
final class Checker {

  /**
   * Top-level keys with this prefix are ignored: a place for the anchors that targets merge ({@code
   * <<: *snmp-defaults}), as docker compose's extension fields are.
   */
  private static final String EXTENSION = "x-";

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  private final String file;
  private final List<InventoryError> errors = new ArrayList<>();
  private final Set<String> pathIds = new HashSet<>();

  Checker(String file) {
    this.file = file;
  }

  String file() {
    return file;
  }

  /** The errors so far, in the order found. */
  List<InventoryError> errors() {
    return errors;
  }

  void error(Location location, String key, @Nullable String value, String message) {
    errors.add(new InventoryError(file, location.line(), location.column(), key, value, message));
  }

  /** A mapping, with every key not in {@code allowed} reported (none is when it is null). */
  @Nullable Mapping mapping(YamlNode node, String path, @Nullable Set<String> allowed) {
    if (!(node instanceof Mapping m)) {
      error(node.location(), path, text(node), "expected a mapping, found " + node.describe());
      return null;
    }
    if (allowed != null) {
      for (Entry e : m.entries().values()) {
        if (!allowed.contains(e.key()) && !(path.isEmpty() && e.key().startsWith(EXTENSION))) {
          error(
              e.keyLocation(),
              path.isEmpty() ? e.key() : path + "." + e.key(),
              e.key(),
              "unknown key"
                  + suggestion(e.key(), allowed)
                  + "; known keys: "
                  + String.join(", ", sorted(allowed)));
        }
      }
    }
    return m;
  }

  @Nullable Sequence sequence(YamlNode node, String path) {
    if (node instanceof Sequence s) {
      return s;
    }
    error(node.location(), path, text(node), "expected a list, found " + node.describe());
    return null;
  }

  /** A scalar value, or null when absent (or null, or not a scalar: then reported). */
  @Nullable Scalar scalar(Mapping m, String key, String path) {
    Entry entry = m.entries().get(key);
    if (entry == null) {
      return null;
    }
    String keyPath = path.isEmpty() ? key : path + "." + key;
    if (entry.value() instanceof Scalar s) {
      if (s.kind() == Scalar.Kind.NULL) {
        error(s.location(), keyPath, null, "has no value");
        return null;
      }
      return s;
    }
    error(
        entry.value().location(),
        keyPath,
        text(entry.value()),
        "expected a single value, found " + entry.value().describe());
    return null;
  }

  @Nullable String string(Mapping m, String key, String path, boolean required) {
    Scalar s = scalar(m, key, path);
    if (s == null) {
      if (required && !m.entries().containsKey(key)) {
        error(m.location(), path + "." + key, null, "missing");
      }
      return null;
    }
    String text = written(s);
    if (text.isBlank()) {
      error(s.location(), path + "." + key, text, "must not be empty");
      return null;
    }
    return text;
  }

  /** The entry's id, recorded in {@code seen}; null when missing, malformed or a duplicate. */
  @Nullable String id(Mapping m, String path, Map<String, Location> seen, String what) {
    Scalar s = scalar(m, "id", path);
    if (s == null) {
      if (!m.entries().containsKey("id")) {
        error(m.location(), path + ".id", null, "missing");
      }
      return null;
    }
    String text = written(s);
    if (!InventoryLoader.isId(text)) {
      error(
          s.location(),
          path + ".id",
          text,
          "an id is 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit");
      return null;
    }
    Location first = seen.putIfAbsent(text, s.location());
    if (first != null) {
      error(
          s.location(),
          path + ".id",
          text,
          "duplicate " + what + " id (first at line " + first.line() + ")");
      return null;
    }
    return text;
  }

  /** A required id of one of {@code ids} (a client's, a target's). */
  @Nullable String reference(Mapping m, String key, String path, Set<String> ids, String what) {
    Scalar s = scalar(m, key, path);
    if (s == null) {
      if (!m.entries().containsKey(key)) {
        error(m.location(), path + "." + key, null, "missing");
      }
      return null;
    }
    String text = written(s);
    if (!ids.contains(text)) {
      error(
          s.location(),
          path + "." + key,
          text,
          "no " + what + " has this id" + suggestion(text, ids));
      return null;
    }
    return text;
  }

  @Nullable Duration duration(Mapping m, String key, String path, boolean positive) {
    Scalar s = scalar(m, key, path);
    if (s == null) {
      return null;
    }
    String text = written(s);
    Duration d = Durations.parse(text).orElse(null);
    if (d == null) {
      error(
          s.location(),
          path + "." + key,
          text,
          "not a duration: write it like 500ms, 30s, 5m, 1h or 1h30m");
      return null;
    }
    if (positive && d.isZero()) {
      error(s.location(), path + "." + key, text, "must be more than 0");
      return null;
    }
    return d;
  }

  @Nullable Double number(Mapping m, String key, String path) {
    Scalar s = scalar(m, key, path);
    if (s == null) {
      return null;
    }
    String text = written(s);
    if (s.kind() == Scalar.Kind.INTEGER || s.kind() == Scalar.Kind.FLOAT) {
      try {
        double value = Double.parseDouble(text);
        if (Double.isFinite(value)) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    error(s.location(), path + "." + key, text, "not a number");
    return null;
  }

  /** A whole number from {@code min} to {@code max}; {@code fallback} when absent or wrong. */
  int integer(Mapping m, String key, String path, int fallback, int min, int max) {
    Scalar s = scalar(m, key, path);
    if (s == null) {
      return fallback;
    }
    String text = written(s);
    if (s.kind() == Scalar.Kind.INTEGER) {
      try {
        int value = Integer.parseInt(text);
        if (value >= min && value <= max) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    error(
        s.location(), path + "." + key, text, "must be a whole number from " + min + " to " + max);
    return fallback;
  }

  /** {@code true} or {@code false}; {@code fallback} when absent or wrong. */
  boolean bool(Mapping m, String key, String path, boolean fallback) {
    Scalar s = scalar(m, key, path);
    if (s == null) {
      return fallback;
    }
    if (s.kind() == Scalar.Kind.BOOLEAN) {
      return Boolean.parseBoolean(s.text());
    }
    error(s.location(), path + "." + key, s.text(), "must be true or false");
    return fallback;
  }

  /** One of an enum's constants, written in any case. */
  <E extends Enum<E>> @Nullable E choice(Mapping m, String key, String path, Class<E> type) {
    Scalar s = scalar(m, key, path);
    if (s == null) {
      return null;
    }
    String text = written(s);
    for (E value : type.getEnumConstants()) {
      if (value.name().equalsIgnoreCase(text)) {
        return value;
      }
    }
    List<String> names =
        Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
    error(s.location(), path + "." + key, text, "must be one of " + String.join(", ", names));
    return null;
  }

  /** A required name of a measurement, field, tag or check: lower-case letters, digits and _. */
  @Nullable String name(Mapping m, String key, String path) {
    Scalar s = scalar(m, key, path);
    if (s == null) {
      if (!m.entries().containsKey(key)) {
        error(m.location(), path + "." + key, null, "missing");
      }
      return null;
    }
    String text = written(s);
    if (!NAME.matcher(text).matches()) {
      error(s.location(), path + "." + key, text, "a name is lower-case letters, digits and _");
      return null;
    }
    return text;
  }

  /**
   * {@code targets[web-1]} when the item has a well-formed id, {@code targets[3]} otherwise; a
   * duplicate id keeps its index so that the two entries can be told apart.
   */
  String itemPath(String list, int index, YamlNode item) {
    if (item instanceof Mapping m
        && m.entries().get("id") != null
        && m.entries().get("id").value() instanceof Scalar s
        && s.text() != null
        && InventoryLoader.isId(s.text())
        && !pathIds.contains(list + "/" + s.text())) {
      pathIds.add(list + "/" + s.text());
      return list + "[" + s.text() + "]";
    }
    return list + "[" + index + "]";
  }

  /** A scalar's text as written, null for anything else: the value an error quotes. */
  static @Nullable String text(YamlNode node) {
    return node instanceof Scalar s ? s.text() : null;
  }

  /**
   * The text of a scalar that is not YAML's null, as {@link #scalar} returns and as a scalar of any
   * other kind is: only a null scalar has no text.
   */
  static String written(Scalar s) {
    return Objects.requireNonNull(s.text(), "only a null scalar has no text");
  }

  /** The entry of a key that is known to be present, as a value was read from it. */
  static Entry present(Mapping m, String key) {
    return Objects.requireNonNull(m.entries().get(key), "a value was read from this key");
  }

  static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }
}
