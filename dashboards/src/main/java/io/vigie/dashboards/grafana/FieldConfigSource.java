package io.vigie.dashboards.grafana;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/** How fields are shown: defaults for every field, then overrides for matched fields. */
public record FieldConfigSource(FieldConfig defaults, List<Override> overrides) {
  public FieldConfigSource {
    overrides = List.copyOf(overrides);
  }

  public static FieldConfigSource of(FieldConfig defaults) {
    return new FieldConfigSource(defaults, List.of());
  }

  /**
   * Display settings of a field.
   *
   * @param custom the panel type's own field settings (line width, cell type...)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({
    "displayName",
    "unit",
    "decimals",
    "min",
    "max",
    "noValue",
    "color",
    "thresholds",
    "mappings",
    "links",
    "custom"
  })
  public record FieldConfig(
      String displayName,
      String unit,
      Integer decimals,
      Double min,
      Double max,
      String noValue,
      FieldColor color,
      Thresholds thresholds,
      List<ValueMapping> mappings,
      List<Link> links,
      Map<String, Object> custom) {
    public static Builder builder() {
      return new Builder();
    }

    public Builder toBuilder() {
      Builder b = new Builder();
      b.displayName = displayName;
      b.unit = unit;
      b.decimals = decimals;
      b.min = min;
      b.max = max;
      b.noValue = noValue;
      b.color = color;
      b.thresholds = thresholds;
      b.mappings = mappings;
      b.links = links;
      b.custom = custom;
      return b;
    }

    /** Builds a {@link FieldConfig}; what is not set stays out of the JSON. */
    public static final class Builder {
      private String displayName;
      private String unit;
      private Integer decimals;
      private Double min;
      private Double max;
      private String noValue;
      private FieldColor color;
      private Thresholds thresholds;
      private List<ValueMapping> mappings;
      private List<Link> links;
      private Map<String, Object> custom;

      private Builder() {}

      public Builder unit(String value) {
        unit = value;
        return this;
      }

      public Builder min(Double value) {
        min = value;
        return this;
      }

      public Builder max(Double value) {
        max = value;
        return this;
      }

      /** What a panel shows when a query returns nothing. */
      public Builder noValue(String value) {
        noValue = value;
        return this;
      }

      public Builder color(FieldColor value) {
        color = value;
        return this;
      }

      public Builder thresholds(Thresholds value) {
        thresholds = value;
        return this;
      }

      public Builder mappings(List<ValueMapping> value) {
        mappings = value;
        return this;
      }

      public Builder custom(Map<String, Object> value) {
        custom = value;
        return this;
      }

      public FieldConfig build() {
        return new FieldConfig(
            displayName,
            unit,
            decimals,
            min,
            max,
            noValue,
            color,
            thresholds,
            mappings,
            links,
            custom);
      }
    }
  }

  /** Field colour: {@code thresholds}, {@code fixed} (with {@code fixedColor}), a palette... */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FieldColor(String mode, String fixedColor) {
    public static FieldColor byThresholds() {
      return new FieldColor("thresholds", null);
    }

    public static FieldColor palette() {
      return new FieldColor("palette-classic", null);
    }
  }

  /** Colour steps; the first step's value is null (minus infinity), as Grafana writes it. */
  public record Thresholds(String mode, List<Step> steps) {
    public Thresholds {
      steps = List.copyOf(steps);
    }

    public record Step(@JsonInclude(JsonInclude.Include.ALWAYS) Double value, String color) {}
  }

  /**
   * Settings for the fields a matcher selects.
   *
   * @param matcher for example {@code byName} with a field's display name
   */
  public record Override(Matcher matcher, List<Property> properties) {
    public Override {
      properties = List.copyOf(properties);
    }

    public static Override byName(String name, Property... properties) {
      return new Override(new Matcher("byName", name), List.of(properties));
    }
  }

  public record Matcher(String id, Object options) {}

  /** One setting, named like Grafana's editor does ({@code links}, {@code custom.hidden}...). */
  public record Property(String id, Object value) {}
}
