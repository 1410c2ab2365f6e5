package io.vigie.collector.app;

import io.vigie.collector.nats.NatsSettings;
import io.vigie.model.inventory.Secret;
import io.vigie.model.inventory.SecretResolver;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The settings past one machine (docs/scaling.md): the NATS cluster ({@code vigie.nats.*}), the
 * collector group this collector is a member of ({@code vigie.group}), and the ingester's consumer
 * ({@code vigie.ingest.*}). All off by default: a collector writes straight to InfluxDB.
 *
 * @param group the collector group's id, or null for a collector that polls the targets of no group
 * @param lease how long a member silent in the group's key-value store keeps its targets
 * @param consumer the ingester's durable consumer: one name per InfluxDB replica
 * @param fetch messages an ingester takes from the stream at once
 */
public record ScalingProperties(
    NatsSettings nats, @Nullable String group, Duration lease, String consumer, int fetch) {

  public static ScalingProperties from(Settings s) {
    String urls = s.text("vigie.nats.url", "");
    List<String> servers =
        Arrays.stream(urls.split(",")).map(String::trim).filter(u -> !u.isEmpty()).toList();
    NatsSettings off = NatsSettings.off();
    @Nullable String username = s.optional("vigie.nats.username");
    @Nullable Secret password =
        SecretResolver.valueOrFile(
            s.optional("vigie.nats.password"),
            s.path("vigie.nats.password-file"),
            "vigie.nats.password-file");
    NatsSettings nats =
        new NatsSettings(
            servers,
            s.text("vigie.nats.stream", off.stream()),
            s.integer("vigie.nats.replicas", off.replicas()),
            s.duration("vigie.nats.max-age", "7d"),
            s.bytes("vigie.nats.max-size", "10GB"),
            s.duration("vigie.nats.duplicate-window", "10m"),
            username,
            password,
            s.duration("vigie.nats.timeout", "10s"));
    @Nullable String group = s.optional("vigie.group");
    Duration lease = s.duration("vigie.group-lease", "15s");
    String consumer = s.text("vigie.ingest.consumer", "");
    int fetch = s.integer("vigie.ingest.fetch", 64);
    if (group != null && !group.isBlank() && !nats.enabled()) {
      s.error("vigie.group is set (" + group + ") but vigie.nats.url is not: a group needs NATS");
    }
    if (username != null && password == null) {
      s.error("vigie.nats.username is set but neither VIGIE_NATS_PASSWORD nor ..._PASSWORD_FILE");
    }
    if (lease.compareTo(Duration.ofSeconds(3)) < 0) {
      s.error("vigie.group-lease must be at least 3s, found " + lease);
    }
    return new ScalingProperties(
        nats, group == null || group.isBlank() ? null : group, lease, consumer, fetch);
  }
}
