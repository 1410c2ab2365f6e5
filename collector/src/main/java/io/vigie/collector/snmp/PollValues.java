package io.vigie.collector.snmp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.snmp4j.smi.Variable;

/**
 * What one poll got from a device: the scalars by dotted OID, and each walked column's cells by row
 * index (the OID's suffix past the column, dotted). Kept apart so that a row is found by its
 * column, not by building and hashing "column.index" strings for every cell of every poll.
 */
record PollValues(Map<String, Variable> scalars, Map<String, Map<String, Variable>> columns) {

  @Nullable Variable scalar(String oid) {
    return scalars.get(oid);
  }

  @Nullable Variable cell(String column, String index) {
    Map<String, Variable> rows = columns.get(column);
    return rows == null ? null : rows.get(index);
  }

  /** The row indexes of a column, in the order walked; empty when it was not walked. */
  Set<String> rows(String column) {
    Map<String, Variable> rows = columns.get(column);
    return rows == null ? Set.of() : rows.keySet();
  }

  /** How many values: scalars and cells. */
  int size() {
    int size = scalars.size();
    for (Map<String, Variable> rows : columns.values()) {
      size += rows.size();
    }
    return size;
  }

  /**
   * Values keyed by full dotted OID, as varbinds name them, split by {@code columns}: an OID under
   * one of them is a cell of it, any other a scalar. For tests, and callers holding varbinds.
   */
  static PollValues split(Map<String, Variable> byOid, List<String> columns) {
    Map<String, Variable> scalars = new LinkedHashMap<>();
    Map<String, Map<String, Variable>> cells = new LinkedHashMap<>();
    byOid.forEach(
        (oid, value) -> {
          for (String column : columns) {
            if (oid.startsWith(column + ".")) {
              cells
                  .computeIfAbsent(column, c -> new LinkedHashMap<>())
                  .put(oid.substring(column.length() + 1), value);
              return;
            }
          }
          scalars.put(oid, value);
        });
    return new PollValues(scalars, cells);
  }
}
