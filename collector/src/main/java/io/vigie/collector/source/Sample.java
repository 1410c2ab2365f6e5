package io.vigie.collector.source;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a source measured: a measurement, the tags that tell its series apart within the target (a
 * core, a mount point, an interface), and fields. The scheduler adds the target's own tags and the
 * poll's timestamp.
 */
public record Sample(String measurement, Map<String, String> tags, Map<String, Object> fields) {
  public Sample {
    tags = Map.copyOf(tags);
    fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  public static Builder of(String measurement) {
    return new Builder(measurement);
  }

  /** Collects fields in order; non-finite values are left out. */
  public static final class Builder {
    private final String measurement;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private final Map<String, Object> fields = new LinkedHashMap<>();

    private Builder(String measurement) {
      this.measurement = measurement;
    }

    public Builder tag(String key, String value) {
      tags.put(key, value);
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
      fields.put(key, value);
      return this;
    }

    public Sample build() {
      return new Sample(measurement, tags, fields);
    }

    public boolean isEmpty() {
      return fields.isEmpty();
    }
  }
}
