package io.vigie.model.inventory;

/** Which side of a threshold is bad. */
public enum Comparison {
  /** Bad when the value is above the level (CPU usage). */
  ABOVE,
  /** Bad when the value is below the level (free space, signal). */
  BELOW;

  /** True when {@code value} is beyond {@code level} on the bad side. */
  public boolean breaches(double value, double level) {
    return this == ABOVE ? value > level : value < level;
  }

  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
