package io.vigie.collector.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vigie.collector.spool.SpoolListener;
import io.vigie.model.schema.Schema;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The collector's own health, as Micrometer meters under {@code vigie.*}. They are exposed by
 * Actuator ({@code /actuator/prometheus}) and written to InfluxDB as {@code vigie_collector} by
 * {@link SelfMetricsReporter}, so the pipeline can be watched with the same tools as the targets.
 */
public final class CollectorMetrics implements SpoolListener {
  private final MeterRegistry registry;
  // A poll's meters, found once: building and registering them at every poll (a new meter id,
  // its tags sorted, the registry's lookup) cost more than a small SNMP poll's own bookkeeping.
  private final java.util.concurrent.ConcurrentMap<
          String, java.util.concurrent.ConcurrentMap<String, Counter>>
      polls = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.ConcurrentMap<String, Timer> durations =
      new java.util.concurrent.ConcurrentHashMap<>();

  public CollectorMetrics(MeterRegistry registry) {
    this.registry = registry;
    // Registered up front so that a zero is visible, not only the first increment.
    for (String counter :
        new String[] {
          "vigie.points.spooled",
          "vigie.points.written",
          Schema.METER_POINTS_REJECTED,
          "vigie.points.dropped"
        }) {
      registry.counter(counter);
    }
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** A finished poll: {@code result} is ok, partial, failed or skipped. */
  public void poll(String kind, String result, Duration duration) {
    polls
        .computeIfAbsent(kind, k -> new java.util.concurrent.ConcurrentHashMap<>())
        .computeIfAbsent(
            result,
            r ->
                Counter.builder("vigie.polls")
                    .description("polls by target kind and result (ok, partial, failed, skipped)")
                    .tag("kind", kind)
                    .tag("result", result)
                    .register(registry))
        .increment();
    if (!"skipped".equals(result)) {
      durations
          .computeIfAbsent(
              kind,
              k ->
                  Timer.builder("vigie.poll.duration")
                      .description("time a poll took")
                      .tag("kind", kind)
                      .register(registry))
          .record(duration);
    }
  }

  @Override
  public void spooled(long points) {
    registry.counter("vigie.points.spooled").increment((double) points);
  }

  public void written(long points, Duration latency) {
    registry.counter("vigie.points.written").increment((double) points);
    Timer.builder("vigie.writer.latency")
        .description("time of one successful batch write to InfluxDB")
        .register(registry)
        .record(latency);
  }

  /** A point InfluxDB refused for good (bad type, unparsable): it is logged and set aside. */
  public void rejected(long points) {
    registry.counter(Schema.METER_POINTS_REJECTED).increment((double) points);
  }

  /** A failed write attempt; {@code kind} is transient, config or bad_data. */
  public void writeError(String kind) {
    registry.counter("vigie.writer.errors", "kind", kind).increment();
  }

  @Override
  public void dropped(long records, String why) {
    registry.counter("vigie.points.dropped").increment((double) records);
  }

  public void inventoryReload(String result) {
    registry.counter("vigie.inventory.reloads", "result", result).increment();
  }

  /** Registers a gauge read on demand, such as the spool size or the number of targets. */
  public void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).register(registry);
  }
}
