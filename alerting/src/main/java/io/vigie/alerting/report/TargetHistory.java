package io.vigie.alerting.report;

import io.vigie.alerting.status.Status;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the service recorded of one target, as a report reads it: when it was in the inventory, its
 * status changes, and when its status was not known (its collector silent).
 *
 * @param added when it entered the inventory (its first evaluation)
 * @param removed when it left the inventory; null if it is still in it
 * @param changes its status changes in time order; the status before the first one is {@code
 *     initial}
 * @param initial its status before its first change in {@code changes} (RUN for a new target)
 * @param stale the spans in which its collector was silent: its status was only the last known;
 *     also, for a target removed from the inventory and added again, the time between (see
 *     ReportInputs), so that a target has one history however many times it came back
 */
public record TargetHistory(
    String target,
    String kind,
    Instant added,
    @Nullable Instant removed,
    Status initial,
    List<Change> changes,
    List<Interval> stale) {
  public TargetHistory {
    changes = List.copyOf(changes);
    stale = List.copyOf(stale);
  }

  /**
   * One status change.
   *
   * @param cause the cause in words (the NOC's), shown with the incidents
   */
  public record Change(Instant at, Status to, String check, String cause) {}
}
