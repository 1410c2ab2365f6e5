package io.vigie.alerting.report;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** Time summed per category, in nanoseconds, while a report is computed; then {@link Figures}. */
public final class Tally {
  private final Map<Category, Long> nanos = new EnumMap<>(Category.class);

  /** Adds {@code length} to {@code category}. */
  public void add(Category category, Duration length) {
    nanos.merge(category, length.toNanos(), Long::sum);
  }

  /** Adds every category of {@code other}. */
  public void add(Tally other) {
    other.nanos.forEach((category, n) -> nanos.merge(category, n, Long::sum));
  }

  /** The time in {@code category}. */
  public Duration of(Category category) {
    return Duration.ofNanos(nanos.getOrDefault(category, 0L));
  }

  /** The figures: counted is the sum of every category, since each counted instant has one. */
  public Figures figures(boolean warningIsUp) {
    long counted = 0;
    for (long n : nanos.values()) {
      counted += n;
    }
    return new Figures(
        Duration.ofNanos(counted),
        of(Category.RUN),
        of(Category.WARNING),
        of(Category.ERROR),
        of(Category.DEAD),
        of(Category.MAINTENANCE),
        of(Category.UNKNOWN),
        warningIsUp);
  }
}
