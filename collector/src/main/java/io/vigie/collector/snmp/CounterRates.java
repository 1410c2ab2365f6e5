package io.vigie.collector.snmp;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Turns SNMP counters into per-second rates, one baseline per series.
 *
 * <p>The first reading of a counter gives no rate. A 32-bit counter that goes down wrapped once if
 * the difference through the wrap is plausible (at most half the range); otherwise, and for any
 * 64-bit counter going down, the counter was reset and the baseline starts again without a rate. A
 * device reboot (sysUpTime going backwards) drops every baseline of the device. No spike, ever.
 */
final class CounterRates {
  private static final long WRAP_32 = 1L << 32;

  private record Reading(long value, long timeMillis) {}

  private final Map<String, Reading> baselines = new HashMap<>();
  private long lastUptimeTicks = -1;

  /** Call once per poll with the device's sysUpTime, before the counters. */
  void uptime(long ticks) {
    if (ticks >= 0 && lastUptimeTicks >= 0 && ticks < lastUptimeTicks) {
      baselines.clear();
    }
    lastUptimeTicks = ticks;
  }

  /**
   * The rate since the last reading of {@code key}, if there is a trustworthy one.
   *
   * @param value the counter as an unsigned number (a Counter64 above 2⁶³ is negative here)
   */
  OptionalDouble rate(String key, long value, boolean is64, long timeMillis) {
    Reading before = baselines.put(key, new Reading(value, timeMillis));
    if (before == null || timeMillis <= before.timeMillis()) {
      return OptionalDouble.empty();
    }
    long delta;
    if (Long.compareUnsigned(value, before.value()) >= 0) {
      delta = value - before.value();
    } else if (!is64 && value + WRAP_32 - before.value() <= WRAP_32 / 2) {
      delta = value + WRAP_32 - before.value();
    } else {
      return OptionalDouble.empty();
    }
    double seconds = (timeMillis - before.timeMillis()) / 1000.0;
    double unsignedDelta = delta >= 0 ? delta : delta + 0x1p64;
    return OptionalDouble.of(unsignedDelta / seconds);
  }

  /** Forgets baselines not seen in this poll (an interface that went away). */
  void retain(java.util.Set<String> seen) {
    baselines.keySet().retainAll(seen);
  }
}
