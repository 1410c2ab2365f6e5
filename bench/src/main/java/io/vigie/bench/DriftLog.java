package io.vigie.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each probe of a collector started (System.nanoTime, on the thread that starts it), and how
 * far each start was from its schedule. A probe's schedule is its interval's grid, anchored on its
 * most punctual start: drift is {@code start - (anchor + k * interval)}, never negative, where the
 * anchor is the smallest {@code start_k - k * interval} seen (warm-up included), k counting
 * intervals from the first start. This measures lateness against the probe's own best turn: a
 * fixed-rate schedule does not drift, so a late turn shows, and a turn never started at all (a
 * skipped turn) is counted apart.
 */
final class DriftLog {
  private final Map<String, List<Long>> starts = new ConcurrentHashMap<>();
  private final long intervalNanos;

  DriftLog(long intervalNanos) {
    this.intervalNanos = intervalNanos;
  }

  void started(String key, long nanoTime) {
    List<Long> list = starts.computeIfAbsent(key, k -> new ArrayList<>());
    synchronized (list) {
      list.add(nanoTime);
    }
  }

  /** The drifts, in ms, of the starts within {@code [from, to)}, sorted. */
  double[] driftsMs(long from, long to) {
    List<Double> out = new ArrayList<>();
    for (List<Long> list : starts.values()) {
      long[] t;
      synchronized (list) {
        t = list.stream().mapToLong(Long::longValue).toArray();
      }
      if (t.length == 0) {
        continue;
      }
      long first = t[0];
      long anchor = Long.MAX_VALUE;
      long[] k = new long[t.length];
      for (int i = 0; i < t.length; i++) {
        k[i] = Math.round((t[i] - first) / (double) intervalNanos);
        anchor = Math.min(anchor, t[i] - k[i] * intervalNanos);
      }
      for (int i = 0; i < t.length; i++) {
        if (t[i] >= from && t[i] < to) {
          out.add((t[i] - k[i] * intervalNanos - anchor) / 1e6);
        }
      }
    }
    double[] d = out.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(d);
    return d;
  }

  /** The {@code q} quantile of sorted values (nearest rank); NaN when there are none. */
  static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
