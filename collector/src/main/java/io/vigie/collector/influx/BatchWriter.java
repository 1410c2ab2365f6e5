package io.vigie.collector.influx;

import java.util.List;

/** Writes one batch of line-protocol records to the database. */
public interface BatchWriter extends AutoCloseable {
  WriteOutcome write(List<String> records);

  /** What the records are written to, for log lines: InfluxDB, or the NATS stream. */
  default String destination() {
    return "InfluxDB";
  }

  @Override
  default void close() {}
}
