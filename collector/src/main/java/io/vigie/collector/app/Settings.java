package io.vigie.collector.app;

import io.vigie.model.text.Escape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The collector's settings as Spring Boot's relaxed binding read them, without Spring: from the
 * command line ({@code --vigie.writer.batch-size=10000}), Java system properties, the environment
 * ({@code VIGIE_WRITER_BATCH_SIZE}) and YAML files ({@code ./application.yml}, {@code
 * ./config/application.yml}, or the files of {@code spring.config.location}), first found wins.
 * Keys match whatever their separators and case: {@code batch-size}, {@code batchSize} and {@code
 * BATCH_SIZE} are one key. Values are parsed as Spring did (durations {@code 5s}, {@code 500ms},
 * ISO-8601; sizes {@code 64KB}, {@code 512MB}, binary units); every error is collected, naming the
 * key and the value found, except a secret's.
 */
public final class Settings {
  private static final Logger LOG = LoggerFactory.getLogger(Settings.class);
  private static final Pattern DURATION = Pattern.compile("([+-]?\\d+)(ns|us|ms|s|m|h|d)?");
  private static final Pattern SIZE = Pattern.compile("([+-]?\\d+)(B|KB|MB|GB|TB)?");

  /** Where a value came from: a key set on the command line or in a file is checked. */
  private enum Source {
    COMMAND_LINE,
    SYSTEM,
    ENVIRONMENT,
    FILE
  }

  /** One value, its key as written and where it came from, for messages. */
  private record Value(String text, String key, Source source, String origin) {}

  private final Map<String, Value> values;
  private final Set<String> asked = new HashSet<>();
  private final List<String> errors = new ArrayList<>();

  private Settings(Map<String, Value> values) {
    this.values = values;
  }

  /**
   * The settings of a collector started with these command-line settings ({@code --key=value},
   * already checked by the command), in this environment and with these system properties.
   */
  public static Settings load(
      List<String> commandLine, Map<String, String> environment, Properties system) {
    Map<String, Value> values = new LinkedHashMap<>();
    for (String arg : commandLine) {
      int eq = arg.indexOf('=');
      String key = arg.substring(2, eq);
      values.putIfAbsent(
          uniform(key), new Value(arg.substring(eq + 1), key, Source.COMMAND_LINE, "--" + key));
    }
    for (String key : system.stringPropertyNames()) {
      values.putIfAbsent(
          uniform(key),
          new Value(system.getProperty(key), key, Source.SYSTEM, "system property " + key));
    }
    for (Map.Entry<String, String> e : environment.entrySet()) {
      values.putIfAbsent(
          uniform(e.getKey()), new Value(e.getValue(), e.getKey(), Source.ENVIRONMENT, e.getKey()));
    }
    Value locations = values.get(uniform("spring.config.location"));
    List<Path> files =
        locations == null
            ? List.of(Path.of("config/application.yml"), Path.of("application.yml"))
            : locations(locations.text());
    for (Path file : files) {
      if (Files.isRegularFile(file)) {
        readYaml(file, values);
      } else if (locations != null) {
        throw new IllegalArgumentException(
            "spring.config.location: no such file " + Escape.quoted(file.toString()));
      }
    }
    return new Settings(values);
  }

  /** Lower case, letters and digits only: the form every spelling of a key comes down to. */
  static String uniform(String key) {
    return key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  private static List<Path> locations(String text) {
    List<Path> paths = new ArrayList<>();
    for (String location : text.split(",", -1)) {
      String l = location.strip().replaceFirst("^optional:", "").replaceFirst("^file:", "");
      if (!l.isEmpty()) {
        paths.add(Path.of(l));
      }
    }
    return paths;
  }

  private static void readYaml(Path file, Map<String, Value> values) {
    JsonNode root;
    try {
      root = YAMLMapper.builder().build().readTree(Files.readString(file));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(file + ": not readable YAML: " + e.getMessage(), e);
    }
    Map<String, String> flat = new LinkedHashMap<>();
    flatten("", root, flat);
    flat.forEach(
        (k, v) -> values.putIfAbsent(uniform(k), new Value(v, k, Source.FILE, k + " in " + file)));
    LOG.info("settings read from {}", file);
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), into);
      }
    } else if (!node.isNull() && !node.isMissingNode()) {
      into.put(prefix, node.asString());
    }
  }

  /** The text of a key, null when not set anywhere. */
  public @Nullable String text(String key) {
    Value v = value(key);
    return v == null ? null : v.text();
  }

  private @Nullable Value value(String key) {
    String k = uniform(key);
    asked.add(k);
    return values.get(k);
  }

  /**
   * Logger levels: {@code logging.level.io.vigie=DEBUG}, or {@code LOGGING_LEVEL_IO_VIGIE=DEBUG} in
   * the environment (underscores read as dots, as Spring does); {@code root} is the root logger.
   */
  public Map<String, String> loggingLevels() {
    Map<String, String> levels = new LinkedHashMap<>();
    for (Map.Entry<String, Value> e : values.entrySet()) {
      Value v = e.getValue();
      String key = v.key().toLowerCase(Locale.ROOT);
      String logger;
      if (v.source() == Source.ENVIRONMENT && key.startsWith("logging_level_")) {
        logger = key.substring("logging_level_".length()).replace('_', '.');
      } else if (v.source() != Source.ENVIRONMENT && key.startsWith("logging.level.")) {
        logger = v.key().substring("logging.level.".length());
      } else {
        continue;
      }
      asked.add(e.getKey());
      levels.putIfAbsent(logger, v.text());
    }
    return levels;
  }

  /**
   * Keys set on the command line or in a file that no setting reads: a typo on the command line is
   * an error; in a file, a warning (a file may be shared with the alerting service).
   */
  public void checkUnknown() {
    for (Map.Entry<String, Value> e : values.entrySet()) {
      Value v = e.getValue();
      if (asked.contains(e.getKey()) || e.getKey().equals(uniform("spring.config.location"))) {
        continue;
      }
      if (v.source() == Source.COMMAND_LINE) {
        errors.add(v.origin() + ": no such setting (collector/README.md lists them)");
      } else if (v.source() == Source.FILE) {
        LOG.warn("{}: no such setting of the collector, ignored", v.origin());
      }
    }
  }

  /** The text of a key, or its default; an empty value counts as unset, as in Spring. */
  public String text(String key, String fallback) {
    String v = text(key);
    return v == null || v.isEmpty() ? fallback : v;
  }

  public @Nullable String optional(String key) {
    String v = text(key);
    return v == null || v.isEmpty() ? null : v;
  }

  public @Nullable Path path(String key) {
    String v = optional(key);
    return v == null ? null : Path.of(v);
  }

  public Path path(String key, String fallback) {
    return Path.of(text(key, fallback));
  }

  public int integer(String key, int fallback) {
    return parse(key, fallback, "a whole number", Integer::parseInt);
  }

  public boolean bool(String key, boolean fallback) {
    return parse(key, fallback, "true or false", Settings::parseBoolean);
  }

  public Duration duration(String key, String fallback) {
    return parse(
        key,
        parseDuration(fallback),
        "a duration (10s, 500ms, 30d, PT5S)",
        Settings::parseDuration);
  }

  /** A size in bytes: {@code 64KB}, {@code 512MB} (1 KB = 1024 bytes), or a number of bytes. */
  public long bytes(String key, String fallback) {
    return parse(key, parseSize(fallback), "a size (64KB, 512MB)", Settings::parseSize);
  }

  private <T> T parse(String key, T fallback, String expected, Function<String, T> parser) {
    Value v = value(key);
    if (v == null || v.text().isBlank()) {
      return fallback;
    }
    try {
      return parser.apply(v.text().strip());
    } catch (RuntimeException e) {
      boolean secret = key.contains("password");
      errors.add(
          key
              + " ("
              + v.origin()
              + "): must be "
              + expected
              + (secret ? "" : ", found " + Escape.quoted(v.text())));
      return fallback;
    }
  }

  /** An error found by the caller, reported with the others. */
  public void error(String message) {
    errors.add(message);
  }

  /** Throws with every error found so far, one a line, when there is any. */
  public void check() {
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", errors));
    }
  }

  /** Spring's: true, on, yes, 1 and false, off, no, 0. */
  static boolean parseBoolean(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true", "on", "yes", "1" -> true;
      case "false", "off", "no", "0" -> false;
      default -> throw new IllegalArgumentException(text);
    };
  }

  /** Spring's simple style ({@code 10s}, {@code 500ms}, a bare number of milliseconds), or ISO. */
  static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return Duration.parse(text);
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "ms" : m.group(2);
    return switch (unit) {
      case "ns" -> Duration.ofNanos(n);
      case "us" -> Duration.ofNanos(Math.multiplyExact(n, 1000L));
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /** Spring's DataSize: binary units, bytes when none. */
  static long parseSize(String text) {
    Matcher m = SIZE.matcher(text.toUpperCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(text);
    }
    long n = Long.parseLong(m.group(1));
    int shift =
        switch (m.group(2) == null ? "B" : m.group(2)) {
          case "KB" -> 10;
          case "MB" -> 20;
          case "GB" -> 30;
          case "TB" -> 40;
          default -> 0;
        };
    return Math.multiplyExact(n, 1L << shift);
  }
}
