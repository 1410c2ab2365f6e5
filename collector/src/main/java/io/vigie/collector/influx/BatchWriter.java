package io.vigie.collector.influx;

import java.util.List;

/** Writes one batch of line-protocol records to the database. */
public interface BatchWriter extends AutoCloseable {
  WriteOutcome write(List<String> records);

  @Override
  default void close() {}
}
