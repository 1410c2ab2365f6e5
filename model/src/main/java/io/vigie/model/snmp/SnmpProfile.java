package io.vigie.model.snmp;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What to read from a device, as data: scalars fetched with GET and tables walked with GETBULK. The
 * built-in profiles are in {@code profiles.yml} beside this class; an inventory may add its own
 * scalars and tables to a target.
 */
public record SnmpProfile(
    String name, List<Scalar> scalars, List<Table> tables, List<Derive> derive) {
  public SnmpProfile {
    scalars = scalars == null ? List.of() : List.copyOf(scalars);
    tables = tables == null ? List.of() : List.copyOf(tables);
    derive = derive == null ? List.of() : List.copyOf(derive);
  }

  /** How a value is turned into a field. */
  public enum Type {
    GAUGE,
    INTEGER,
    STRING,
    TIMETICKS,
    COUNTER,
    FLOAT_TEXT;

    public static Type of(String name) {
      return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
  }

  /** One OID read with GET into a field of a measurement. */
  public record Scalar(
      String oid,
      String measurement,
      Map<String, String> tags,
      String field,
      String type,
      @Nullable Double scale,
      Boolean hidden) {
    public Scalar {
      tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public Type kind() {
      return Type.of(type);
    }
  }

  /** A table: one series per row, tagged with the row index. */
  public record Table(
      String measurement, String indexTag, List<Column> columns, List<Derive> derive) {
    /** A table whose index tag, when none is given, is {@code index}. */
    public Table(
        String measurement, @Nullable String indexTag, List<Column> columns, List<Derive> derive) {
      this.measurement = measurement;
      this.indexTag = indexTag == null ? "index" : indexTag;
      this.columns = List.copyOf(columns);
      this.derive = derive == null ? List.of() : List.copyOf(derive);
    }
  }

  /**
   * A column: a tag (its text) or a field.
   *
   * @param fallback read for rows where {@code oid} has no value (64-bit counters to 32-bit)
   * @param multiplyBy another field of the row to multiply by (storage allocation units)
   */
  public record Column(
      String oid,
      @Nullable String tag,
      @Nullable String field,
      String type,
      @Nullable Double scale,
      @Nullable String fallback,
      @Nullable Double fallbackScale,
      @Nullable String multiplyBy,
      Boolean hidden) {

    public Type kind() {
      return type == null ? Type.STRING : Type.of(type);
    }

    public boolean isTag() {
      return tag != null;
    }

    public String name() {
      return tag != null ? tag : Objects.requireNonNull(field, "a column is a tag or a field");
    }
  }

  /** A percentage computed from other fields of the same row or measurement. */
  public record Derive(
      String measurement,
      Map<String, String> tags,
      String field,
      List<String> ratio,
      List<String> remainderRatio,
      String complement) {
    public Derive {
      tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
  }
}
