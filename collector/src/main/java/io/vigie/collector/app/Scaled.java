package io.vigie.collector.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.vigie.collector.Collector;
import io.vigie.collector.CollectorSettings;
import io.vigie.collector.group.GroupMember;
import io.vigie.collector.nats.NatsClient;
import io.vigie.collector.nats.NatsSettings;
import io.vigie.collector.nats.StreamWriter;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector past one machine, when {@code vigie.nats.url} is set: its connection to NATS, the
 * writers of its spools to the stream, and its membership of a collector group. Nothing of it on
 * one machine ({@link #collectorScaling()} is then {@link Collector.Scaling#NONE}).
 */
final class Scaled implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Scaled.class);

  private final @Nullable Connection connection;
  private final Collector.Scaling scaling;
  private final @Nullable GroupMember member;

  private Scaled(
      @Nullable Connection connection, Collector.Scaling scaling, @Nullable GroupMember member) {
    this.connection = connection;
    this.scaling = scaling;
    this.member = member;
  }

  static Scaled start(
      ScalingProperties properties, CollectorSettings settings, MeterRegistry registry)
      throws Exception {
    NatsSettings nats = properties.nats();
    if (!nats.enabled()) {
      return new Scaled(null, Collector.Scaling.NONE, null);
    }
    Connection connection = NatsClient.connect(nats, "vigie-collector " + settings.collectorId());
    try {
      StreamWriter metrics =
          new StreamWriter(
              connection,
              nats,
              NatsSettings.METRICS_SUBJECT,
              settings.collectorId(),
              settings.influx().retentionPolicy(),
              TimeUnit.MILLISECONDS);
      StreamWriter logs =
          new StreamWriter(
              connection,
              nats,
              NatsSettings.LOGS_SUBJECT,
              settings.collectorId(),
              settings.logs().retentionPolicy(),
              TimeUnit.NANOSECONDS);
      Gauge.builder("vigie.nats.duplicates", metrics, StreamWriter::duplicates)
          .description("batches the stream already held when published again")
          .register(registry);
      GroupMember member = null;
      String group = properties.group();
      if (group != null) {
        member =
            GroupMember.join(
                connection, group, settings.collectorId(), properties.lease(), nats.replicas());
        GroupMember m = member;
        Gauge.builder("vigie.group.owned", () -> m.owned().size())
            .description("targets of its collector group this member polls")
            .register(registry);
        Gauge.builder("vigie.group.members.alive", () -> m.alive().size())
            .description("members of its collector group seen alive")
            .register(registry);
        Gauge.builder("vigie.group.takeovers", m, GroupMember::takeovers)
            .description("targets taken from a member taken for dead")
            .register(registry);
      }
      LOG.info(
          "points go through NATS ({}, stream {}){}",
          nats.servers(),
          nats.stream(),
          group == null ? "" : "; member of collector group " + group);
      GroupMember owner = member;
      return new Scaled(
          connection,
          new Collector.Scaling(metrics, logs, group, owner == null ? Set::of : owner::owned),
          member);
    } catch (Exception | Error e) {
      connection.close();
      throw e;
    }
  }

  Collector.Scaling collectorScaling() {
    return scaling;
  }

  /** Starts taking targets, once the collector that polls them runs. */
  void joined(Collector collector) {
    if (member != null) {
      member.start(collector.polling());
    }
  }

  @Override
  public void close() {
    if (member != null) {
      member.close();
    }
    if (connection != null) {
      try {
        connection.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
