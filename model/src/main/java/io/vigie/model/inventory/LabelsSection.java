package io.vigie.model.inventory;

import static io.vigie.model.inventory.Checker.text;
import static io.vigie.model.inventory.Checker.written;

import io.vigie.model.schema.TagRules;
import io.vigie.model.yaml.YamlNode.Entry;
import io.vigie.model.yaml.YamlNode.Mapping;
import io.vigie.model.yaml.YamlNode.Scalar;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A target's {@code labels}. They become tags on every point of the target, so each name and value
 * must be one InfluxDB stores exactly ({@link TagRules}), all of them must fit in a series key, and
 * a name must not be a tag that the points carry themselves: the point's own tag would silently
 * replace the label.
 */
final class LabelsSection {

  private final Checker c;

  LabelsSection(Checker c) {
    this.c = c;
  }

  /**
   * @param ownTags the tags the target's own measurements write (an SNMP target's custom OIDs),
   *     with what writes each, in words; reserved like the schema's tags
   */
  Map<String, String> read(Mapping m, String path, Map<String, Set<String>> ownTags) {
    Map<String, String> labels = new LinkedHashMap<>();
    Entry entry = m.entries().get("labels");
    if (entry == null) {
      return labels;
    }
    Mapping l = c.mapping(entry.value(), path + ".labels", null);
    if (l == null) {
      return labels;
    }
    int seriesKeyBytes = 0;
    for (Entry e : l.entries().values()) {
      String labelPath = path + ".labels." + e.key();
      Optional<String> badName = TagRules.keyProblem(e.key());
      String reservedBy = reservedBy(e.key(), ownTags);
      if (badName.isPresent()) {
        c.error(e.keyLocation(), labelPath, e.key(), "label name: " + badName.get());
      } else if (reservedBy != null) {
        c.error(
            e.keyLocation(),
            labelPath,
            e.key(),
            "reserved label name: the tag "
                + e.key()
                + " is written by "
                + reservedBy
                + ", and would replace this label there; choose another name");
      } else if (e.value() instanceof Scalar s && s.kind() != Scalar.Kind.NULL) {
        String value = written(s);
        Optional<String> badValue = TagRules.valueProblem(value);
        if (badValue.isPresent()) {
          c.error(s.location(), labelPath, value, badValue.get());
        } else {
          labels.put(e.key(), value);
          seriesKeyBytes += TagRules.seriesKeyBytes(e.key(), value);
        }
      } else {
        c.error(
            e.value().location(),
            labelPath,
            text(e.value()),
            "expected a value, found " + e.value().describe());
      }
    }
    if (seriesKeyBytes > TagRules.MAX_LABELS_BYTES) {
      c.error(
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
  private static @Nullable String reservedBy(String name, Map<String, Set<String>> ownTags) {
    Set<String> by = new LinkedHashSet<>();
    by.addAll(TagRules.reserved().getOrDefault(name, Set.of()));
    by.addAll(ownTags.getOrDefault(name, Set.of()));
    return by.isEmpty() ? null : String.join(", ", by);
  }
}
