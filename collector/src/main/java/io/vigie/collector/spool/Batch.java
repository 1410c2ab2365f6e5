package io.vigie.collector.spool;

import java.util.List;

/**
 * Records read from the spool, not yet committed. Committing it moves the spool's cursor to {@code
 * end}; until then the same records are read again.
 */
public record Batch(List<String> records, Position start, Position end) {
  public Batch {
    records = List.copyOf(records);
  }

  public boolean isEmpty() {
    return records.isEmpty();
  }

  public int size() {
    return records.size();
  }

  /** A place in the spool: a segment and a byte offset in it. */
  public record Position(long segment, long offset) implements Comparable<Position> {
    @Override
    public int compareTo(Position other) {
      return segment != other.segment
          ? Long.compare(segment, other.segment)
          : Long.compare(offset, other.offset);
    }
  }
}
