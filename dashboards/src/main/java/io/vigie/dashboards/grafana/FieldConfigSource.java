package io.vigie.dashboards.grafana;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** How fields are shown: defaults for every field, then overrides for matched fields. */
public record FieldConfigSource(FieldConfig defaults, List<FieldOverride> overrides) {
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
      @Nullable String displayName,
      @Nullable String unit,
      @Nullable Integer decimals,
      @Nullable Double min,
      @Nullable Double max,
      @Nullable String noValue,
      @Nullable FieldColor color,
      @Nullable Thresholds thresholds,
      @Nullable List<ValueMapping> mappings,
      @Nullable List<Link> links,
      @Nullable Map<String, Object> custom) {
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
      private @Nullable String displayName;
      private @Nullable String unit;
      private @Nullable Integer decimals;
      private @Nullable Double min;
      private @Nullable Double max;
      private @Nullable String noValue;
      private @Nullable FieldColor color;
      private @Nullable Thresholds thresholds;
      private @Nullable List<ValueMapping> mappings;
      private @Nullable List<Link> links;
      private @Nullable Map<String, Object> custom;

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

      public Builder mappings(@Nullable List<ValueMapping> value) {
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
  public record FieldColor(String mode, @Nullable String fixedColor) {
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

    public record Step(
        @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable Double value, String color) {}
  }

  /**
   * Settings for the fields a matcher selects.
   *
   * @param matcher for example {@code byName} with a field's display name
   */
  public record FieldOverride(Matcher matcher, List<Property> properties) {
    public FieldOverride {
      properties = List.copyOf(properties);
    }

    public static FieldOverride byName(String name, Property... properties) {
      return new FieldOverride(new Matcher("byName", name), List.of(properties));
    }
  }

  public record Matcher(String id, Object options) {}

  /** One setting, named like Grafana's editor does ({@code links}, {@code custom.hidden}...). */
  public record Property(String id, Object value) {}
}
