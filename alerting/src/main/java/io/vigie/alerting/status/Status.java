package io.vigie.alerting.status;

/** A status, ordered from best to worst; its code is what the {@code status} points carry. */
public enum Status {
  RUN,
  WARNING,
  ERROR,
  DEAD;

  public int code() {
    return ordinal();
  }

  public static Status worst(Status a, Status b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  public boolean isProblem() {
    return this != RUN;
  }
}
