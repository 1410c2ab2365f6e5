package io.vigie.alerting.influx;

import io.vigie.alerting.status.Status;
import io.vigie.alerting.status.TargetState;
import io.vigie.alerting.status.Transition;
import io.vigie.model.cause.Cause;
import io.vigie.model.cause.CauseText;
import io.vigie.model.inventory.Client;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.Language;
import io.vigie.model.schema.Schema;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Point;
import org.jspecify.annotations.Nullable;

/**
 * Writes {@code status} points. A transition is written with its own time, so writing it again
 * after a crash overwrites the same point in InfluxDB instead of adding one.
 *
 * <p>The point's {@code cause} is the sentence the client reads, in its language (the inventory's
 * {@code language} of the target's client, as in its mails); {@code cause_noc} is the English text
 * of the API's NOC view, raw poll reasons included.
 */
public final class StatusWriter {
  /** Times in a cause (a target that never reported) are in UTC, named: a dashboard is anywhere. */
  private static final CauseText SAYS = new CauseText(ZoneOffset.UTC);

  private final ReplicaWrites writes;
  private final Supplier<Inventory> inventory;

  /** A writer to a single InfluxDB. */
  public StatusWriter(InfluxDB influx, String database, Supplier<Inventory> inventory) {
    this(new ReplicaWrites(InfluxReplicas.of(influx, "influxdb"), database, null), inventory);
  }

  /**
   * @param writes every replica, each written to or its points kept for it ({@link ReplicaWrites})
   */
  public StatusWriter(ReplicaWrites writes, Supplier<Inventory> inventory) {
    this.writes = writes;
    this.inventory = inventory;
  }

  /**
   * Writes transitions; throws if no InfluxDB replica takes them (they stay in the store). A
   * replica that is behind gets them later, from the backlog.
   */
  public void write(List<Transition> transitions) {
    writes.write(lines(transitionPoints(transitions, languages(inventory.get()))));
  }

  /** Points in line protocol, their times in milliseconds (the precision they are made with). */
  private static List<String> lines(List<Point> points) {
    return points.stream().map(p -> p.lineProtocol(TimeUnit.MILLISECONDS)).toList();
  }

  /**
   * Writes every target's current status, so a dashboard always finds one in its range. Targets
   * with a transition at {@code now} are left out: a point of the same series and time would
   * overwrite the transition's.
   */
  public void refresh(Collection<TargetState> targets, Instant now, Set<String> skip) {
    writes.write(lines(refreshPoints(targets, now, skip, languages(inventory.get()))));
  }

  /** Each client's language, read once per write rather than once per target. */
  static Map<String, Language> languages(Inventory inventory) {
    Map<String, Language> languages = new HashMap<>();
    for (Client client : inventory.clients()) {
      languages.put(client.id(), client.language());
    }
    return languages;
  }

  static List<Point> transitionPoints(
      List<Transition> transitions, Map<String, Language> languages) {
    List<Point> points = new ArrayList<>();
    for (Transition t : transitions) {
      points.add(
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
              t.typedCause(),
              languages.getOrDefault(t.client(), Language.EN),
              t.suppressed(),
              t.flapping()));
    }
    return points;
  }

  static List<Point> refreshPoints(
      Collection<TargetState> targets,
      Instant now,
      Set<String> skip,
      Map<String, Language> languages) {
    List<Point> points = new ArrayList<>();
    for (TargetState t : targets) {
      if (skip.contains(t.id())) {
        continue;
      }
      points.add(
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
              t.typedCause(),
              languages.getOrDefault(t.client(), Language.EN),
              t.suppressed(),
              t.flapping()));
    }
    return points;
  }

  /**
   * The cause the client reads: its typed cause in its language; none for a RUN without one (the
   * NOC's text, "waiting for the first poll", is English); the English text only for a state stored
   * before typed causes existed, as the API shows it.
   */
  static String clientCause(
      Status status, @Nullable String text, @Nullable Cause typed, Language language) {
    if (typed != null) {
      return SAYS.render(typed, language);
    }
    if (status == Status.RUN || text == null) {
      return "";
    }
    return text;
  }

  private static Point point(
      String client,
      String target,
      String kind,
      Instant time,
      Status status,
      Status previous,
      boolean changed,
      @Nullable String check,
      @Nullable String cause,
      @Nullable Cause typed,
      Language language,
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
        .addField(Schema.STATUS_CAUSE, clientCause(status, cause, typed, language))
        .addField(Schema.STATUS_CAUSE_NOC, cause == null ? "" : cause)
        .addField("suppressed", suppressed)
        .addField("flapping", flapping)
        .build();
  }
}
