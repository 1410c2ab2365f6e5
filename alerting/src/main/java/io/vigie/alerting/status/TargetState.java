package io.vigie.alerting.status;

import io.vigie.model.cause.Cause;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Everything the engine knows of one target, kept across evaluations and restarts.
 *
 * @param check the check that gives the status (the worst one), or a condition such as {@code data}
 *     or {@code parent}
 * @param since when the target entered its status
 * @param firstSeen when the target was first seen in the inventory
 * @param lastData the time of its newest poll point, or null if it never reported
 * @param collector the collector that wrote its newest poll point
 * @param failures consecutive polls that could not reach it, up to the newest
 * @param notified the status its client was last told about
 * @param changes the times of its recent status changes, for flap detection
 * @param suppressed its parent is down: its notifications are held
 * @param stale its collector is silent: the status is the last one known
 * @param typedCause the {@code cause} as typed fields, for people; null when RUN, or when stored
 *     before it existed (the text is shown then)
 */
public record TargetState(
    String id,
    String client,
    String kind,
    Status status,
    String check,
    String cause,
    Instant since,
    Map<String, CheckState> checks,
    Instant firstSeen,
    @Nullable Instant lastData,
    @Nullable String collector,
    int failures,
    Status notified,
    boolean flapping,
    List<Instant> changes,
    boolean suppressed,
    boolean stale,
    @Nullable Cause typedCause) {

  public TargetState {
    checks = Map.copyOf(checks);
    changes = List.copyOf(changes);
  }

  /** A state without a typed cause (stored before it had one). */
  public TargetState(
      String id,
      String client,
      String kind,
      Status status,
      String check,
      String cause,
      Instant since,
      Map<String, CheckState> checks,
      Instant firstSeen,
      @Nullable Instant lastData,
      @Nullable String collector,
      int failures,
      Status notified,
      boolean flapping,
      List<Instant> changes,
      boolean suppressed,
      boolean stale) {
    this(
        id,
        client,
        kind,
        status,
        check,
        cause,
        since,
        checks,
        firstSeen,
        lastData,
        collector,
        failures,
        notified,
        flapping,
        changes,
        suppressed,
        stale,
        null);
  }

  static TargetState fresh(String id, String client, String kind, Instant now) {
    return new TargetState(
        id,
        client,
        kind,
        Status.RUN,
        "",
        "waiting for the first poll",
        now,
        Map.of(),
        now,
        null,
        null,
        0,
        Status.RUN,
        false,
        List.of(),
        false,
        false);
  }

  /** What must survive a restart: values shown are left out, so they do not count as changes. */
  TargetState durable() {
    Map<String, CheckState> kept = new java.util.HashMap<>();
    checks.forEach((name, check) -> kept.put(name, check.durable()));
    return new TargetState(
        id,
        client,
        kind,
        status,
        check,
        cause,
        since,
        kept,
        firstSeen,
        null,
        collector,
        failures,
        notified,
        flapping,
        changes,
        suppressed,
        stale,
        typedCause);
  }

  /** The worst check's latest value, if it has one. */
  public @Nullable CheckState worstCheck() {
    return checks.get(check);
  }
}
