package io.vigie.model.inventory;

import io.vigie.model.logs.LogRule;
import io.vigie.model.yaml.Location;
import io.vigie.model.yaml.YamlNode.Entry;
import io.vigie.model.yaml.YamlNode.Mapping;
import io.vigie.model.yaml.YamlNode.Scalar;
import io.vigie.model.yaml.YamlTreeReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates an inventory file. Every error is collected, each with its file, line,
 * column, key and offending value, so one run of {@code vigie validate} shows them all.
 *
 * <p>The format is described in {@code docs/inventory.md}. This class reads the top level and the
 * {@code defaults}; each other section has its own class ({@link ClientsSection}, {@link
 * TargetsSection} with the kinds' blocks in {@link KindSections}, {@link ThresholdsSection}), all
 * reporting through one {@link Checker}.
 */
public final class InventoryLoader {

  /** Default poll interval when neither the target nor {@code defaults.interval} sets one. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);

  /**
   * The largest inventory file read, whatever the heap: 64 MiB is about 230,000 SNMP targets
   * written as docs/inventory.md shows them.
   */
  public static final long MAX_BYTES_CAP = 64L << 20;

  /**
   * A file takes about ten times its size in memory while it is validated (text, YAML tree, the
   * inventory), and a service holds its running inventory meanwhile: a sixteenth of the heap keeps
   * a file at the limit from exhausting it (15.5 MiB, some 58,000 SNMP targets, under the
   * launcher's -Xmx256m).
   */
  public static final int HEAP_FRACTION = 16;

  /**
   * System property that sets the limit in bytes instead: {@code -Dvigie.inventory.max-bytes=N}.
   */
  public static final String MAX_BYTES_PROPERTY = "vigie.inventory.max-bytes";

  private static final Set<String> TOP_KEYS =
      Set.of("version", "defaults", "clients", "targets", "thresholds", "collector_groups");
  private static final Set<String> DEFAULTS_KEYS = Set.of("interval");

  private final SecretResolver secrets;
  private final boolean checkSecrets;
  private final long maxBytes;

  /**
   * @param checkSecrets whether an unresolvable secret reference is an error; off for checking an
   *     inventory on a machine that does not hold the secrets
   */
  public InventoryLoader(SecretResolver secrets, boolean checkSecrets) {
    this(secrets, checkSecrets, defaultMaxBytes());
  }

  /**
   * @param maxBytes the largest file read; larger ones are refused unread
   */
  public InventoryLoader(SecretResolver secrets, boolean checkSecrets, long maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be > 0, found " + maxBytes);
    }
    this.secrets = secrets;
    this.checkSecrets = checkSecrets;
    this.maxBytes = maxBytes;
  }

  /**
   * {@value #MAX_BYTES_PROPERTY} when set, else {@value #MAX_BYTES_CAP} bytes or a {@value
   * #HEAP_FRACTION}th of the maximum heap, whichever is less.
   */
  public static long defaultMaxBytes() {
    Long set = Long.getLong(MAX_BYTES_PROPERTY);
    if (set != null && set > 0) {
      return set;
    }
    return Math.min(MAX_BYTES_CAP, Runtime.getRuntime().maxMemory() / HEAP_FRACTION);
  }

  /** The largest inventory file this loader reads. */
  public long maxBytes() {
    return maxBytes;
  }

  /** The one-line error for a file over the limit; it says how large the file is and the limit. */
  static InventoryError tooLarge(String file, long size, long maxBytes) {
    return new InventoryError(
        file,
        1,
        1,
        "",
        null,
        "the file is "
            + size
            + " bytes ("
            + mebibytes(size)
            + "), more than the limit of "
            + maxBytes
            + " bytes ("
            + mebibytes(maxBytes)
            + "): not read; the limit is set with -D"
            + MAX_BYTES_PROPERTY
            + "=BYTES");
  }

  private static String mebibytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }

  /** A loader that resolves secrets against this process's environment. */
  public static InventoryLoader withSystemSecrets() {
    return new InventoryLoader(SecretResolver.fromSystem(), true);
  }

  /** Reads and validates a file; one over {@link #maxBytes()} is refused before it is read. */
  public Inventory load(Path file) throws InventoryException {
    return parse(InventoryWatcher.read(file, maxBytes).text(), file.toString());
  }

  public Inventory parse(String text, String sourceName) throws InventoryException {
    long size = utf8Length(text, maxBytes);
    if (size > maxBytes) {
      throw new InventoryException(List.of(tooLarge(sourceName, size, maxBytes)));
    }
    return read(text, new Checker(sourceName));
  }

  /** The UTF-8 size of the text, counted only when it could exceed {@code limit}. */
  private static long utf8Length(String text, long limit) {
    if (text.length() > limit || (long) text.length() * 3 <= limit) {
      return text.length();
    }
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }
    return bytes;
  }

  /** One validation run: the top level and defaults here, each section by its own class. */
  private Inventory read(String text, Checker c) throws InventoryException {
    YamlTreeReader.Result tree = YamlTreeReader.read(text);
    tree.problems().forEach(p -> c.error(p.location(), p.key(), p.value(), p.message()));
    if (tree.root() == null) {
      throw new InventoryException(c.errors());
    }
    Mapping top = c.mapping(tree.root(), "", TOP_KEYS);
    if (top == null) {
      throw new InventoryException(c.errors());
    }
    Scalar version = c.scalar(top, "version", "");
    if (version != null && !"1".equals(version.text())) {
      c.error(version.location(), "version", version.text(), "only version 1 is known");
    }

    Duration defaultInterval = DEFAULT_INTERVAL;
    Entry defaults = top.entries().get("defaults");
    if (defaults != null) {
      Mapping d = c.mapping(defaults.value(), "defaults", DEFAULTS_KEYS);
      if (d != null) {
        Duration interval = c.duration(d, "interval", "defaults", true);
        if (interval != null) {
          defaultInterval = interval;
        }
      }
    }

    // Ids are collected even from entries with other mistakes, so that one mistake in a
    // client does not also turn every reference to it into an error.
    Map<String, Location> clientIds = new HashMap<>();
    ClientsSection clientsSection = new ClientsSection(c);
    List<Client> clients = clientsSection.read(top, clientIds);
    Map<String, Location> targetIds = new HashMap<>();
    List<Target> targets =
        inheritLogRules(
            clients,
            new TargetsSection(c, new CredentialsSection(c, secrets, checkSecrets))
                .read(top, clientIds.keySet(), targetIds, defaultInterval));
    clientsSection.checkCovers(targets, targetIds.keySet());
    Set<String> labelNames = new HashSet<>();
    targets.forEach(t -> labelNames.addAll(t.labels().keySet()));
    Thresholds thresholds =
        new ThresholdsSection(c).read(top, clientIds.keySet(), targetIds.keySet(), labelNames);
    List<CollectorGroup> groups =
        new CollectorGroupsSection(c).read(top, clientIds.keySet(), targets);

    List<InventoryError> errors = c.errors();
    if (!errors.isEmpty()) {
      errors.sort(
          (a, b) ->
              a.line() != b.line() ? Integer.compare(a.line(), b.line()) : a.column() - b.column());
      throw new InventoryException(errors);
    }
    return new Inventory(c.file(), defaultInterval, clients, targets, thresholds, groups);
  }

  /**
   * Each target's log rules: its own, then its client's whose name it does not use (a target's rule
   * of the same name replaces its client's).
   */
  private static List<Target> inheritLogRules(List<Client> clients, List<Target> targets) {
    Map<String, List<LogRule>> byClient = new HashMap<>();
    clients.forEach(cl -> byClient.put(cl.id(), cl.logRules()));
    List<Target> result = new java.util.ArrayList<>(targets.size());
    for (Target t : targets) {
      List<LogRule> inherited = byClient.getOrDefault(t.client(), List.of());
      if (inherited.isEmpty()) {
        result.add(t);
        continue;
      }
      List<LogRule> rules = new java.util.ArrayList<>(t.logs().rules());
      Set<String> own = new HashSet<>();
      rules.forEach(r -> own.add(r.name()));
      for (LogRule r : inherited) {
        if (!own.contains(r.name())) {
          rules.add(r);
        }
      }
      result.add(t.withLogs(t.logs().withRules(rules)));
    }
    return result;
  }

  /**
   * {@code [A-Za-z0-9][A-Za-z0-9_.-]{0,62}}, checked by hand: it runs twice for every client and
   * target, and a regex is several times slower on 20,000 targets.
   */
  static boolean isId(String text) {
    if (text == null || text.isEmpty() || text.length() > 63) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum && (i == 0 || (c != '_' && c != '.' && c != '-'))) {
        return false;
      }
    }
    return true;
  }
}
