package io.vigie.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Ratios from interleaved repeats (peer, Vigie, peer, Vigie, ...), each pair a round on the same
 * setup. A repeat whose figure is more than {@link #MARGIN} away from the median of the same side's
 * other repeats is flagged, and its round is not used: one noisy run (a peer measured at half its
 * usual rate while something else used the machine) must not make the result. The ratio is the
 * median of the remaining rounds' ratios, given with its range.
 */
final class Repeats {
  /** How far outside the range of its other repeats a figure may be and still be used. */
  static final double MARGIN = 0.20;

  /**
   * The ratio's median and range over the rounds used; NaN when none could be.
   *
   * @param flagged the rounds left out (0-based), either side being an outlier
   */
  record Ratio(double median, double min, double max, int used, Set<Integer> flagged) {
    boolean usable() {
      return used > 0;
    }
  }

  private Repeats() {}

  /**
   * The repeats (0-based) whose value is below the lowest of the others less {@link #MARGIN}, or
   * above the highest of them plus {@link #MARGIN}; none with fewer than 3 repeats, where one other
   * repeat cannot tell which of two is the odd one.
   */
  static Set<Integer> outliers(List<Double> values) {
    Set<Integer> out = new TreeSet<>();
    if (values.size() < 3) {
      return out;
    }
    for (int i = 0; i < values.size(); i++) {
      List<Double> others = new ArrayList<>(values);
      others.remove(i);
      double low = others.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
      double high = others.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
      double value = values.get(i);
      if (value < low * (1 - MARGIN) || value > high * (1 + MARGIN)) {
        out.add(i);
      }
    }
    return out;
  }

  /**
   * Per-round ratios {@code vigie[i] / peer[i]} (higher is better for Vigie), outliers left out.
   */
  static Ratio ratio(List<Double> vigie, List<Double> peer) {
    int rounds = Math.min(vigie.size(), peer.size());
    Set<Integer> flagged = new TreeSet<>(outliers(vigie.subList(0, rounds)));
    flagged.addAll(outliers(peer.subList(0, rounds)));
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      if (!flagged.contains(i)) {
        ratios.add(vigie.get(i) / peer.get(i));
      }
    }
    if (ratios.isEmpty()) {
      return new Ratio(Double.NaN, Double.NaN, Double.NaN, 0, flagged);
    }
    List<Double> sorted = ratios.stream().sorted().toList();
    return new Ratio(
        median(sorted), sorted.get(0), sorted.get(sorted.size() - 1), ratios.size(), flagged);
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
