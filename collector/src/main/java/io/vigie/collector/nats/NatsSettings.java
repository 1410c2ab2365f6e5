package io.vigie.collector.nats;

import io.vigie.model.inventory.Secret;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where points travel when the collector runs past one machine (docs/scaling.md): a NATS cluster
 * with JetStream. Empty {@code servers} is the single-machine default, points going straight to
 * InfluxDB.
 *
 * @param servers {@code nats://host:port} of the cluster's nodes; the client moves between them
 * @param stream the JetStream stream of points, made (or its limits updated) at start
 * @param replicas the stream's replicas: 3 in a 3-node cluster, a node's loss losing nothing
 * @param maxAge how long the stream keeps points: how long an ingester (an InfluxDB replica) may be
 *     away and still catch up
 * @param maxBytes the stream's size limit, oldest points going first past it
 * @param duplicateWindow how long the stream remembers message ids: a batch published again within
 *     it (a collector killed before it saw the acknowledgement) is stored once
 * @param timeout how long a publication waits for its acknowledgement
 */
public record NatsSettings(
    List<String> servers,
    String stream,
    int replicas,
    Duration maxAge,
    long maxBytes,
    Duration duplicateWindow,
    @Nullable String username,
    @Nullable Secret password,
    Duration timeout) {
  /** Subjects of the stream: {@code vigie.points.metrics}, {@code vigie.points.logs}. */
  public static final String SUBJECTS = "vigie.points.>";

  public static final String METRICS_SUBJECT = "vigie.points.metrics";
  public static final String LOGS_SUBJECT = "vigie.points.logs";

  public NatsSettings {
    servers = List.copyOf(servers);
  }

  public boolean enabled() {
    return !servers.isEmpty();
  }

  /** The single-machine default: no NATS. */
  public static NatsSettings off() {
    return new NatsSettings(
        List.of(),
        "VIGIE_POINTS",
        3,
        Duration.ofDays(7),
        10L << 30,
        Duration.ofMinutes(10),
        null,
        null,
        Duration.ofSeconds(10));
  }

  @Override
  public String toString() {
    return "NatsSettings[servers="
        + servers
        + ", stream="
        + stream
        + ", username="
        + username
        + "]";
  }
}
