package io.vigie.model.inventory;

import static io.vigie.model.inventory.Checker.text;
import static io.vigie.model.inventory.Checker.written;

import io.vigie.model.logs.LogRule;
import io.vigie.model.logs.Severity;
import io.vigie.model.logs.TargetLogs;
import io.vigie.model.logs.TargetLogs.JournalSource;
import io.vigie.model.yaml.Location;
import io.vigie.model.yaml.YamlNode;
import io.vigie.model.yaml.YamlNode.Entry;
import io.vigie.model.yaml.YamlNode.Mapping;
import io.vigie.model.yaml.YamlNode.Scalar;
import io.vigie.model.yaml.YamlNode.Sequence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * A target's {@code logs:} (more senders; for an SSH target, its journal and files followed over
 * SSH) and the {@code log_rules:} of a target or a client.
 */
final class LogsSection {
  static final Set<String> LOGS_KEYS = Set.of("senders", "journal", "files");
  private static final Set<String> JOURNAL_KEYS = Set.of("units", "priority", "namespace");
  private static final Set<String> RULE_KEYS =
      Set.of("name", "match", "severity", "level", "count", "within", "clear_after");
  private static final Duration DEFAULT_WITHIN = Duration.ofMinutes(5);
  private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9:_.@\\\\-]{1,256}");

  private final Checker c;

  LogsSection(Checker c) {
    this.c = c;
  }

  /** The target's {@code logs:}, without rules ({@link #rules} reads those). */
  TargetLogs read(Mapping target, String path, @Nullable TargetKind kind) {
    Entry entry = target.entries().get("logs");
    if (entry == null) {
      return TargetLogs.NONE;
    }
    String lp = path + ".logs";
    Mapping m = c.mapping(entry.value(), lp, LOGS_KEYS);
    if (m == null) {
      return TargetLogs.NONE;
    }
    List<String> senders = strings(m, "senders", lp);
    for (String sender : senders) {
      if (!sender.matches("[A-Za-z0-9:.\\-_\\[\\]]{1,253}")) {
        c.error(
            present(m, "senders").value().location(),
            lp + ".senders",
            sender,
            "an address or a host name");
      }
    }
    boolean ssh = kind == TargetKind.SSH;
    JournalSource journal = null;
    Entry j = m.entries().get("journal");
    if (j != null) {
      journal = journal(j, lp + ".journal", ssh);
    }
    List<String> files = strings(m, "files", lp);
    if (!files.isEmpty() && !ssh) {
      c.error(
          present(m, "files").keyLocation(),
          lp + ".files",
          null,
          "only an ssh target's files are followed (over its SSH session); a "
              + (kind == null ? "target of another kind" : kind.code() + " target")
              + " sends its logs by syslog");
    }
    for (String file : files) {
      if (!file.startsWith("/") || file.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
        c.error(
            present(m, "files").value().location(),
            lp + ".files",
            file,
            "an absolute path without control characters");
      }
    }
    return new TargetLogs(senders, journal, files, List.of());
  }

  private @Nullable JournalSource journal(Entry j, String jp, boolean ssh) {
    if (!ssh) {
      c.error(
          j.keyLocation(),
          jp,
          null,
          "only an ssh target's journal is followed (over its SSH session)");
      return null;
    }
    if (j.value() instanceof Scalar s && s.kind() == Scalar.Kind.NULL) {
      return new JournalSource(List.of(), null, null); // journal: with nothing: everything
    }
    Mapping m = c.mapping(j.value(), jp, JOURNAL_KEYS);
    if (m == null) {
      return null;
    }
    List<String> units = strings(m, "units", jp);
    for (String unit : units) {
      if (!UNIT.matcher(unit).matches()) {
        c.error(present(m, "units").value().location(), jp + ".units", unit, "not a unit name");
      }
    }
    Severity priority = severity(m, "priority", jp);
    String namespace = c.string(m, "namespace", jp, false);
    if (namespace != null && !namespace.matches("[A-Za-z0-9_-]{1,64}")) {
      c.error(
          present(m, "namespace").value().location(),
          jp + ".namespace",
          namespace,
          "a journald namespace: letters, digits, '_' and '-'");
      namespace = null;
    }
    return new JournalSource(units, priority, namespace);
  }

  /** The {@code log_rules:} of a target or a client; names unique within the list. */
  List<LogRule> rules(Mapping owner, String path) {
    List<LogRule> rules = new ArrayList<>();
    Entry entry = owner.entries().get("log_rules");
    if (entry == null) {
      return rules;
    }
    String lp = path + ".log_rules";
    Sequence list = c.sequence(entry.value(), lp);
    if (list == null) {
      return rules;
    }
    Map<String, Location> names = new HashMap<>();
    for (int i = 0; i < list.items().size(); i++) {
      YamlNode item = list.items().get(i);
      String rp = lp + "[" + i + "]";
      if (item instanceof Mapping im
          && im.entries().get("name") != null
          && im.entries().get("name").value() instanceof Scalar s
          && s.kind() != Scalar.Kind.NULL
          && InventoryLoader.isId(written(s))) {
        rp = lp + "[" + written(s) + "]";
      }
      LogRule rule = rule(item, rp, names);
      if (rule != null) {
        rules.add(rule);
      }
    }
    return rules;
  }

  private @Nullable LogRule rule(YamlNode item, String rp, Map<String, Location> names) {
    Mapping m = c.mapping(item, rp, RULE_KEYS);
    if (m == null) {
      return null;
    }
    String name = null;
    Scalar n = c.scalar(m, "name", rp);
    if (n == null) {
      if (!m.entries().containsKey("name")) {
        c.error(m.location(), rp + ".name", null, "missing: every rule has a name (its check)");
      }
    } else if (!InventoryLoader.isId(written(n))) {
      c.error(
          n.location(),
          rp + ".name",
          written(n),
          "letters, digits, '.', '_' and '-', starting with a letter or digit, 63 at most");
    } else {
      Location first = names.putIfAbsent(written(n), n.location());
      if (first != null) {
        c.error(
            n.location(),
            rp + ".name",
            written(n),
            "duplicate rule name here (first at line " + first.line() + ")");
      } else {
        name = written(n);
      }
    }
    Pattern match = null;
    boolean badMatch = false;
    Scalar ms = c.scalar(m, "match", rp);
    if (ms != null) {
      try {
        match = Pattern.compile(written(ms));
      } catch (PatternSyntaxException e) {
        badMatch = true;
        c.error(
            ms.location(),
            rp + ".match",
            written(ms),
            "not a regular expression: " + e.getDescription() + " near index " + e.getIndex());
      }
    }
    boolean hasSeverity = m.entries().containsKey("severity");
    Severity severity = severity(m, "severity", rp);
    if (ms == null && !hasSeverity) {
      c.error(
          m.location(),
          rp,
          null,
          "says nothing to look for: give match (a regular expression), severity (at or above),"
              + " or both");
    }
    LogRule.Level level = LogRule.Level.WARNING;
    Scalar ls = c.scalar(m, "level", rp);
    if (ls != null) {
      switch (written(ls).toUpperCase(java.util.Locale.ROOT)) {
        case "WARNING" -> level = LogRule.Level.WARNING;
        case "ERROR" -> level = LogRule.Level.ERROR;
        default -> {
          c.error(ls.location(), rp + ".level", written(ls), "must be WARNING or ERROR");
          level = null;
        }
      }
    }
    int count = c.integer(m, "count", rp, 1, 1, 1_000_000);
    Duration within = m.entries().containsKey("within") ? c.duration(m, "within", rp, true) : null;
    Duration clear =
        m.entries().containsKey("clear_after") ? c.duration(m, "clear_after", rp, true) : null;
    if ((m.entries().containsKey("within") && within == null)
        || (m.entries().containsKey("clear_after") && clear == null)) {
      return null;
    }
    Duration w = within == null ? DEFAULT_WITHIN : within;
    if (name == null || badMatch || level == null || (hasSeverity && severity == null)) {
      return null;
    }
    return new LogRule(name, match, severity, level, count, w, clear == null ? w : clear);
  }

  private @Nullable Severity severity(Mapping m, String key, String path) {
    Scalar s = c.scalar(m, key, path);
    if (s == null) {
      return null;
    }
    return Severity.parse(written(s))
        .orElseGet(
            () -> {
              c.error(
                  s.location(),
                  path + "." + key,
                  written(s),
                  "a severity: emerg, alert, crit, err, warning, notice, info, debug (or 0 to 7)");
              return null;
            });
  }

  /** A list of non-empty strings, or empty when the key is absent (errors reported). */
  private List<String> strings(Mapping m, String key, String path) {
    List<String> values = new ArrayList<>();
    Entry e = m.entries().get(key);
    if (e == null) {
      return values;
    }
    Sequence list = c.sequence(e.value(), path + "." + key);
    if (list == null) {
      return values;
    }
    for (int i = 0; i < list.items().size(); i++) {
      YamlNode item = list.items().get(i);
      if (item instanceof Scalar s && s.kind() != Scalar.Kind.NULL && !written(s).isBlank()) {
        values.add(written(s));
      } else {
        c.error(
            item.location(),
            path + "." + key + "[" + i + "]",
            text(item),
            "expected a value, found " + item.describe());
      }
    }
    return values;
  }

  private static Entry present(Mapping m, String key) {
    return Checker.present(m, key);
  }
}
