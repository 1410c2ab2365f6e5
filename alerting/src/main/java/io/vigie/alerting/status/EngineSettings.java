package io.vigie.alerting.status;

import java.time.Duration;

/**
 * How the engine judges.
 *
 * @param deadAfterPolls consecutive failed polls that make a target DEAD
 * @param deadAfterIntervals poll intervals without data that make a target DEAD (also for a target
 *     that never reported, counted from when it appeared in the inventory)
 * @param flapWindow the window in which status changes are counted
 * @param flapStart changes within the window that mark a target flapping
 * @param flapStop changes within the window at or under which it is stable again
 */
public record EngineSettings(
    int deadAfterPolls, int deadAfterIntervals, Duration flapWindow, int flapStart, int flapStop) {

  public static EngineSettings defaults() {
    return new EngineSettings(3, 3, Duration.ofMinutes(15), 6, 2);
  }
}
