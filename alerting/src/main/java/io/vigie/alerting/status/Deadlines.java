package io.vigie.alerting.status;

import io.vigie.model.cause.Cause;
import io.vigie.model.inventory.Target;
import io.vigie.model.probe.Probe;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * When judging a target again without new data could change something: the engine's timers. A
 * streaming evaluation judges a target when its points arrive and at these instants, never in a
 * sweep of every target. Each is the first instant at which the rule that owns it would fire, so
 * that a target judged then sees it fire; judging earlier or more often changes nothing.
 *
 * <p>The timers: no data for {@code dead-after-intervals} (or never reported since added), a
 * probe's silence ({@code dead-after-polls} of its intervals), the hold before a notice (decision
 * 0008), the flap window's oldest change leaving it. A threshold's {@code for} is not one: it is
 * judged on the target's polls, as it always was. Silences and acknowledgements are marks the
 * service follows itself.
 */
public final class Deadlines {
  private final EngineSettings settings;

  public Deadlines(EngineSettings settings) {
    this.settings = settings;
  }

  /**
   * The target's next deadline after {@code now}.
   *
   * @param noData whether it is a rule about missing data: before it fires, what InfluxDB holds is
   *     read, so that a point the stream dropped never makes a target DEAD
   */
  public record Due(Instant at, boolean noData) {}

  /** The earliest deadline of a target judged at {@code now}, or null when it has none. */
  public @Nullable Due next(
      Target target,
      TargetState state,
      @Nullable TargetState parent,
      @Nullable Target parentTarget,
      Instant now) {
    Due due = null;
    if (!state.stale()) {
      Duration noData =
          (target.polled() ? target.interval() : ProbeChecks.longestInterval(target))
              .multipliedBy(settings.deadAfterIntervals());
      Instant last = state.lastData();
      // The rules: never reported "not before firstSeen + noData"; silent "after lastData +
      // noData".
      due =
          earliest(
              due,
              last == null ? state.firstSeen().plus(noData) : last.plus(noData).plusMillis(1),
              true,
              now);
    }
    for (Probe probe : target.probes()) {
      CheckState check = state.checks().get(probe.check());
      Instant lastRun = check == null ? null : check.lastRun();
      if (check != null && lastRun != null && !(check.typedCause() instanceof Cause.ProbeSilent)) {
        Duration silent =
            ProbeChecks.interval(target, probe).multipliedBy(settings.deadAfterPolls());
        due = earliest(due, lastRun.plus(silent).plusMillis(1), true, now);
      }
    }
    if (state.status() != state.notified() && !state.flapping()) {
      Duration hold =
          Parents.hold(target, state.status(), state.suppressed(), parent, parentTarget);
      due = earliest(due, state.since().plus(hold), false, now);
    }
    if (!state.changes().isEmpty()) {
      // A change leaves the window when now - window reaches it (Flapping keeps t > now - window).
      due = earliest(due, state.changes().get(0).plus(settings.flapWindow()), false, now);
    }
    return due;
  }

  private static @Nullable Due earliest(
      @Nullable Due due, Instant at, boolean noData, Instant now) {
    if (!at.isAfter(now)) {
      return due; // passed: the judgement at now has seen it
    }
    if (due == null || at.isBefore(due.at())) {
      return new Due(at, noData);
    }
    if (at.equals(due.at()) && noData && !due.noData()) {
      return new Due(at, true);
    }
    return due;
  }
}
