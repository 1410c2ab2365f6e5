package io.vigie.model.schema;

import java.util.List;
import java.util.Optional;

/**
 * A measurement: its name, the tags that identify a series beyond the common ones, and its fields.
 */
public record MeasurementDef(
    String name, String description, List<String> tags, List<FieldDef> fields) {
  public MeasurementDef {
    tags = List.copyOf(tags);
    fields = List.copyOf(fields);
  }

  public Optional<FieldDef> field(String fieldName) {
    return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
  }
}
