package io.vigie.collector.spool;

/**
 * What the spool tells the collector's metrics. The spool depends on this small interface, and the
 * metrics implement it, so that neither package imports the other's classes both ways.
 */
public interface SpoolListener {
  /** Records lost because the spool was full (oldest first) or a segment was corrupt. */
  void dropped(long records, String why);

  /** Records appended; most listeners only count losses. */
  default void spooled(long records) {}

  SpoolListener NONE = (records, why) -> {};
}
