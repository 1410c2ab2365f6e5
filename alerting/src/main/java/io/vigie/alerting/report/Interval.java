package io.vigie.alerting.report;

import java.time.Duration;
import java.time.Instant;

/** A half-open span of time, {@code [from, to)}. */
public record Interval(Instant from, Instant to) {
  public Interval {
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("an interval ends after it starts: " + from + " " + to);
    }
  }

  public Duration length() {
    return Duration.between(from, to);
  }
}
