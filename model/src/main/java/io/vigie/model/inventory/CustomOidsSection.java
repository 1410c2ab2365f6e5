package io.vigie.model.inventory;

import static io.vigie.model.inventory.Checker.present;
import static io.vigie.model.inventory.Checker.sorted;
import static io.vigie.model.inventory.Checker.text;
import static io.vigie.model.inventory.Checker.written;
import static io.vigie.model.inventory.Suggestions.suggestion;

import io.vigie.model.schema.Schema;
import io.vigie.model.schema.TagRules;
import io.vigie.model.snmp.SnmpProfile;
import io.vigie.model.yaml.Location;
import io.vigie.model.yaml.YamlNode.Entry;
import io.vigie.model.yaml.YamlNode.Mapping;
import io.vigie.model.yaml.YamlNode.Scalar;
import io.vigie.model.yaml.YamlNode.Sequence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An snmp target's {@code snmp.custom} block: its own scalars and tables, beside the built-in
 * profiles. Each OID is numeric; measurement, field and tag names are names; a value type is a
 * known one; a tag (a scalar's constant tags, a table's index tag or tag column) is storable and
 * not one of the tags every point carries; a table column is exactly one of a tag or a field.
 */
final class CustomOidsSection {

  private static final Set<String> KEYS = Set.of("scalars", "tables");
  private static final Set<String> SCALAR_KEYS =
      Set.of("oid", "measurement", "tags", "field", "type", "scale");
  private static final Set<String> TABLE_KEYS = Set.of("measurement", "index_tag", "columns");
  private static final Set<String> COLUMN_KEYS = Set.of("oid", "tag", "field", "type", "scale");
  private static final Set<String> TYPES =
      Set.of("gauge", "integer", "string", "timeticks", "counter", "float_text");
  private static final Pattern OID = Pattern.compile("\\.?[0-9]+(\\.[0-9]+)+");

  private final Checker c;

  CustomOidsSection(Checker c) {
    this.c = c;
  }

  /**
   * The target's own profile, named {@code custom}.
   *
   * @param snmp the snmp block
   * @param p its path
   * @return the profile named {@code custom}, or null when the block is absent or not a mapping
   */
  @Nullable SnmpProfile read(Mapping snmp, String p) {
    Entry entry = snmp.entries().get("custom");
    if (entry == null) {
      return null;
    }
    Mapping m = c.mapping(entry.value(), p + ".custom", KEYS);
    if (m == null) {
      return null;
    }
    List<SnmpProfile.Scalar> scalars = scalars(m, p);
    List<SnmpProfile.Table> tables = tables(m, p);
    return new SnmpProfile("custom", scalars, tables, List.of());
  }

  private List<SnmpProfile.Scalar> scalars(Mapping m, String p) {
    List<SnmpProfile.Scalar> scalars = new ArrayList<>();
    Entry se = m.entries().get("scalars");
    Sequence sl = se == null ? null : c.sequence(se.value(), p + ".custom.scalars");
    for (int i = 0; sl != null && i < sl.items().size(); i++) {
      String sp = p + ".custom.scalars[" + i + "]";
      Mapping s = c.mapping(sl.items().get(i), sp, SCALAR_KEYS);
      if (s == null) {
        continue;
      }
      String oid = oid(s, sp);
      String measurement = c.name(s, "measurement", sp);
      String field = c.name(s, "field", sp);
      String type = type(s, sp);
      Double scale = c.number(s, "scale", sp);
      Map<String, String> tags = scalarTags(s, sp);
      if (oid != null && measurement != null && field != null && type != null) {
        scalars.add(new SnmpProfile.Scalar(oid, measurement, tags, field, type, scale, false));
      }
    }
    return scalars;
  }

  private List<SnmpProfile.Table> tables(Mapping m, String p) {
    List<SnmpProfile.Table> tables = new ArrayList<>();
    Entry te = m.entries().get("tables");
    Sequence tl = te == null ? null : c.sequence(te.value(), p + ".custom.tables");
    for (int i = 0; tl != null && i < tl.items().size(); i++) {
      String tp = p + ".custom.tables[" + i + "]";
      Mapping t = c.mapping(tl.items().get(i), tp, TABLE_KEYS);
      if (t == null) {
        continue;
      }
      String measurement = c.name(t, "measurement", tp);
      String indexTag = c.string(t, "index_tag", tp, false);
      if (indexTag != null
          && !tagName(indexTag, present(t, "index_tag").value().location(), tp + ".index_tag")) {
        indexTag = null;
      }
      List<SnmpProfile.Column> columns = columns(t, tp);
      if (measurement != null && !columns.isEmpty()) {
        tables.add(new SnmpProfile.Table(measurement, indexTag, columns, List.of()));
      }
    }
    return tables;
  }

  private List<SnmpProfile.Column> columns(Mapping t, String tp) {
    List<SnmpProfile.Column> columns = new ArrayList<>();
    Entry ce = t.entries().get("columns");
    Sequence cl = ce == null ? null : c.sequence(ce.value(), tp + ".columns");
    if (ce == null) {
      c.error(t.location(), tp + ".columns", null, "missing: list the columns to walk");
    }
    for (int j = 0; cl != null && j < cl.items().size(); j++) {
      String cp = tp + ".columns[" + j + "]";
      Mapping col = c.mapping(cl.items().get(j), cp, COLUMN_KEYS);
      if (col == null) {
        continue;
      }
      String oid = oid(col, cp);
      String tag = col.entries().containsKey("tag") ? c.name(col, "tag", cp) : null;
      if (tag != null && !tagName(tag, present(col, "tag").value().location(), cp + ".tag")) {
        continue;
      }
      String field = col.entries().containsKey("field") ? c.name(col, "field", cp) : null;
      if ((tag == null) == (field == null)) {
        c.error(col.location(), cp, null, "give exactly one of tag or field");
        continue;
      }
      String type = field == null ? "string" : type(col, cp);
      Double scale = c.number(col, "scale", cp);
      if (oid != null && type != null) {
        columns.add(new SnmpProfile.Column(oid, tag, field, type, scale, null, null, null, false));
      }
    }
    return columns;
  }

  /** A required numeric OID, without its leading dot. */
  private @Nullable String oid(Mapping m, String path) {
    Scalar s = c.scalar(m, "oid", path);
    if (s == null) {
      if (!m.entries().containsKey("oid")) {
        c.error(m.location(), path + ".oid", null, "missing");
      }
      return null;
    }
    String text = written(s);
    if (!OID.matcher(text).matches()) {
      c.error(s.location(), path + ".oid", text, "not a numeric OID such as 1.3.6.1.2.1.1.3.0");
      return null;
    }
    return text.startsWith(".") ? text.substring(1) : text;
  }

  /** A required value type. */
  private @Nullable String type(Mapping m, String path) {
    Scalar s = c.scalar(m, "type", path);
    if (s == null) {
      if (!m.entries().containsKey("type")) {
        c.error(
            m.location(),
            path + ".type",
            null,
            "missing: one of " + String.join(", ", sorted(TYPES)));
      }
      return null;
    }
    String text = written(s);
    if (!TYPES.contains(text)) {
      c.error(
          s.location(),
          path + ".type",
          text,
          "unknown type"
              + suggestion(text, TYPES)
              + "; known: "
              + String.join(", ", sorted(TYPES)));
      return null;
    }
    return text;
  }

  /**
   * The constant tags of a custom scalar: written on its points as they are, so held to the same
   * rules as labels; the tags every point carries (target, client, kind) cannot be replaced.
   */
  private Map<String, String> scalarTags(Mapping m, String path) {
    Map<String, String> out = new LinkedHashMap<>();
    Entry entry = m.entries().get("tags");
    if (entry == null) {
      return out;
    }
    Mapping l = c.mapping(entry.value(), path + ".tags", null);
    if (l == null) {
      return out;
    }
    for (Entry e : l.entries().values()) {
      String tagPath = path + ".tags." + e.key();
      if (!tagName(e.key(), e.keyLocation(), tagPath)) {
        continue;
      }
      if (e.value() instanceof Scalar s && s.kind() != Scalar.Kind.NULL) {
        String value = written(s);
        Optional<String> badValue = TagRules.valueProblem(value);
        if (badValue.isPresent()) {
          c.error(s.location(), tagPath, value, badValue.get());
        } else {
          out.put(e.key(), value);
        }
      } else {
        c.error(
            e.value().location(),
            tagPath,
            text(e.value()),
            "expected a value, found " + e.value().describe());
      }
    }
    return out;
  }

  /** A custom measurement's tag name: storable, and not one of the tags of every point. */
  private boolean tagName(String name, Location location, String path) {
    Optional<String> bad = TagRules.keyProblem(name);
    if (bad.isPresent()) {
      c.error(location, path, name, bad.get());
      return false;
    }
    if (Schema.COMMON_TAGS.contains(name)) {
      c.error(
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
}
