package io.vigie.model.schema;

/** InfluxDB field types. A field keeps one type forever: mixing them is a 400 from InfluxDB. */
public enum FieldType {
  FLOAT,
  INTEGER,
  STRING,
  BOOLEAN;

  public boolean numeric() {
    return this == FLOAT || this == INTEGER;
  }

  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
