package io.vigie.collector.schedule;

import io.vigie.collector.point.Point;
import io.vigie.collector.source.Sample;
import io.vigie.model.poll.PollOutcome;
import io.vigie.model.probe.Probe;
import io.vigie.model.schema.ProbeSchema;
import io.vigie.model.schema.Schema;
import java.util.List;
import java.util.Map;

/**
 * A probe's run: one {@code probe} point with the target's tags, the probe's name and type, how the
 * run ended and the fields the prober measured (phases, status codes, days to expiry...).
 */
final class ProbeEmission implements Emission {
  private final Probe probe;
  private final Map<String, String> tags;
  private final String collectorId;

  ProbeEmission(Probe probe, Map<String, String> targetTags, String collectorId) {
    this.probe = probe;
    this.tags = Map.copyOf(targetTags);
    this.collectorId = collectorId;
  }

  @Override
  public List<Point> points(long time, List<Sample> samples, PollOutcome outcome) {
    Point.Builder point =
        Point.builder(ProbeSchema.PROBE.name())
            .tags(tags)
            .tag(Schema.TAG_COLLECTOR, collectorId)
            .tag(ProbeSchema.TAG_PROBE, probe.name())
            .tag(ProbeSchema.TAG_TYPE, probe.type().code())
            .time(time);
    for (Sample sample : samples) {
      point.fields(sample.fields());
    }
    point
        .field(ProbeSchema.UP, outcome.up() ? 1L : 0L)
        .field(ProbeSchema.FAILURE, outcome.failure().code())
        .field(ProbeSchema.REASON, outcome.reason())
        .field(ProbeSchema.DURATION_MS, outcome.durationMs());
    return List.of(point.build());
  }

  @Override
  public String metricKind() {
    return "probe_" + probe.type().code();
  }
}
