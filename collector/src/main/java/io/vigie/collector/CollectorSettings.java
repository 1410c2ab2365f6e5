package io.vigie.collector;

import io.vigie.collector.influx.InfluxSettings;
import io.vigie.collector.influx.ShipperSettings;
import io.vigie.collector.logs.LogsSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything a collector needs to run; the Spring layer builds it from {@code vigie.*} properties.
 *
 * @param collectorId the value of this instance's collector tag ({@link
 *     io.vigie.model.schema.Schema#TAG_COLLECTOR}); its host name by default
 * @param dataDir where the spool and the rejected-points file live
 * @param workers threads that run polls
 * @param reloadInterval how often the inventory file is checked for changes
 * @param selfInterval how often the collector's own metrics are written to InfluxDB
 * @param logs the syslog receiver's settings ({@link LogsSettings#off()} by default)
 */
public record CollectorSettings(
    Path inventory,
    String collectorId,
    Path dataDir,
    InfluxSettings influx,
    ShipperSettings shipper,
    long spoolMaxBytes,
    long spoolSegmentBytes,
    Duration spoolSyncInterval,
    int workers,
    Duration reloadInterval,
    Duration selfInterval,
    LogsSettings logs) {

  /** Settings without log reception. */
  public CollectorSettings(
      Path inventory,
      String collectorId,
      Path dataDir,
      InfluxSettings influx,
      ShipperSettings shipper,
      long spoolMaxBytes,
      long spoolSegmentBytes,
      Duration spoolSyncInterval,
      int workers,
      Duration reloadInterval,
      Duration selfInterval) {
    this(
        inventory,
        collectorId,
        dataDir,
        influx,
        shipper,
        spoolMaxBytes,
        spoolSegmentBytes,
        spoolSyncInterval,
        workers,
        reloadInterval,
        selfInterval,
        LogsSettings.off());
  }

  /** These settings with {@code logs} for the syslog receiver. */
  public CollectorSettings withLogs(LogsSettings logs) {
    return new CollectorSettings(
        inventory,
        collectorId,
        dataDir,
        influx,
        shipper,
        spoolMaxBytes,
        spoolSegmentBytes,
        spoolSyncInterval,
        workers,
        reloadInterval,
        selfInterval,
        logs);
  }
}
