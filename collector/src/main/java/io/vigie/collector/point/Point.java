package io.vigie.collector.point;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One InfluxDB point. Field values are {@link Double} (float), {@link Long} (integer), {@link
 * String} or {@link Boolean}; the type of a field must never change (InfluxDB refuses the point).
 *
 * @param timeMillis set once, when the poll started: a replayed point keeps it and so overwrites
 *     itself in InfluxDB instead of being counted twice
 */
public record Point(
    String measurement,
    SortedMap<String, String> tags,
    Map<String, Object> fields,
    long timeMillis) {

  public Point {
    tags = Collections.unmodifiableSortedMap(new TreeMap<>(tags));
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  public static Builder builder(String measurement) {
    return new Builder(measurement);
  }

  /** Builds a point; non-finite numbers are left out, since InfluxDB cannot store them. */
  public static final class Builder {
    private final String measurement;
    private final SortedMap<String, String> tags = new TreeMap<>();
    private final Map<String, Object> fields = new LinkedHashMap<>();
    private long timeMillis;

    private Builder(String measurement) {
      this.measurement = measurement;
    }

    /**
     * Adds a tag; a null or empty value leaves it out, as InfluxDB cannot store an empty tag value
     * and InfluxQL reads a missing tag as empty. Only outside data can be empty here: the inventory
     * validator refuses empty labels and custom tags (see {@code TagRules}).
     */
    public Builder tag(String key, String value) {
      if (value != null && !value.isEmpty()) {
        tags.put(key, value);
      }
      return this;
    }

    public Builder tags(Map<String, String> values) {
      values.forEach(this::tag);
      return this;
    }

    public Builder field(String key, double value) {
      if (Double.isFinite(value)) {
        fields.put(key, value);
      }
      return this;
    }

    public Builder field(String key, long value) {
      fields.put(key, value);
      return this;
    }

    public Builder field(String key, String value) {
      if (value != null) {
        fields.put(key, value);
      }
      return this;
    }

    public Builder field(String key, boolean value) {
      fields.put(key, value);
      return this;
    }

    /** Copies fields of any supported type, as sources hand them over. */
    public Builder fields(Map<String, Object> values) {
      values.forEach(
          (key, value) -> {
            if (value instanceof Double d) {
              field(key, d);
            } else if (value instanceof Float f) {
              field(key, f.doubleValue());
            } else if (value instanceof Long l) {
              field(key, l);
            } else if (value instanceof Integer i) {
              field(key, i.longValue());
            } else if (value instanceof String s) {
              field(key, s);
            } else if (value instanceof Boolean b) {
              field(key, b);
            } else {
              throw new IllegalArgumentException(
                  "field " + key + ": unsupported type " + value.getClass().getName());
            }
          });
      return this;
    }

    public Builder time(long millis) {
      this.timeMillis = millis;
      return this;
    }

    public boolean hasFields() {
      return !fields.isEmpty();
    }

    public Point build() {
      return new Point(measurement, tags, fields, timeMillis);
    }
  }
}
