package io.vigie.collector.point;

import java.util.List;

/** Where polled points go. Must return quickly: polling never waits on the database. */
@FunctionalInterface
public interface PointSink {
  void accept(List<Point> points);
}
