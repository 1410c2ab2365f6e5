package io.vigie.dashboards.grafana;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/** Turns raw values into text and colour (a status code into "ERROR" in red). */
public sealed interface ValueMapping {
  @JsonProperty("type")
  String type();

  /** Exact values to results. */
  @JsonPropertyOrder({"type", "options"})
  record Values(Map<String, Result> options) implements ValueMapping {
    public Values {
      // Sorted, so that the generated JSON is the same on every run.
      options = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(options));
    }

    @Override
    public String type() {
      return "value";
    }
  }

  /** A special value (null, NaN, empty) to a result. */
  @JsonPropertyOrder({"type", "options"})
  record Special(SpecialOptions options) implements ValueMapping {
    public static Special of(String match, Result result) {
      return new Special(new SpecialOptions(match, result));
    }

    @Override
    public String type() {
      return "special";
    }
  }

  /**
   * What a special mapping matches, and what it shows.
   *
   * @param match {@code null}, {@code nan}, {@code null+nan}, {@code empty}, {@code true}...
   */
  record SpecialOptions(String match, Result result) {}

  /**
   * The text and colour a mapped value is shown with.
   *
   * @param index the order of this result in legends
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Result(String text, String color, Integer index) {}
}
