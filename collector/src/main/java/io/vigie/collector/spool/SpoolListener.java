package io.vigie.collector.spool;

/** What the spool tells the collector's metrics. */
public interface SpoolListener {
  /** Records lost because the spool was full (oldest first) or a segment was corrupt. */
  void dropped(long records, String why);

  SpoolListener NONE = (records, why) -> {};
}
