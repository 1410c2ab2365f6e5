package io.vigie.collector.schedule;

import io.vigie.collector.point.Point;
import io.vigie.collector.source.Sample;
import io.vigie.model.poll.PollOutcome;
import java.util.List;

/**
 * What one turn of a job writes: a target's poll writes its samples and a {@code poll} point; a
 * probe writes one {@code probe} point. The job does the timing and the failures; this says the
 * points.
 */
interface Emission {

  /**
   * The points of one turn.
   *
   * @param time the turn's timestamp, in ms
   * @param samples what the source measured (none when it failed or the turn was skipped)
   * @param outcome how the turn ended
   */
  List<Point> points(long time, List<Sample> samples, PollOutcome outcome);

  /**
   * The name of the job's kind in the collector's own metrics ({@code snmp}, {@code probe_http}).
   */
  String metricKind();
}
