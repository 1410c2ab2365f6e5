package io.vigie.alerting.report;

import java.time.Duration;

/** Time summed per category, in nanoseconds, while a report is computed; then {@link Figures}. */
public final class Tally {
  private final long[] nanos = new long[Category.values().length];

  /** Adds {@code length} to {@code category}. */
  public void add(Category category, Duration length) {
    nanos[category.ordinal()] += length.toNanos();
  }

  /** Adds every category of {@code other}. */
  public void add(Tally other) {
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] += other.nanos[i];
    }
  }

  /** The time in {@code category}. */
  public Duration of(Category category) {
    return Duration.ofNanos(nanos[category.ordinal()]);
  }

  /** The figures: counted is the sum of every category, since each counted instant has one. */
  public Figures figures(boolean warningIsUp) {
    long counted = 0;
    for (long n : nanos) {
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
