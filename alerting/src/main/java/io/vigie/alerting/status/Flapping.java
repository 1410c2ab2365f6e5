package io.vigie.alerting.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a target flaps: its status changes within the flap window, and the flag that starts at
 * {@code flapStart} changes and stops only at {@code flapStop} or fewer. Apart because the two
 * bounds differ on purpose (a hysteresis, so that a target at the edge is not told flapping and
 * stable in turn) and that rule is easier to check alone.
 *
 * @param changes the instants of the status changes still within the window, oldest first
 * @param flapping whether the target flaps after this evaluation
 */
record Flapping(List<Instant> changes, boolean flapping) {

  static Flapping next(
      EngineSettings settings, TargetState previous, boolean statusChanged, Instant now) {
    List<Instant> changes = new ArrayList<>();
    for (Instant t : previous.changes()) {
      if (t.isAfter(now.minus(settings.flapWindow()))) {
        changes.add(t);
      }
    }
    if (statusChanged) {
      changes.add(now);
    }
    boolean flapping =
        previous.flapping()
            ? changes.size() > settings.flapStop()
            : changes.size() >= settings.flapStart();
    return new Flapping(changes, flapping);
  }
}
