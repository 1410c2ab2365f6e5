package io.vigie.collector.app;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One component's health, as Spring Boot Actuator wrote it: a status and details kept in the order
 * they were added.
 *
 * @param status UP, DEGRADED, DOWN...
 * @param details shown under {@code details}; left out when empty
 */
public record Health(Status status, Map<String, Object> details) {

  public Health {
    details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /**
   * A status code and an optional description ({@code description} in the JSON when not empty).
   * Ordered from worst to best by {@link #ORDER}; DOWN and OUT_OF_SERVICE answer HTTP 503.
   */
  public record Status(String code, String description) {
    public static final Status UP = new Status("UP", "");
    public static final Status DOWN = new Status("DOWN", "");
    public static final Status OUT_OF_SERVICE = new Status("OUT_OF_SERVICE", "");
    public static final Status UNKNOWN = new Status("UNKNOWN", "");

    /**
     * The collector's order, which was {@code management.endpoint.health.status.order}: DEGRADED
     * (worse than UP, better than DOWN) is the collector's own status.
     */
    static final java.util.List<String> ORDER =
        java.util.List.of("DOWN", "OUT_OF_SERVICE", "DEGRADED", "UP", "UNKNOWN");

    /** 503 for DOWN and OUT_OF_SERVICE; DEGRADED answers 200 so a health check passes. */
    int httpStatus() {
      return code.equals("DOWN") || code.equals("OUT_OF_SERVICE") ? 503 : 200;
    }

    int rank() {
      int i = ORDER.indexOf(code);
      return i < 0 ? ORDER.size() : i;
    }
  }

  /** A health of this status, its details added with {@link Builder#detail}. */
  public static Builder status(Status status) {
    return new Builder(status);
  }

  public static Builder up() {
    return new Builder(Status.UP);
  }

  public static Builder down() {
    return new Builder(Status.DOWN);
  }

  /** Details in order; the last value of a key wins. */
  public static final class Builder {
    private final Status status;
    private final Map<String, Object> details = new LinkedHashMap<>();

    private Builder(Status status) {
      this.status = status;
    }

    public Builder detail(String key, Object value) {
      details.put(key, value);
      return this;
    }

    public Health build() {
      return new Health(status, details);
    }
  }

  /** A component of {@code /actuator/health}: asked on every request. */
  @FunctionalInterface
  public interface Indicator {
    Health health();
  }
}
