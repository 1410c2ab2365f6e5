package io.vigie.alerting.influx;

import io.vigie.alerting.status.Status;
import io.vigie.alerting.status.TargetState;
import io.vigie.alerting.status.Transition;
import io.vigie.model.schema.Schema;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.influxdb.dto.BatchPoints;
import org.influxdb.dto.Point;

/**
 * Writes {@code status} points. A transition is written with its own time, so writing it again
 * after a crash overwrites the same point in InfluxDB instead of adding one.
 */
public final class StatusWriter {
  private final InfluxDB influx;
  private final String database;

  public StatusWriter(InfluxDB influx, String database) {
    this.influx = influx;
    this.database = database;
  }

  /** Writes transitions; throws if InfluxDB does not take them (they stay in the store). */
  public void write(List<Transition> transitions) {
    BatchPoints batch = BatchPoints.database(database).build();
    for (Transition t : transitions) {
      batch.point(
          point(
              t.client(),
              t.target(),
              t.kind(),
              t.time(),
              t.to(),
              t.from(),
              true,
              t.check(),
              t.cause(),
              t.suppressed(),
              t.flapping()));
    }
    influx.write(batch);
  }

  /**
   * Writes every target's current status, so a dashboard always finds one in its range. Targets
   * with a transition at {@code now} are left out: a point of the same series and time would
   * overwrite the transition's.
   */
  public void refresh(Collection<TargetState> targets, Instant now, java.util.Set<String> skip) {
    BatchPoints batch = BatchPoints.database(database).build();
    for (TargetState t : targets) {
      if (skip.contains(t.id())) {
        continue;
      }
      batch.point(
          point(
              t.client(),
              t.id(),
              t.kind(),
              now,
              t.status(),
              t.status(),
              false,
              t.check(),
              t.cause(),
              t.suppressed(),
              t.flapping()));
    }
    influx.write(batch);
  }

  private static Point point(
      String client,
      String target,
      String kind,
      Instant time,
      Status status,
      Status previous,
      boolean changed,
      String check,
      String cause,
      boolean suppressed,
      boolean flapping) {
    return Point.measurement(Schema.STATUS.name())
        .time(time.toEpochMilli(), TimeUnit.MILLISECONDS)
        .tag(Schema.TAG_CLIENT, client)
        .tag(Schema.TAG_TARGET, target)
        .tag(Schema.TAG_KIND, kind)
        .addField("code", (long) status.code())
        .addField("status", status.name())
        .addField("previous", (long) previous.code())
        .addField("changed", changed)
        .addField("check", check == null ? "" : check)
        .addField("cause", cause == null ? "" : cause)
        .addField("suppressed", suppressed)
        .addField("flapping", flapping)
        .build();
  }
}
