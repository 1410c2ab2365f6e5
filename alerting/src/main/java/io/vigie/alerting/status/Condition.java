package io.vigie.alerting.status;

import java.time.Instant;

/**
 * A problem of the pipeline rather than of a target: InfluxDB unreachable, a collector silent, a
 * collector group short of a member. One condition, not one alert per target; for the NOC only.
 *
 * @param key {@code influxdb}, {@code collector:<id>} (silent) or {@code collector:<id>:rejected}
 *     (InfluxDB refuses some of its points), {@code group:<id>:member:<member>} (a collector group
 *     lost a member) or {@code group:<id>} (every member of the group silent), {@code mail} (mails
 *     cannot be sent, watched by the notifier), {@code stream}
 */
public record Condition(String key, String message, Instant since) {}
