package io.vigie.alerting.report;

import io.vigie.alerting.status.Status;

/**
 * What a stretch of counted time is for a target's figures: one of the four statuses when it is
 * judged, or time left out of the judgement (maintenance, unknown).
 */
public enum Category {
  RUN,
  WARNING,
  ERROR,
  DEAD,
  MAINTENANCE,
  UNKNOWN;

  /** The category of time judged in {@code status}. */
  public static Category of(Status status) {
    return switch (status) {
      case RUN -> RUN;
      case WARNING -> WARNING;
      case ERROR -> ERROR;
      case DEAD -> DEAD;
    };
  }

  /** Whether time in this category is down time: ERROR, DEAD, and WARNING unless it is up. */
  public boolean isDown(boolean warningIsUp) {
    return this == ERROR || this == DEAD || (this == WARNING && !warningIsUp);
  }
}
