package io.vigie.collector.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.vigie.collector.point.Point;
import io.vigie.collector.point.PointSink;
import io.vigie.model.schema.Schema;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Turns the {@code vigie.*} meters into {@code vigie_collector} points, once per interval. */
public final class SelfMetricsReporter implements Runnable {
  private final CollectorMetrics metrics;
  private final PointSink sink;
  private final Clock clock;
  private final String collectorId;

  public SelfMetricsReporter(
      CollectorMetrics metrics, PointSink sink, Clock clock, String collectorId) {
    this.metrics = metrics;
    this.sink = sink;
    this.clock = clock;
    this.collectorId = collectorId;
  }

  @Override
  public void run() {
    long now = clock.millis();
    List<Point> points = new ArrayList<>();
    for (Meter meter : metrics.registry().getMeters()) {
      String name = meter.getId().getName();
      if (!name.startsWith("vigie.")) {
        continue;
      }
      Point.Builder point =
          Point.builder(Schema.COLLECTOR.name())
              .tag(Schema.TAG_COLLECTOR, collectorId)
              .tag("meter", name)
              .time(now);
      for (Tag tag : meter.getId().getTags()) {
        point.tag(tag.getKey(), tag.getValue());
      }
      if (meter instanceof Counter c) {
        point.field("count", c.count());
      } else if (meter instanceof FunctionCounter c) {
        point.field("count", c.count());
      } else if (meter instanceof Gauge g) {
        point.field("value", g.value());
      } else if (meter instanceof Timer t) {
        point
            .field("count", (double) t.count())
            .field("sum_ms", t.totalTime(TimeUnit.MILLISECONDS))
            .field("max_ms", t.max(TimeUnit.MILLISECONDS));
      }
      if (point.hasFields()) {
        points.add(point.build());
      }
    }
    sink.accept(points);
  }
}
