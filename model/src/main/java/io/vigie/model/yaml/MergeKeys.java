package io.vigie.model.yaml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * YAML's merge key ({@code <<}): which values it takes, and how the merged entries join the ones
 * written in the mapping.
 *
 * <p>Apart from {@link YamlTreeReader} because the merge rules (a written key wins, the first
 * merged mapping wins, merged entries stand where {@code <<} stands) are a whole of their own,
 * independent of how events are read.
 */
final class MergeKeys {

  private MergeKeys() {}

  /**
   * Adds to {@code into} the mappings a merge key's value names: one mapping or a list of them; any
   * other value is reported at {@code path}.
   */
  static void sources(
      YamlNode value,
      Supplier<String> path,
      List<YamlTreeReader.Problem> problems,
      List<YamlNode.Mapping> into) {
    List<YamlNode> sources =
        value instanceof YamlNode.Sequence s ? s.items() : List.<YamlNode>of(value);
    for (YamlNode source : sources) {
      if (source instanceof YamlNode.Mapping m) {
        into.add(m);
      } else {
        problems.add(
            new YamlTreeReader.Problem(
                source.location(),
                path.get(),
                source instanceof YamlNode.Scalar s ? s.text() : null,
                "a merge key (<<) takes a mapping or a list of mappings, found "
                    + source.describe()));
      }
    }
  }

  /**
   * The written entries with the merged ones inserted where {@code <<} stands; a written key wins
   * over a merged one, and among merged mappings the first listed wins, as YAML's merge key says.
   */
  static Map<String, YamlNode.Entry> merge(
      Map<String, YamlNode.Entry> written, int at, List<YamlNode.Mapping> merged) {
    if (merged.isEmpty()) {
      return written;
    }
    Map<String, YamlNode.Entry> out = new LinkedHashMap<>();
    int index = 0;
    for (YamlNode.Entry entry : written.values()) {
      if (index++ == at) {
        addMerged(out, written, merged);
      }
      out.put(entry.key(), entry);
    }
    if (at >= written.size()) {
      addMerged(out, written, merged);
    }
    return out;
  }

  private static void addMerged(
      Map<String, YamlNode.Entry> out,
      Map<String, YamlNode.Entry> written,
      List<YamlNode.Mapping> merged) {
    for (YamlNode.Mapping source : merged) {
      for (YamlNode.Entry entry : source.entries().values()) {
        if (!written.containsKey(entry.key())) {
          out.putIfAbsent(entry.key(), entry);
        }
      }
    }
  }
}
