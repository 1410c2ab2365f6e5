package io.vigie.collector.influx;

import java.time.Duration;

/**
 * How the shipper batches records from the spool to InfluxDB, and how it backs off after a failure.
 *
 * @param batchSize records per write
 * @param flushInterval the longest a record waits for a batch to fill
 * @param minBackoff first wait after a failed write; doubles up to {@code maxBackoff}
 */
public record ShipperSettings(
    int batchSize, Duration flushInterval, Duration minBackoff, Duration maxBackoff) {
  public ShipperSettings {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch-size: must be > 0, found " + batchSize);
    }
  }
}
