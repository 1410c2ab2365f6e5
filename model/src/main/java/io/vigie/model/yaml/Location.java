package io.vigie.model.yaml;

/** A 1-based line and column in a source file. */
public record Location(int line, int column) {
  public static final Location START = new Location(1, 1);

  /** Line and column in one {@code long}, as the YAML tree stores them. */
  public long pack() {
    return ((long) line << 32) | (column & 0xffffffffL);
  }

  public static Location unpack(long packed) {
    return new Location((int) (packed >>> 32), (int) packed);
  }

  @Override
  public String toString() {
    return line + ":" + column;
  }
}
