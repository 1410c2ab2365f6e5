package io.vigie.alerting.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One target's counted time, every instant of it in one category, in this order of precedence:
 *
 * <ol>
 *   <li>outside the target's life {@code [added, removed)}: <b>unknown</b>. A target added or
 *       removed mid-period is judged only while it existed; the time before or after is neither up
 *       nor down, so it never lowers (nor raises) its availability, and the target's counted time
 *       is still the whole counted time of the period, so that its categories add up to it;
 *   <li>in a maintenance window of the target or of its client: <b>maintenance</b>, whatever the
 *       status was (planned work is planned work, known or not);
 *   <li>outside the spans in which the service evaluated (stopped, InfluxDB unreadable) or inside
 *       one of the target's stale spans (its collector silent): <b>unknown</b>;
 *   <li>otherwise the status in force: RUN, WARNING, ERROR or DEAD.
 * </ol>
 */
public final class TargetTime {
  private final TargetHistory history;
  private final List<Stretch> stretches;

  private TargetTime(TargetHistory history, List<Stretch> stretches) {
    this.history = history;
    this.stretches = List.copyOf(stretches);
  }

  /**
   * A stretch of counted time in one category.
   *
   * @param change for a status, the change that started it (null for the initial status)
   */
  public record Stretch(Interval span, Category category, TargetHistory.@Nullable Change change) {}

  /**
   * The counted time of {@code history}'s target.
   *
   * @param counted the counted time of the period (see {@link ServiceTime})
   * @param maintenance the maintenance windows that apply to this target
   * @param evaluated the spans in which the service evaluated
   */
  public static TargetTime of(
      TargetHistory history, IntervalSet counted, IntervalSet maintenance, IntervalSet evaluated) {
    Instant removedAt = history.removed();
    Instant removed = removedAt == null ? Instant.MAX : removedAt;
    if (removed.isBefore(history.added())) {
      throw new IllegalArgumentException(
          "target "
              + history.target()
              + ": removed "
              + removed
              + " before it was added "
              + history.added());
    }
    IntervalSet life = IntervalSet.of(new Interval(history.added(), removed));
    IntervalSet alive = counted.intersect(life);
    IntervalSet planned = alive.intersect(maintenance);
    IntervalSet rest = alive.minus(planned);
    IntervalSet unknown =
        rest.minus(evaluated).union(rest.intersect(IntervalSet.of(history.stale())));
    IntervalSet judged = rest.minus(unknown);

    List<Stretch> out = new ArrayList<>();
    add(out, counted.minus(life), Category.UNKNOWN);
    add(out, planned, Category.MAINTENANCE);
    add(out, unknown, Category.UNKNOWN);
    addStatuses(out, judged, Timeline.of(history));
    out.sort(Comparator.comparing((Stretch s) -> s.span().from()));
    return new TargetTime(history, out);
  }

  private static void add(List<Stretch> out, IntervalSet set, Category category) {
    for (Interval interval : set.intervals()) {
      out.add(new Stretch(interval, category, null));
    }
  }

  /** The judged time cut by the timeline's spans: both sorted, so one pass. */
  private static void addStatuses(List<Stretch> out, IntervalSet judged, Timeline timeline) {
    List<Interval> times = judged.intervals();
    List<Timeline.Span> spans = timeline.spans();
    int i = 0;
    int j = 0;
    while (i < times.size() && j < spans.size()) {
      Interval time = times.get(i);
      Timeline.Span span = spans.get(j);
      Instant from = IntervalSet.later(time.from(), span.span().from());
      Instant to = IntervalSet.earlier(time.to(), span.span().to());
      if (from.isBefore(to)) {
        out.add(new Stretch(new Interval(from, to), Category.of(span.status()), span.change()));
      }
      if (time.to().isBefore(span.span().to())) {
        i++;
      } else {
        j++;
      }
    }
  }

  public TargetHistory history() {
    return history;
  }

  /** The stretches, in time order, disjoint, covering exactly the counted time. */
  public List<Stretch> stretches() {
    return stretches;
  }

  /** The time in each category over the whole counted time. */
  public Tally total() {
    Tally tally = new Tally();
    for (Stretch stretch : stretches) {
      tally.add(stretch.category(), stretch.span().length());
    }
    return tally;
  }

  /** The time in each category within {@code window} (one day, for instance). */
  public Tally within(IntervalSet window) {
    Tally tally = new Tally();
    for (Interval w : window.intervals()) {
      for (int k = firstEndingAfter(w.from()); k < stretches.size(); k++) {
        Interval span = stretches.get(k).span();
        if (!span.from().isBefore(w.to())) {
          break;
        }
        Instant from = IntervalSet.later(span.from(), w.from());
        Instant to = IntervalSet.earlier(span.to(), w.to());
        tally.add(stretches.get(k).category(), new Interval(from, to).length());
      }
    }
    return tally;
  }

  /** The index of the first stretch that ends after {@code at} (binary search). */
  private int firstEndingAfter(Instant at) {
    int lo = 0;
    int hi = stretches.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (stretches.get(mid).span().to().isAfter(at)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }
}
