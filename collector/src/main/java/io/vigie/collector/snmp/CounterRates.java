package io.vigie.collector.snmp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Turns SNMP counters into per-second rates, one baseline per series.
 *
 * <p>The first reading of a counter gives no rate. A device reboot (sysUpTime going backwards)
 * drops every baseline of the device. A 64-bit counter going down was reset. A 32-bit counter going
 * down either wrapped once or was reset (cleared without a reboot): where the counter has a ceiling
 * (what its interface can carry), it wrapped only if the rate through the wrap stays under it;
 * without one, it wrapped if the difference through the wrap is at most half the range. A rate
 * above the ceiling is never a value either: the counter jumped (cleared, replaced, or switched
 * between its 32-bit and 64-bit column). In every such case the reading becomes the new baseline
 * and no rate is given for it. No spike, ever.
 *
 * <p>Some agents understate speeds (net-snmp gives {@code lo} 10 Mb/s). A counter whose rate was
 * already above its ceiling at the previous reading does not trust that ceiling: a real
 * discontinuity is one reading, a speed that lies is every reading.
 */
final class CounterRates {
  private static final long WRAP_32 = 1L << 32;

  /**
   * How far above the ceiling a rate may be and still be taken as real. Octet counters leave out
   * the preamble and gaps, so a full link counts a little under its speed; but rates are measured
   * between poll starts while the agent reads its counters a little later, by a varying delay, and
   * some agents refresh their counters only every few seconds: an honest rate can read somewhat
   * above the line rate. A reset read as a wrap is usually far above it (the case reported: 7
   * times). Kept small, because a reset over a long interval looks barely faster than the line.
   */
  static final double TOLERANCE = 1.2;

  /** What one reading gave. */
  enum Outcome {
    /** A rate. */
    RATE,
    /** No rate: the first reading, or one at the same time as the previous. */
    BASELINE,
    /** No rate: the counter went down and did not wrap, or changed width. */
    RESET,
    /** No rate: faster than the counter's ceiling allows; the counter jumped. */
    DISCONTINUITY
  }

  /** A reading's outcome and, for {@link Outcome#RATE} and {@link Outcome#DISCONTINUITY}, rate. */
  record Result(Outcome outcome, double perSecond) {
    OptionalDouble rate() {
      return outcome == Outcome.RATE ? OptionalDouble.of(perSecond) : OptionalDouble.empty();
    }
  }

  /** {@code poll}: the number of the poll that read it, to forget rows that are gone. */
  private record Reading(
      long value, long timeMillis, boolean is64, boolean aboveCeiling, long poll) {}

  // By counter column (a number the caller gives each), then row index: the index strings are
  // the walk's, their hashes made once, where a key object per cell cost as much as the rate.
  private final List<Map<String, Reading>> baselines = new ArrayList<>();
  private long poll;
  private long lastUptimeTicks = -1;

  /** Call once per poll with the device's sysUpTime, before the counters. */
  void uptime(long ticks) {
    if (ticks >= 0 && lastUptimeTicks >= 0 && ticks < lastUptimeTicks) {
      baselines.forEach(Map::clear);
    }
    lastUptimeTicks = ticks;
  }

  /** The rate since the last reading of the counter, for a counter without a ceiling. */
  OptionalDouble rate(int column, String row, long value, boolean is64, long timeMillis) {
    return read(column, row, value, is64, timeMillis, Double.POSITIVE_INFINITY).rate();
  }

  /**
   * Reads the counter of column {@code column} (0, 1, 2... one number per counter column of the
   * device), row {@code row}.
   *
   * @param value the counter as an unsigned number (a Counter64 above 2⁶³ is negative here)
   * @param ceiling the highest rate per second the counter can honestly have (an interface's
   *     octets: its speed in bytes per second); 0 or infinite when unknown
   */
  Result read(int column, String row, long value, boolean is64, long timeMillis, double ceiling) {
    while (baselines.size() <= column) {
      baselines.add(new HashMap<>());
    }
    Map<String, Reading> rows = baselines.get(column);
    Reading before = rows.get(row);
    boolean known = ceiling > 0 && Double.isFinite(ceiling);
    double limit = ceiling * TOLERANCE;
    if (before == null || timeMillis <= before.timeMillis()) {
      rows.put(row, new Reading(value, timeMillis, is64, false, poll));
      return new Result(Outcome.BASELINE, 0);
    }
    if (before.is64() != is64) {
      // The row answered from the other column (ifHCInOctets, then ifInOctets): not comparable.
      rows.put(row, new Reading(value, timeMillis, is64, false, poll));
      return new Result(Outcome.RESET, 0);
    }
    boolean trusted = known && !before.aboveCeiling();
    double seconds = (timeMillis - before.timeMillis()) / 1000.0;
    double rate;
    if (Long.compareUnsigned(value, before.value()) >= 0) {
      rate = unsigned(value - before.value()) / seconds;
    } else if (!is64) {
      long throughWrap = value + WRAP_32 - before.value();
      rate = throughWrap / seconds;
      boolean wrapped = trusted ? rate <= limit : throughWrap <= WRAP_32 / 2;
      if (!wrapped) {
        rows.put(row, new Reading(value, timeMillis, is64, trusted, poll));
        return trusted ? new Result(Outcome.DISCONTINUITY, rate) : new Result(Outcome.RESET, 0);
      }
    } else {
      rows.put(row, new Reading(value, timeMillis, is64, false, poll));
      return new Result(Outcome.RESET, 0);
    }
    boolean above = known && rate > limit;
    rows.put(row, new Reading(value, timeMillis, is64, above, poll));
    return above && trusted
        ? new Result(Outcome.DISCONTINUITY, rate)
        : new Result(Outcome.RATE, rate);
  }

  private static double unsigned(long delta) {
    return delta >= 0 ? delta : delta + 0x1p64;
  }

  /** Ends a poll: forgets the baselines it did not read (an interface that went away). */
  void endPoll() {
    long current = poll;
    for (Map<String, Reading> rows : baselines) {
      rows.values().removeIf(r -> r.poll() != current);
    }
    poll++;
  }
}
