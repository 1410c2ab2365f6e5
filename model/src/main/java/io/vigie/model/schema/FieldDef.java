package io.vigie.model.schema;

import org.jspecify.annotations.Nullable;

/**
 * One field of a measurement.
 *
 * @param unit the unit as the docs write it ({@code %}, {@code bytes/s}, {@code 0/1}...)
 * @param quantity the unit as a type, to format a value for people
 * @param displayName what people call it, or null for a field no threshold is usually set on (the
 *     field's {@code measurement.field} name is shown then)
 */
public record FieldDef(
    String name,
    FieldType type,
    String unit,
    String description,
    Unit quantity,
    @Nullable DisplayName displayName) {

  public FieldDef(String name, FieldType type, String unit, String description) {
    this(name, type, unit, description, Unit.ofSchemaSymbol(unit), null);
  }

  /** The same field, with its names for people. */
  public FieldDef shown(String en, String fr) {
    return new FieldDef(name, type, unit, description, quantity, new DisplayName(en, fr));
  }
}
