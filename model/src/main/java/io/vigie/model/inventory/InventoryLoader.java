package io.vigie.model.inventory;

import io.vigie.model.schema.Schema;
import io.vigie.model.schema.TagRules;
import io.vigie.model.snmp.SnmpSettings;
import io.vigie.model.yaml.Location;
import io.vigie.model.yaml.YamlNode;
import io.vigie.model.yaml.YamlNode.Entry;
import io.vigie.model.yaml.YamlNode.Mapping;
import io.vigie.model.yaml.YamlNode.Scalar;
import io.vigie.model.yaml.YamlNode.Sequence;
import io.vigie.model.yaml.YamlTreeReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads and validates an inventory file. Every error is collected, each with its file, line,
 * column, key and offending value, so one run of {@code vigie validate} shows them all.
 *
 * <p>The format is described in {@code docs/inventory.md}.
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

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private static final Set<String> TOP_KEYS =
      Set.of("version", "defaults", "clients", "targets", "thresholds");

  /**
   * Top-level keys with this prefix are ignored: a place for the anchors that targets merge ({@code
   * <<: *snmp-defaults}), as docker compose's extension fields are.
   */
  private static final String EXTENSION = "x-";

  private static final Set<String> DEFAULTS_KEYS = Set.of("interval");
  private static final Set<String> CLIENT_KEYS =
      Set.of("id", "name", "contacts", "language", "logo");
  private static final Set<String> TARGET_KEYS =
      Set.of(
          "id",
          "client",
          "kind",
          "address",
          "interval",
          "parent",
          "credentials",
          "labels",
          "snmp",
          "ssh");
  private static final Set<String> SSH_KEYS =
      Set.of(
          "port",
          "user",
          "host_key",
          "known_hosts",
          "trust_on_first_use",
          "connect_timeout",
          "command_timeout",
          "checks");
  private static final Set<String> CHECK_KEYS = Set.of("name", "command", "timeout");
  private static final Pattern FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}=?");
  private static final Set<String> SNMP_KEYS =
      Set.of(
          "version",
          "port",
          "profiles",
          "timeout",
          "retries",
          "max_repetitions",
          "budget",
          "user",
          "auth",
          "priv",
          "custom");
  private static final Set<String> CUSTOM_KEYS = Set.of("scalars", "tables");
  private static final Set<String> SCALAR_KEYS =
      Set.of("oid", "measurement", "tags", "field", "type", "scale");
  private static final Set<String> TABLE_KEYS = Set.of("measurement", "index_tag", "columns");
  private static final Set<String> COLUMN_KEYS = Set.of("oid", "tag", "field", "type", "scale");
  private static final Pattern OID = Pattern.compile("\\.?[0-9]+(\\.[0-9]+)+");
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  private static final Set<String> SECRET_KEYS = Set.of("env", "file");
  private static final Set<String> THRESHOLDS_KEYS = Set.of("defaults", "clients", "targets");
  private static final Set<String> RULE_KEYS =
      Set.of("metric", "where", "comparison", "warning", "error", "for", "recovery");

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
    return new Run(sourceName).parse(text);
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

  /** The state of one validation run. */
  private final class Run {
    private final String file;
    private final List<InventoryError> errors = new ArrayList<>();
    private final Set<String> pathIds = new HashSet<>();

    Run(String file) {
      this.file = file;
    }

    Inventory parse(String text) throws InventoryException {
      YamlTreeReader.Result tree = YamlTreeReader.read(text);
      tree.problems().forEach(p -> error(p.location(), p.key(), p.value(), p.message()));
      if (tree.root() == null) {
        throw new InventoryException(errors);
      }
      Mapping top = mapping(tree.root(), "", TOP_KEYS);
      if (top == null) {
        throw new InventoryException(errors);
      }
      Scalar version = scalar(top, "version", "");
      if (version != null && !"1".equals(version.text())) {
        error(version.location(), "version", version.text(), "only version 1 is known");
      }

      Duration defaultInterval = DEFAULT_INTERVAL;
      Entry defaults = top.entries().get("defaults");
      if (defaults != null) {
        Mapping d = mapping(defaults.value(), "defaults", DEFAULTS_KEYS);
        if (d != null) {
          Duration interval = duration(d, "interval", "defaults", true);
          if (interval != null) {
            defaultInterval = interval;
          }
        }
      }

      // Ids are collected even from entries with other mistakes, so that one mistake in a
      // client does not also turn every reference to it into an error.
      Map<String, Location> clientIds = new HashMap<>();
      List<Client> clients = clients(top, clientIds);
      Map<String, Location> targetIds = new HashMap<>();
      List<Target> targets = targets(top, clientIds.keySet(), targetIds, defaultInterval);
      Thresholds thresholds = thresholds(top, clientIds.keySet(), targetIds.keySet());

      if (!errors.isEmpty()) {
        errors.sort(
            (a, b) ->
                a.line() != b.line()
                    ? Integer.compare(a.line(), b.line())
                    : a.column() - b.column());
        throw new InventoryException(errors);
      }
      return new Inventory(file, defaultInterval, clients, targets, thresholds);
    }

    // ---- clients

    private List<Client> clients(Mapping top, Map<String, Location> seen) {
      List<Client> clients = new ArrayList<>();
      Entry entry = top.entries().get("clients");
      if (entry == null) {
        error(
            top.location(), "clients", null, "missing: list the clients whose targets are polled");
        return clients;
      }
      Sequence list = sequence(entry.value(), "clients");
      if (list == null) {
        return clients;
      }
      for (int i = 0; i < list.items().size(); i++) {
        YamlNode item = list.items().get(i);
        String path = itemPath("clients", i, item);
        Mapping m = mapping(item, path, CLIENT_KEYS);
        if (m == null) {
          continue;
        }
        String id = id(m, path, seen, "client");
        String name = string(m, "name", path, true);
        List<String> contacts = contacts(m, path);
        Language language = language(m, path);
        String logo = string(m, "logo", path, false);
        if (id != null && name != null) {
          clients.add(new Client(id, name, contacts, language, logo));
        }
      }
      return clients;
    }

    private List<String> contacts(Mapping m, String path) {
      List<String> contacts = new ArrayList<>();
      Entry entry = m.entries().get("contacts");
      if (entry == null) {
        return contacts;
      }
      Sequence list = sequence(entry.value(), path + ".contacts");
      if (list == null) {
        return contacts;
      }
      for (int i = 0; i < list.items().size(); i++) {
        YamlNode item = list.items().get(i);
        String itemPath = path + ".contacts[" + i + "]";
        if (item instanceof Scalar s && s.kind() == Scalar.Kind.STRING) {
          if (EMAIL.matcher(s.text()).matches()) {
            contacts.add(s.text());
          } else {
            error(s.location(), itemPath, s.text(), "not an email address");
          }
        } else {
          error(
              item.location(),
              itemPath,
              text(item),
              "expected an email address, found " + item.describe());
        }
      }
      return contacts;
    }

    private Language language(Mapping m, String path) {
      Scalar s = scalar(m, "language", path);
      if (s == null) {
        return Language.EN;
      }
      return switch (String.valueOf(s.text()).toLowerCase(Locale.ROOT)) {
        case "fr" -> Language.FR;
        case "en" -> Language.EN;
        default -> {
          error(s.location(), path + ".language", s.text(), "must be fr or en");
          yield Language.EN;
        }
      };
    }

    // ---- targets

    private List<Target> targets(
        Mapping top, Set<String> clientIds, Map<String, Location> seen, Duration defaultInterval) {
      List<Target> targets = new ArrayList<>();
      Entry entry = top.entries().get("targets");
      if (entry == null) {
        error(top.location(), "targets", null, "missing: list the targets to poll");
        return targets;
      }
      Sequence list = sequence(entry.value(), "targets");
      if (list == null) {
        return targets;
      }
      Map<String, Scalar> parentNodes = new LinkedHashMap<>();
      for (int i = 0; i < list.items().size(); i++) {
        String path = itemPath("targets", i, list.items().get(i));
        Mapping m = mapping(list.items().get(i), path, TARGET_KEYS);
        if (m == null) {
          continue;
        }
        String id = id(m, path, seen, "target");
        String client = reference(m, "client", path, clientIds, "client");
        TargetKind kind = kind(m, path);
        String address = string(m, "address", path, kind != null && kind != TargetKind.LOCAL);
        if (address == null && kind == TargetKind.LOCAL) {
          address = "localhost";
        }
        Duration interval = duration(m, "interval", path, true);
        Scalar parent = scalar(m, "parent", path);
        String parentId = parent == null ? null : parent.text();
        if (parent != null && id != null) {
          parentNodes.put(id, parent);
        }
        Map<String, SecretRef> credentials = credentials(m, path);
        SnmpSettings snmp = kind == TargetKind.SNMP ? snmp(m, path, credentials) : null;
        Map<String, String> labels = labels(m, path, snmp);
        io.vigie.model.ssh.SshSettings ssh =
            kind == TargetKind.SSH ? ssh(m, path, credentials) : null;
        if (kind != null && kind != TargetKind.SSH && m.entries().containsKey("ssh")) {
          Entry e = m.entries().get("ssh");
          error(
              e.keyLocation(),
              path + ".ssh",
              "ssh",
              "only a target of kind ssh takes ssh settings");
        }
        if (kind != null && kind != TargetKind.SNMP && m.entries().containsKey("snmp")) {
          Entry e = m.entries().get("snmp");
          error(
              e.keyLocation(),
              path + ".snmp",
              "snmp",
              "only a target of kind snmp takes snmp settings");
        }
        if (id != null && client != null && kind != null && address != null) {
          targets.add(
              new Target(
                  id,
                  client,
                  kind,
                  address,
                  interval == null ? defaultInterval : interval,
                  parentId,
                  credentials,
                  labels,
                  snmp,
                  ssh));
        }
      }
      parents(parentNodes, seen.keySet());
      return targets;
    }

    /** The ssh block: a user, a way to verify the host key, and a way to log in are required. */
    private io.vigie.model.ssh.SshSettings ssh(
        Mapping target, String path, Map<String, SecretRef> credentials) {
      Entry entry = target.entries().get("ssh");
      String p = path + ".ssh";
      if (entry == null) {
        error(
            target.location(),
            p,
            null,
            "missing: an ssh target needs ssh settings (user, host_key)");
        return null;
      }
      Mapping m = mapping(entry.value(), p, SSH_KEYS);
      if (m == null) {
        return null;
      }
      int port = integer(m, "port", p, 22, 1, 65535);
      String user = string(m, "user", p, true);
      Scalar hostKey = scalar(m, "host_key", p);
      if (hostKey != null && !FINGERPRINT.matcher(hostKey.text()).matches()) {
        error(
            hostKey.location(),
            p + ".host_key",
            hostKey.text(),
            "not a host key fingerprint: write it as ssh-keygen -lf prints it, SHA256:...");
        hostKey = null;
      }
      String knownHosts = string(m, "known_hosts", p, false);
      boolean tofu = false;
      Scalar t = scalar(m, "trust_on_first_use", p);
      if (t != null) {
        if (t.kind() == Scalar.Kind.BOOLEAN) {
          tofu = Boolean.parseBoolean(t.text());
        } else {
          error(t.location(), p + ".trust_on_first_use", t.text(), "must be true or false");
        }
      }
      if (hostKey == null && knownHosts == null && !tofu && !m.entries().containsKey("host_key")) {
        error(
            m.location(),
            p + ".host_key",
            null,
            "missing: pin the host key (host_key: SHA256:...), give known_hosts, or set"
                + " trust_on_first_use: true");
      }
      if (!credentials.containsKey("private_key") && !credentials.containsKey("password")) {
        error(
            target.location(),
            path + ".credentials",
            null,
            "missing: an ssh target needs a private_key or a password reference");
      }
      Duration connect = duration(m, "connect_timeout", p, true);
      Duration command = duration(m, "command_timeout", p, true);
      List<io.vigie.model.ssh.SshSettings.Check> checks = new ArrayList<>();
      Entry ce = m.entries().get("checks");
      Sequence cl = ce == null ? null : sequence(ce.value(), p + ".checks");
      Set<String> names = new HashSet<>();
      for (int i = 0; cl != null && i < cl.items().size(); i++) {
        String cp = p + ".checks[" + i + "]";
        Mapping c = mapping(cl.items().get(i), cp, CHECK_KEYS);
        if (c == null) {
          continue;
        }
        String name = name(c, "name", cp);
        String cmd = string(c, "command", cp, true);
        Duration timeout = duration(c, "timeout", cp, true);
        if (name != null && !names.add(name)) {
          error(
              c.entries().get("name").value().location(),
              cp + ".name",
              name,
              "duplicate check name");
        } else if (name != null && cmd != null) {
          checks.add(new io.vigie.model.ssh.SshSettings.Check(name, cmd, timeout));
        }
      }
      return new io.vigie.model.ssh.SshSettings(
          port,
          user,
          hostKey == null ? null : hostKey.text(),
          knownHosts == null ? null : java.nio.file.Path.of(knownHosts),
          tofu,
          connect == null ? Duration.ofSeconds(10) : connect,
          command == null ? Duration.ofSeconds(30) : command,
          checks);
    }

    /** The snmp block, with defaults (v2c, system and if-mib) when it is absent. */
    private SnmpSettings snmp(Mapping target, String path, Map<String, SecretRef> credentials) {
      Entry entry = target.entries().get("snmp");
      Mapping m =
          entry == null
              ? new Mapping(target.location(), Map.of())
              : mapping(entry.value(), path + ".snmp", SNMP_KEYS);
      if (m == null) {
        return null;
      }
      String p = path + ".snmp";
      SnmpSettings.Version version = SnmpSettings.Version.V2C;
      Scalar v = scalar(m, "version", p);
      if (v != null) {
        switch (String.valueOf(v.text()).toLowerCase(Locale.ROOT)) {
          case "1" -> version = SnmpSettings.Version.V1;
          case "2c", "2" -> version = SnmpSettings.Version.V2C;
          case "3" -> version = SnmpSettings.Version.V3;
          default -> error(v.location(), p + ".version", v.text(), "must be 1, 2c or 3");
        }
      }
      int port = integer(m, "port", p, 161, 1, 65535);
      List<String> profiles = new ArrayList<>(List.of("system", "if-mib"));
      Entry pe = m.entries().get("profiles");
      if (pe != null) {
        profiles.clear();
        Sequence list = sequence(pe.value(), p + ".profiles");
        if (list != null) {
          Set<String> known = io.vigie.model.snmp.SnmpProfiles.builtIn().keySet();
          for (int i = 0; i < list.items().size(); i++) {
            YamlNode item = list.items().get(i);
            String text = text(item);
            if (text != null && known.contains(text)) {
              profiles.add(text);
            } else {
              error(
                  item.location(),
                  p + ".profiles[" + i + "]",
                  text,
                  "unknown profile"
                      + suggestion(text, known)
                      + "; known: "
                      + String.join(", ", known));
            }
          }
        }
      }
      Duration timeout = duration(m, "timeout", p, true);
      int retries = integer(m, "retries", p, 1, 0, 10);
      int maxRepetitions = integer(m, "max_repetitions", p, 25, 1, 200);
      Duration budget = duration(m, "budget", p, true);
      String user = string(m, "user", p, false);
      SnmpSettings.AuthProtocol auth = choice(m, "auth", p, SnmpSettings.AuthProtocol.class);
      SnmpSettings.PrivProtocol priv = choice(m, "priv", p, SnmpSettings.PrivProtocol.class);
      if (version == SnmpSettings.Version.V3) {
        if (user == null) {
          error(m.location(), p + ".user", null, "missing: SNMPv3 needs a user");
        }
        if (priv != null && auth == null) {
          error(
              m.entries().get("priv").value().location(),
              p + ".priv",
              text(m.entries().get("priv").value()),
              "privacy needs authentication: set auth too");
        }
        if (auth != null && !credentials.containsKey("auth_password")) {
          error(
              target.location(),
              path + ".credentials.auth_password",
              null,
              "missing: auth "
                  + auth.name().toLowerCase(Locale.ROOT)
                  + " needs an auth_password reference");
        }
        if (priv != null && !credentials.containsKey("priv_password")) {
          error(
              target.location(),
              path + ".credentials.priv_password",
              null,
              "missing: priv "
                  + priv.name().toLowerCase(Locale.ROOT)
                  + " needs a priv_password reference");
        }
      } else {
        for (String v3only : List.of("user", "auth", "priv")) {
          if (m.entries().containsKey(v3only)) {
            error(
                m.entries().get(v3only).keyLocation(),
                p + "." + v3only,
                v3only,
                "only SNMPv3 takes " + v3only);
          }
        }
        if (!credentials.containsKey("community")) {
          error(
              target.location(),
              path + ".credentials.community",
              null,
              "missing: SNMP v1 and v2c need a community reference, e.g. {env: SNMP_COMMUNITY}");
        }
      }
      io.vigie.model.snmp.SnmpProfile custom = custom(m, p);
      return new SnmpSettings(
          version,
          port,
          profiles,
          timeout == null ? Duration.ofSeconds(2) : timeout,
          retries,
          maxRepetitions,
          budget,
          user,
          auth,
          priv,
          custom);
    }

    private io.vigie.model.snmp.SnmpProfile custom(Mapping snmp, String p) {
      Entry entry = snmp.entries().get("custom");
      List<io.vigie.model.snmp.SnmpProfile.Scalar> scalars = new ArrayList<>();
      List<io.vigie.model.snmp.SnmpProfile.Table> tables = new ArrayList<>();
      if (entry == null) {
        return null;
      }
      Mapping c = mapping(entry.value(), p + ".custom", CUSTOM_KEYS);
      if (c == null) {
        return null;
      }
      Entry se = c.entries().get("scalars");
      Sequence sl = se == null ? null : sequence(se.value(), p + ".custom.scalars");
      for (int i = 0; sl != null && i < sl.items().size(); i++) {
        String sp = p + ".custom.scalars[" + i + "]";
        Mapping s = mapping(sl.items().get(i), sp, SCALAR_KEYS);
        if (s == null) {
          continue;
        }
        String oid = oid(s, sp);
        String measurement = name(s, "measurement", sp);
        String field = name(s, "field", sp);
        String type = type(s, sp);
        Double scale = number(s, "scale", sp);
        Map<String, String> tags = customScalarTags(s, sp);
        if (oid != null && measurement != null && field != null && type != null) {
          scalars.add(
              new io.vigie.model.snmp.SnmpProfile.Scalar(
                  oid, measurement, tags, field, type, scale, false));
        }
      }
      Entry te = c.entries().get("tables");
      Sequence tl = te == null ? null : sequence(te.value(), p + ".custom.tables");
      for (int i = 0; tl != null && i < tl.items().size(); i++) {
        String tp = p + ".custom.tables[" + i + "]";
        Mapping t = mapping(tl.items().get(i), tp, TABLE_KEYS);
        if (t == null) {
          continue;
        }
        String measurement = name(t, "measurement", tp);
        String indexTag = string(t, "index_tag", tp, false);
        if (indexTag != null
            && !customTagName(
                indexTag, t.entries().get("index_tag").value().location(), tp + ".index_tag")) {
          indexTag = null;
        }
        List<io.vigie.model.snmp.SnmpProfile.Column> columns = new ArrayList<>();
        Entry ce = t.entries().get("columns");
        Sequence cl = ce == null ? null : sequence(ce.value(), tp + ".columns");
        if (ce == null) {
          error(t.location(), tp + ".columns", null, "missing: list the columns to walk");
        }
        for (int j = 0; cl != null && j < cl.items().size(); j++) {
          String cp = tp + ".columns[" + j + "]";
          Mapping col = mapping(cl.items().get(j), cp, COLUMN_KEYS);
          if (col == null) {
            continue;
          }
          String oid = oid(col, cp);
          String tag = col.entries().containsKey("tag") ? name(col, "tag", cp) : null;
          if (tag != null
              && !customTagName(tag, col.entries().get("tag").value().location(), cp + ".tag")) {
            continue;
          }
          String field = col.entries().containsKey("field") ? name(col, "field", cp) : null;
          if ((tag == null) == (field == null)) {
            error(col.location(), cp, null, "give exactly one of tag or field");
            continue;
          }
          String type = field == null ? "string" : type(col, cp);
          Double scale = number(col, "scale", cp);
          if (oid != null && type != null) {
            columns.add(
                new io.vigie.model.snmp.SnmpProfile.Column(
                    oid, tag, field, type, scale, null, null, null, false));
          }
        }
        if (measurement != null && !columns.isEmpty()) {
          tables.add(
              new io.vigie.model.snmp.SnmpProfile.Table(measurement, indexTag, columns, List.of()));
        }
      }
      return new io.vigie.model.snmp.SnmpProfile("custom", scalars, tables, List.of());
    }

    private String oid(Mapping m, String path) {
      Scalar s = scalar(m, "oid", path);
      if (s == null) {
        if (!m.entries().containsKey("oid")) {
          error(m.location(), path + ".oid", null, "missing");
        }
        return null;
      }
      if (!OID.matcher(s.text()).matches()) {
        error(s.location(), path + ".oid", s.text(), "not a numeric OID such as 1.3.6.1.2.1.1.3.0");
        return null;
      }
      return s.text().startsWith(".") ? s.text().substring(1) : s.text();
    }

    private String name(Mapping m, String key, String path) {
      Scalar s = scalar(m, key, path);
      if (s == null) {
        if (!m.entries().containsKey(key)) {
          error(m.location(), path + "." + key, null, "missing");
        }
        return null;
      }
      if (!NAME.matcher(s.text()).matches()) {
        error(
            s.location(), path + "." + key, s.text(), "a name is lower-case letters, digits and _");
        return null;
      }
      return s.text();
    }

    private String type(Mapping m, String path) {
      Scalar s = scalar(m, "type", path);
      Set<String> known =
          Set.of("gauge", "integer", "string", "timeticks", "counter", "float_text");
      if (s == null) {
        if (!m.entries().containsKey("type")) {
          error(
              m.location(),
              path + ".type",
              null,
              "missing: one of " + String.join(", ", sorted(known)));
        }
        return null;
      }
      if (!known.contains(s.text())) {
        error(
            s.location(),
            path + ".type",
            s.text(),
            "unknown type"
                + suggestion(s.text(), known)
                + "; known: "
                + String.join(", ", sorted(known)));
        return null;
      }
      return s.text();
    }

    private int integer(Mapping m, String key, String path, int fallback, int min, int max) {
      Scalar s = scalar(m, key, path);
      if (s == null) {
        return fallback;
      }
      if (s.kind() == Scalar.Kind.INTEGER) {
        try {
          int value = Integer.parseInt(s.text());
          if (value >= min && value <= max) {
            return value;
          }
        } catch (NumberFormatException e) {
          // reported below
        }
      }
      error(
          s.location(),
          path + "." + key,
          s.text(),
          "must be a whole number from " + min + " to " + max);
      return fallback;
    }

    private <E extends Enum<E>> E choice(Mapping m, String key, String path, Class<E> type) {
      Scalar s = scalar(m, key, path);
      if (s == null) {
        return null;
      }
      for (E value : type.getEnumConstants()) {
        if (value.name().equalsIgnoreCase(s.text())) {
          return value;
        }
      }
      List<String> names =
          java.util.Arrays.stream(type.getEnumConstants())
              .map(e -> e.name().toLowerCase(Locale.ROOT))
              .toList();
      error(s.location(), path + "." + key, s.text(), "must be one of " + String.join(", ", names));
      return null;
    }

    private TargetKind kind(Mapping m, String path) {
      Scalar s = scalar(m, "kind", path);
      if (s == null) {
        error(m.location(), path + ".kind", null, "missing: one of local, snmp, ssh");
        return null;
      }
      for (TargetKind kind : TargetKind.values()) {
        if (kind.code().equals(s.text())) {
          return kind;
        }
      }
      error(s.location(), path + ".kind", s.text(), "must be one of local, snmp, ssh");
      return null;
    }

    /** Unknown parents, and cycles reported once each on the target where they were found. */
    private void parents(Map<String, Scalar> parentNodes, Set<String> targetIds) {
      parentNodes.forEach(
          (id, node) -> {
            if (!targetIds.contains(node.text())) {
              error(
                  node.location(),
                  "targets[" + id + "].parent",
                  node.text(),
                  "no target has this id" + suggestion(node.text(), targetIds));
            } else if (node.text().equals(id)) {
              error(
                  node.location(),
                  "targets[" + id + "].parent",
                  node.text(),
                  "a target cannot be its own parent");
            }
          });
      // Each target is walked once: a chain already checked is not walked again, so a long daisy
      // chain of 20,000 devices costs 20,000 steps, not 20,000 squared.
      Set<String> checked = new HashSet<>();
      for (String start : parentNodes.keySet()) {
        Map<String, Integer> chain = new LinkedHashMap<>();
        String current = start;
        while (current != null
            && parentNodes.containsKey(current)
            && !checked.contains(current)
            && !chain.containsKey(current)) {
          chain.put(current, chain.size());
          current = parentNodes.get(current).text();
        }
        checked.addAll(chain.keySet());
        Integer from = current == null ? null : chain.get(current);
        if (from == null) {
          continue;
        }
        List<String> cycle = new ArrayList<>(chain.keySet()).subList(from, chain.size());
        // A self-parent is reported above; a longer cycle once, by the first member met.
        if (cycle.size() > 1) {
          Scalar node = parentNodes.get(cycle.get(0));
          error(
              node.location(),
              "targets[" + cycle.get(0) + "].parent",
              node.text(),
              "parent cycle: " + String.join(" -> ", cycle) + " -> " + cycle.get(0));
        }
      }
    }

    private Map<String, SecretRef> credentials(Mapping m, String path) {
      Map<String, SecretRef> credentials = new LinkedHashMap<>();
      Entry entry = m.entries().get("credentials");
      if (entry == null) {
        return credentials;
      }
      Mapping c = mapping(entry.value(), path + ".credentials", null);
      if (c == null) {
        return credentials;
      }
      for (Entry e : c.entries().values()) {
        String rolePath = path + ".credentials." + e.key();
        if (e.value() instanceof Scalar s) {
          // The value is deliberately not echoed: it may be the secret itself.
          error(
              s.location(),
              rolePath,
              null,
              "secrets are never written inline: use {env: VARIABLE} or {file: /path/to/secret}");
          continue;
        }
        Mapping ref = mapping(e.value(), rolePath, SECRET_KEYS);
        if (ref == null) {
          continue;
        }
        Scalar env = scalar(ref, "env", rolePath);
        Scalar fileRef = scalar(ref, "file", rolePath);
        if ((env == null) == (fileRef == null)) {
          error(ref.location(), rolePath, null, "give exactly one of env or file");
          continue;
        }
        SecretRef secret;
        Scalar node;
        if (env != null) {
          if (env.text() == null || !ENV_NAME.matcher(env.text()).matches()) {
            error(
                env.location(), rolePath + ".env", env.text(), "not an environment variable name");
            continue;
          }
          secret = SecretRef.env(env.text());
          node = env;
        } else {
          if (fileRef.text() == null || fileRef.text().isBlank()) {
            error(fileRef.location(), rolePath + ".file", fileRef.text(), "empty path");
            continue;
          }
          secret = SecretRef.file(fileRef.text());
          node = fileRef;
        }
        if (checkSecrets) {
          String why = secrets.whyUnresolvable(secret);
          if (why != null) {
            error(
                node.location(),
                rolePath + "." + secret.source().name().toLowerCase(Locale.ROOT),
                node.text(),
                "unresolvable secret: " + why);
          }
        }
        credentials.put(e.key(), secret);
      }
      return credentials;
    }

    /**
     * A target's labels become tags on every point of the target, so each name and value must be
     * one InfluxDB stores exactly ({@link TagRules}), and a name must not be a tag that the points
     * carry themselves: the point's own tag would silently replace the label.
     */
    private Map<String, String> labels(Mapping m, String path, SnmpSettings snmp) {
      Map<String, String> labels = new LinkedHashMap<>();
      Entry entry = m.entries().get("labels");
      if (entry == null) {
        return labels;
      }
      Mapping l = mapping(entry.value(), path + ".labels", null);
      if (l == null) {
        return labels;
      }
      Map<String, Set<String>> custom = customTags(snmp == null ? null : snmp.custom());
      int seriesKeyBytes = 0;
      for (Entry e : l.entries().values()) {
        String labelPath = path + ".labels." + e.key();
        Optional<String> badName = TagRules.keyProblem(e.key());
        String reservedBy = reservedBy(e.key(), custom);
        if (badName.isPresent()) {
          error(e.keyLocation(), labelPath, e.key(), "label name: " + badName.get());
        } else if (reservedBy != null) {
          error(
              e.keyLocation(),
              labelPath,
              e.key(),
              "reserved label name: the tag "
                  + e.key()
                  + " is written by "
                  + reservedBy
                  + ", and would replace this label there; choose another name");
        } else if (e.value() instanceof Scalar s && s.kind() != Scalar.Kind.NULL) {
          Optional<String> badValue = TagRules.valueProblem(s.text());
          if (badValue.isPresent()) {
            error(s.location(), labelPath, s.text(), badValue.get());
          } else {
            labels.put(e.key(), s.text());
            seriesKeyBytes += TagRules.seriesKeyBytes(e.key(), s.text());
          }
        } else {
          error(
              e.value().location(),
              labelPath,
              text(e.value()),
              "expected a value, found " + e.value().describe());
        }
      }
      if (seriesKeyBytes > TagRules.MAX_LABELS_BYTES) {
        error(
            l.location(),
            path + ".labels",
            null,
            "the labels take "
                + seriesKeyBytes
                + " bytes of every series key, more than "
                + TagRules.MAX_LABELS_BYTES
                + " (InfluxDB 1.x refuses a series key over 65535 bytes)");
      }
      return labels;
    }

    /** What writes the tag {@code name} besides the labels, in words; null when nothing does. */
    private static String reservedBy(String name, Map<String, Set<String>> custom) {
      Set<String> by = new java.util.LinkedHashSet<>();
      by.addAll(TagRules.reserved().getOrDefault(name, Set.of()));
      by.addAll(custom.getOrDefault(name, Set.of()));
      return by.isEmpty() ? null : String.join(", ", by);
    }

    /** The tags of a target's own SNMP measurements, with the measurements that write them. */
    private static Map<String, Set<String>> customTags(io.vigie.model.snmp.SnmpProfile custom) {
      Map<String, Set<String>> tags = new TreeMap<>();
      if (custom == null) {
        return tags;
      }
      java.util.function.BiConsumer<String, String> add =
          (tag, measurement) ->
              tags.computeIfAbsent(tag, k -> new java.util.LinkedHashSet<>())
                  .add("this target's custom measurement " + measurement);
      for (io.vigie.model.snmp.SnmpProfile.Scalar scalar : custom.scalars()) {
        scalar.tags().keySet().forEach(tag -> add.accept(tag, scalar.measurement()));
      }
      for (io.vigie.model.snmp.SnmpProfile.Table table : custom.tables()) {
        add.accept(table.indexTag(), table.measurement());
        for (io.vigie.model.snmp.SnmpProfile.Column column : table.columns()) {
          if (column.isTag()) {
            add.accept(column.tag(), table.measurement());
          }
        }
      }
      return tags;
    }

    /**
     * The constant tags of a custom scalar: written on its points as they are, so held to the same
     * rules as labels; the tags every point carries (target, client, kind) cannot be replaced.
     */
    private Map<String, String> customScalarTags(Mapping m, String path) {
      Map<String, String> out = new LinkedHashMap<>();
      Entry entry = m.entries().get("tags");
      if (entry == null) {
        return out;
      }
      Mapping l = mapping(entry.value(), path + ".tags", null);
      if (l == null) {
        return out;
      }
      for (Entry e : l.entries().values()) {
        String tagPath = path + ".tags." + e.key();
        if (!customTagName(e.key(), e.keyLocation(), tagPath)) {
          continue;
        }
        if (e.value() instanceof Scalar s && s.kind() != Scalar.Kind.NULL) {
          Optional<String> badValue = TagRules.valueProblem(s.text());
          if (badValue.isPresent()) {
            error(s.location(), tagPath, s.text(), badValue.get());
          } else {
            out.put(e.key(), s.text());
          }
        } else {
          error(
              e.value().location(),
              tagPath,
              text(e.value()),
              "expected a value, found " + e.value().describe());
        }
      }
      return out;
    }

    /** A custom measurement's tag name: storable, and not one of the tags of every point. */
    private boolean customTagName(String name, Location location, String path) {
      Optional<String> bad = TagRules.keyProblem(name);
      if (bad.isPresent()) {
        error(location, path, name, bad.get());
        return false;
      }
      if (Schema.COMMON_TAGS.contains(name)) {
        error(
            location,
            path,
            name,
            "reserved tag name: "
                + String.join(", ", Schema.COMMON_TAGS)
                + " are on every point about a target and are set by the collector");
        return false;
      }
      return true;
    }

    // ---- thresholds

    private Thresholds thresholds(Mapping top, Set<String> clientIds, Set<String> targetIds) {
      Entry entry = top.entries().get("thresholds");
      if (entry == null) {
        return Thresholds.none();
      }
      Mapping t = mapping(entry.value(), "thresholds", THRESHOLDS_KEYS);
      if (t == null) {
        return Thresholds.none();
      }
      List<ThresholdRule> defaults = new ArrayList<>();
      Entry d = t.entries().get("defaults");
      if (d != null) {
        defaults = rules(d.value(), "thresholds.defaults");
      }
      return new Thresholds(
          defaults, scopedRules(t, "clients", clientIds), scopedRules(t, "targets", targetIds));
    }

    private Map<String, List<ThresholdRule>> scopedRules(Mapping t, String key, Set<String> ids) {
      Map<String, List<ThresholdRule>> out = new LinkedHashMap<>();
      Entry entry = t.entries().get(key);
      if (entry == null) {
        return out;
      }
      Mapping m = mapping(entry.value(), "thresholds." + key, null);
      if (m == null) {
        return out;
      }
      String what = key.equals("clients") ? "client" : "target";
      for (Entry e : m.entries().values()) {
        String path = "thresholds." + key + "." + e.key();
        if (!ids.contains(e.key())) {
          error(
              e.keyLocation(),
              path,
              e.key(),
              "no " + what + " has this id" + suggestion(e.key(), ids));
        }
        out.put(e.key(), rules(e.value(), path));
      }
      return out;
    }

    private List<ThresholdRule> rules(YamlNode node, String path) {
      List<ThresholdRule> rules = new ArrayList<>();
      Sequence list = sequence(node, path);
      if (list == null) {
        return rules;
      }
      Set<String> keys = new HashSet<>();
      for (int i = 0; i < list.items().size(); i++) {
        String rulePath = path + "[" + i + "]";
        Mapping m = mapping(list.items().get(i), rulePath, RULE_KEYS);
        if (m == null) {
          continue;
        }
        Scalar metric = scalar(m, "metric", rulePath);
        if (metric == null) {
          error(
              m.location(),
              rulePath + ".metric",
              null,
              "missing: measurement.field, for example cpu.usage_percent");
        } else if (Schema.numericMetric(metric.text()).isEmpty()) {
          error(
              metric.location(),
              rulePath + ".metric",
              metric.text(),
              "not a numeric metric of the schema (see docs/schema.md)");
        }
        Map<String, String> where = labels(m, rulePath, "where");
        Comparison comparison = Comparison.ABOVE;
        Scalar cmp = scalar(m, "comparison", rulePath);
        if (cmp != null) {
          switch (String.valueOf(cmp.text())) {
            case "above" -> comparison = Comparison.ABOVE;
            case "below" -> comparison = Comparison.BELOW;
            default ->
                error(
                    cmp.location(), rulePath + ".comparison", cmp.text(), "must be above or below");
          }
        }
        Double warning = number(m, "warning", rulePath);
        Double errorLevel = number(m, "error", rulePath);
        if (warning == null
            && errorLevel == null
            && !m.entries().containsKey("warning")
            && !m.entries().containsKey("error")) {
          error(m.location(), rulePath, null, "give a warning level, an error level, or both");
        }
        if (warning != null && errorLevel != null && comparison.breaches(warning, errorLevel)) {
          Scalar w = (Scalar) m.entries().get("warning").value();
          error(
              w.location(),
              rulePath + ".warning",
              w.text(),
              "warning level is beyond the error level ("
                  + m.entries().get("error").value().describe()
                  + ") for comparison "
                  + comparison.code());
        }
        Duration forDuration = duration(m, "for", rulePath, false);
        Double recovery = number(m, "recovery", rulePath);
        if (recovery != null && recovery < 0) {
          error(
              m.entries().get("recovery").value().location(),
              rulePath + ".recovery",
              String.valueOf(recovery),
              "must be 0 or more");
        }
        if (metric != null) {
          ThresholdRule rule =
              new ThresholdRule(
                  metric.text(),
                  where,
                  comparison,
                  warning == null ? Double.NaN : warning,
                  errorLevel == null ? Double.NaN : errorLevel,
                  forDuration == null ? Duration.ZERO : forDuration,
                  recovery == null ? 0 : recovery);
          if (!keys.add(rule.key())) {
            error(
                metric.location(),
                rulePath + ".metric",
                metric.text(),
                "a rule for this metric is already given at this level");
          }
          rules.add(rule);
        }
      }
      return rules;
    }

    private Map<String, String> labels(Mapping m, String path, String key) {
      Map<String, String> out = new LinkedHashMap<>();
      Entry entry = m.entries().get(key);
      if (entry == null) {
        return out;
      }
      Mapping l = mapping(entry.value(), path + "." + key, null);
      if (l != null) {
        for (Entry e : l.entries().values()) {
          if (e.value() instanceof Scalar s && s.kind() != Scalar.Kind.NULL) {
            out.put(e.key(), s.text());
          } else {
            error(
                e.value().location(),
                path + "." + key + "." + e.key(),
                text(e.value()),
                "expected a value, found " + e.value().describe());
          }
        }
      }
      return out;
    }

    // ---- typed accessors: each reports its own mistakes and returns null on error

    private Mapping mapping(YamlNode node, String path, Set<String> allowed) {
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

    private Sequence sequence(YamlNode node, String path) {
      if (node instanceof Sequence s) {
        return s;
      }
      error(node.location(), path, text(node), "expected a list, found " + node.describe());
      return null;
    }

    /** A scalar value, or null when absent (or null, or not a scalar: then reported). */
    private Scalar scalar(Mapping m, String key, String path) {
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

    private String string(Mapping m, String key, String path, boolean required) {
      Scalar s = scalar(m, key, path);
      if (s == null) {
        if (required && !m.entries().containsKey(key)) {
          error(m.location(), path + "." + key, null, "missing");
        }
        return null;
      }
      if (s.text().isBlank()) {
        error(s.location(), path + "." + key, s.text(), "must not be empty");
        return null;
      }
      return s.text();
    }

    private String id(Mapping m, String path, Map<String, Location> seen, String what) {
      Scalar s = scalar(m, "id", path);
      if (s == null) {
        if (!m.entries().containsKey("id")) {
          error(m.location(), path + ".id", null, "missing");
        }
        return null;
      }
      if (!isId(s.text())) {
        error(
            s.location(),
            path + ".id",
            s.text(),
            "an id is 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit");
        return null;
      }
      Location first = seen.putIfAbsent(s.text(), s.location());
      if (first != null) {
        error(
            s.location(),
            path + ".id",
            s.text(),
            "duplicate " + what + " id (first at line " + first.line() + ")");
        return null;
      }
      return s.text();
    }

    private String reference(Mapping m, String key, String path, Set<String> ids, String what) {
      Scalar s = scalar(m, key, path);
      if (s == null) {
        if (!m.entries().containsKey(key)) {
          error(m.location(), path + "." + key, null, "missing");
        }
        return null;
      }
      if (!ids.contains(s.text())) {
        error(
            s.location(),
            path + "." + key,
            s.text(),
            "no " + what + " has this id" + suggestion(s.text(), ids));
        return null;
      }
      return s.text();
    }

    private Duration duration(Mapping m, String key, String path, boolean positive) {
      Scalar s = scalar(m, key, path);
      if (s == null) {
        return null;
      }
      Duration d = Durations.parse(s.text()).orElse(null);
      if (d == null) {
        error(
            s.location(),
            path + "." + key,
            s.text(),
            "not a duration: write it like 500ms, 30s, 5m, 1h or 1h30m");
        return null;
      }
      if (positive && d.isZero()) {
        error(s.location(), path + "." + key, s.text(), "must be more than 0");
        return null;
      }
      return d;
    }

    private Double number(Mapping m, String key, String path) {
      Scalar s = scalar(m, key, path);
      if (s == null) {
        return null;
      }
      if (s.kind() == Scalar.Kind.INTEGER || s.kind() == Scalar.Kind.FLOAT) {
        try {
          double value = Double.parseDouble(s.text());
          if (Double.isFinite(value)) {
            return value;
          }
        } catch (NumberFormatException e) {
          // reported below
        }
      }
      error(s.location(), path + "." + key, s.text(), "not a number");
      return null;
    }

    /**
     * {@code targets[web-1]} when the item has a well-formed id, {@code targets[3]} otherwise; a
     * duplicate id keeps its index so that the two entries can be told apart.
     */
    private String itemPath(String list, int index, YamlNode item) {
      if (item instanceof Mapping m
          && m.entries().get("id") != null
          && m.entries().get("id").value() instanceof Scalar s
          && s.text() != null
          && isId(s.text())
          && !pathIds.contains(list + "/" + s.text())) {
        pathIds.add(list + "/" + s.text());
        return list + "[" + s.text() + "]";
      }
      return list + "[" + index + "]";
    }

    private void error(Location location, String key, String value, String message) {
      errors.add(new InventoryError(file, location.line(), location.column(), key, value, message));
    }
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

  private static String text(YamlNode node) {
    return node instanceof Scalar s ? s.text() : null;
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }

  /** "; did you mean X?" for a near miss, as a typo is the likeliest cause of an unknown name. */
  static String suggestion(String given, Set<String> known) {
    if (given == null) {
      return "";
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = distance(given.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= Math.max(1, given.length() / 3)
        ? " (did you mean " + best + "?)"
        : "";
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
