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
 * @param memberSilentAfter how long a declared member of a collector group may go unheard (no self
 *     metrics, no poll, no probe run) before the group has lost it: its self metrics come every 10
 *     s, and the others take its targets over within about 30 s
 */
public record EngineSettings(
    int deadAfterPolls,
    int deadAfterIntervals,
    Duration flapWindow,
    int flapStart,
    int flapStop,
    Duration memberSilentAfter) {

  public EngineSettings {
    if (memberSilentAfter.isNegative() || memberSilentAfter.isZero()) {
      throw new IllegalArgumentException(
          "member-silent-after: must be > 0, found " + memberSilentAfter);
    }
  }

  /** With the default member deadline (60 s). */
  public EngineSettings(
      int deadAfterPolls,
      int deadAfterIntervals,
      Duration flapWindow,
      int flapStart,
      int flapStop) {
    this(deadAfterPolls, deadAfterIntervals, flapWindow, flapStart, flapStop, MEMBER_SILENT_AFTER);
  }

  /** The default of {@link #memberSilentAfter}: six self-metrics reports missed. */
  public static final Duration MEMBER_SILENT_AFTER = Duration.ofSeconds(60);

  public static EngineSettings defaults() {
    return new EngineSettings(3, 3, Duration.ofMinutes(15), 6, 2);
  }
}
