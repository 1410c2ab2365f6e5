package io.vigie.collector.spool;

import io.vigie.collector.point.LineProtocol;
import io.vigie.collector.point.Point;
import io.vigie.collector.point.PointSink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Encodes points and appends them to the spool; a disk error drops and counts, never throws. */
public final class SpoolSink implements PointSink {
  private static final Logger LOG = LoggerFactory.getLogger(SpoolSink.class);

  private final Spool spool;
  private final SpoolListener metrics;

  public SpoolSink(Spool spool, SpoolListener metrics) {
    this.spool = spool;
    this.metrics = metrics;
  }

  @Override
  public void accept(List<Point> points) {
    List<String> records = new ArrayList<>(points.size());
    for (Point point : points) {
      records.add(LineProtocol.encode(point));
    }
    try {
      spool.append(records);
      metrics.spooled(records.size());
    } catch (IOException | RuntimeException e) {
      metrics.dropped(records.size(), "spool append failed");
      LOG.error(
          "{} points lost: cannot append to the spool in {}", records.size(), spool.directory(), e);
    }
  }
}
