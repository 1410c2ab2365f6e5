package io.vigie.alerting.report;

import io.vigie.alerting.status.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One target's recorded status as consecutive spans: {@code initial} until the first change, then
 * each change's status until the next. The first span starts at the dawn of time and the last one
 * never ends: the spans are only read through the counted time, which is bounded.
 */
public final class Timeline {
  private final List<Span> spans;

  private Timeline(List<Span> spans) {
    this.spans = List.copyOf(spans);
  }

  /**
   * A span of one status.
   *
   * @param change the change that started it; null for the initial status, whose cause the store
   *     did not give
   */
  public record Span(Interval span, Status status, TargetHistory.@Nullable Change change) {}

  /**
   * The timeline of {@code history}.
   *
   * @throws IllegalArgumentException if its changes are not in time order
   */
  public static Timeline of(TargetHistory history) {
    List<Span> spans = new ArrayList<>();
    Instant from = Instant.MIN;
    Status status = history.initial();
    TargetHistory.Change startedBy = null;
    for (TargetHistory.Change change : history.changes()) {
      if (change.at().isBefore(from)) {
        throw new IllegalArgumentException(
            "target "
                + history.target()
                + ": status changes out of time order, "
                + change.at()
                + " after "
                + from);
      }
      // Two changes at one instant: the first lasted no time, the last one holds.
      if (change.at().isAfter(from)) {
        spans.add(new Span(new Interval(from, change.at()), status, startedBy));
      }
      from = change.at();
      status = change.to();
      startedBy = change;
    }
    spans.add(new Span(new Interval(from, Instant.MAX), status, startedBy));
    return new Timeline(spans);
  }

  /** The spans, in time order, each starting where the previous one ends. */
  public List<Span> spans() {
    return spans;
  }
}
