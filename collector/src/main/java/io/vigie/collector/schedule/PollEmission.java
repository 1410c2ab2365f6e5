package io.vigie.collector.schedule;

import io.vigie.collector.point.Point;
import io.vigie.collector.source.Sample;
import io.vigie.model.inventory.Target;
import io.vigie.model.poll.PollOutcome;
import io.vigie.model.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A target's poll: its samples, each with the target's tags, then the {@code poll} point. */
final class PollEmission implements Emission {
  private final Target target;
  private final Map<String, String> tags;
  private final String collectorId;

  PollEmission(Target target, Map<String, String> tags, String collectorId) {
    this.target = target;
    this.tags = Map.copyOf(tags);
    this.collectorId = collectorId;
  }

  @Override
  public List<Point> points(long time, List<Sample> samples, PollOutcome outcome) {
    List<Point> points = new ArrayList<>(samples.size() + 1);
    for (Sample sample : samples) {
      Point.Builder point = Point.builder(sample.measurement()).tags(tags).time(time);
      point.tags(sample.tags()).fields(sample.fields());
      if (point.hasFields()) {
        points.add(point.build());
      }
    }
    // The poll point counts the metric points before it: the outcome was made without them.
    PollOutcome counted =
        new PollOutcome(
            outcome.up(),
            outcome.failure(),
            outcome.reason(),
            outcome.warnings(),
            outcome.durationMs(),
            points.size(),
            outcome.values(),
            outcome.timings());
    points.add(
        Point.builder(Schema.POLL.name())
            .tags(tags)
            .tag(Schema.TAG_COLLECTOR, collectorId)
            .time(time)
            .fields(counted.fields())
            .build());
    return points;
  }

  @Override
  public String metricKind() {
    return target.kind().code();
  }
}
