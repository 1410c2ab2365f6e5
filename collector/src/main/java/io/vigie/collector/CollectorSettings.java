package io.vigie.collector;

import io.vigie.collector.influx.InfluxSettings;
import io.vigie.collector.influx.ShipperSettings;
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
    Duration selfInterval) {}
