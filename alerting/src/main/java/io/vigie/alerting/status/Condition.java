package io.vigie.alerting.status;

import java.time.Instant;

/**
 * A problem of the pipeline rather than of a target: InfluxDB unreachable, a collector silent. One
 * condition, not one alert per target.
 *
 * @param key {@code influxdb}, {@code collector:<id>} (silent) or {@code collector:<id>:rejected}
 *     (InfluxDB refuses some of its points), {@code mail} (mails cannot be sent, watched by the
 *     notifier)
 */
public record Condition(String key, String message, Instant since) {}
