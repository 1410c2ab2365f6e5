package io.vigie.alerting.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A set of instants as sorted, disjoint, non-empty half-open intervals: the counted time, the
 * maintenance windows, the time the service evaluated. Overlapping or touching intervals are merged
 * when the set is built, so that two sets are equal when they hold the same instants.
 */
public final class IntervalSet {
  private static final IntervalSet EMPTY = new IntervalSet(List.of());

  private final List<Interval> intervals;

  private IntervalSet(List<Interval> sortedDisjoint) {
    this.intervals = List.copyOf(sortedDisjoint);
  }

  /** The empty set. */
  public static IntervalSet empty() {
    return EMPTY;
  }

  /** The union of {@code intervals}, in any order, overlapping or not; empty ones are dropped. */
  public static IntervalSet of(Collection<Interval> intervals) {
    List<Interval> sorted = new ArrayList<>(intervals);
    sorted.sort(Comparator.comparing(Interval::from));
    List<Interval> merged = new ArrayList<>();
    for (Interval next : sorted) {
      if (!next.from().isBefore(next.to())) {
        continue;
      }
      int last = merged.size() - 1;
      if (last >= 0 && !next.from().isAfter(merged.get(last).to())) {
        Interval previous = merged.get(last);
        if (next.to().isAfter(previous.to())) {
          merged.set(last, new Interval(previous.from(), next.to()));
        }
      } else {
        merged.add(next);
      }
    }
    return merged.isEmpty() ? EMPTY : new IntervalSet(merged);
  }

  /** The set holding one interval (nothing if it is empty). */
  public static IntervalSet of(Interval interval) {
    return of(List.of(interval));
  }

  /** The intervals, sorted and disjoint. */
  public List<Interval> intervals() {
    return intervals;
  }

  public boolean isEmpty() {
    return intervals.isEmpty();
  }

  /** The total length of the set. */
  public Duration length() {
    Duration total = Duration.ZERO;
    for (Interval interval : intervals) {
      total = total.plus(interval.length());
    }
    return total;
  }

  /** The instants in both sets. */
  public IntervalSet intersect(IntervalSet other) {
    List<Interval> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < intervals.size() && j < other.intervals.size()) {
      Interval a = intervals.get(i);
      Interval b = other.intervals.get(j);
      Instant from = later(a.from(), b.from());
      Instant to = earlier(a.to(), b.to());
      if (from.isBefore(to)) {
        out.add(new Interval(from, to));
      }
      // The one that ends first cannot meet anything further in the other set.
      if (a.to().isBefore(b.to())) {
        i++;
      } else {
        j++;
      }
    }
    return out.isEmpty() ? EMPTY : new IntervalSet(out);
  }

  /** The instants of this set within {@code window}. */
  public IntervalSet intersect(Interval window) {
    return intersect(of(window));
  }

  /** The instants of this set that are not in {@code other}. */
  public IntervalSet minus(IntervalSet other) {
    List<Interval> out = new ArrayList<>();
    int j = 0;
    for (Interval a : intervals) {
      Instant from = a.from();
      // Skip what ends before this interval; it cannot cut this one or the next ones.
      while (j < other.intervals.size() && !other.intervals.get(j).to().isAfter(from)) {
        j++;
      }
      int k = j;
      while (k < other.intervals.size() && other.intervals.get(k).from().isBefore(a.to())) {
        Interval cut = other.intervals.get(k);
        if (cut.from().isAfter(from)) {
          out.add(new Interval(from, cut.from()));
        }
        from = later(from, cut.to());
        k++;
      }
      if (from.isBefore(a.to())) {
        out.add(new Interval(from, a.to()));
      }
    }
    return out.isEmpty() ? EMPTY : new IntervalSet(out);
  }

  /** The instants in either set. */
  public IntervalSet union(IntervalSet other) {
    List<Interval> all = new ArrayList<>(intervals);
    all.addAll(other.intervals);
    return of(all);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof IntervalSet other && intervals.equals(other.intervals);
  }

  @Override
  public int hashCode() {
    return intervals.hashCode();
  }

  @Override
  public String toString() {
    return intervals.toString();
  }

  static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
