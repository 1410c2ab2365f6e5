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
    public static FieldConfig unit(String unit) {
      return new FieldConfig(null, unit, null, null, null, null, null, null, null, null, null);
    }

    public FieldConfig withMin(Double newMin) {
      return new FieldConfig(
          displayName,
          unit,
          decimals,
          newMin,
          max,
          noValue,
          color,
          thresholds,
          mappings,
          links,
          custom);
    }

    public FieldConfig withMax(Double newMax) {
      return new FieldConfig(
          displayName,
          unit,
          decimals,
          min,
          newMax,
          noValue,
          color,
          thresholds,
          mappings,
          links,
          custom);
    }

    public FieldConfig withNoValue(String text) {
      return new FieldConfig(
          displayName, unit, decimals, min, max, text, color, thresholds, mappings, links, custom);
    }

    public FieldConfig withColor(FieldColor newColor) {
      return new FieldConfig(
          displayName,
          unit,
          decimals,
          min,
          max,
          noValue,
          newColor,
          thresholds,
          mappings,
          links,
          custom);
    }

    public FieldConfig withThresholds(Thresholds newThresholds) {
      return new FieldConfig(
          displayName,
          unit,
          decimals,
          min,
          max,
          noValue,
          color,
          newThresholds,
          mappings,
          links,
          custom);
    }

    public FieldConfig withMappings(List<ValueMapping> newMappings) {
      return new FieldConfig(
          displayName,
          unit,
          decimals,
          min,
          max,
          noValue,
          color,
          thresholds,
          newMappings,
          links,
          custom);
    }

    public FieldConfig withLinks(List<Link> newLinks) {
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
          newLinks,
          custom);
    }

    public FieldConfig withCustom(Map<String, Object> newCustom) {
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
          newCustom);
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
