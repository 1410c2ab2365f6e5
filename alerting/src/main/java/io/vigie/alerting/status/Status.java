package io.vigie.alerting.status;

/** A status, ordered from best to worst; its code is what the {@code status} points carry. */
public enum Status {
  RUN,
  WARNING,
  ERROR,
  DEAD;

  public int code() {
    // The codes are stored in InfluxDB: spelled out, so that they never follow the declaration.
    return switch (this) {
      case RUN -> 0;
      case WARNING -> 1;
      case ERROR -> 2;
      case DEAD -> 3;
    };
  }

  public static Status worst(Status a, Status b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  public boolean isProblem() {
    return this != RUN;
  }
}
