package io.vigie.model.schema;

/** One field of a measurement, with its unit for docs and dashboards. */
public record FieldDef(String name, FieldType type, String unit, String description) {}
