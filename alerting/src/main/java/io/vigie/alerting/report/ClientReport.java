package io.vigie.alerting.report;

import io.vigie.alerting.status.Status;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One client's service-level report over a period, computed, before it is rendered.
 *
 * @param total the client's figures: the sums of its targets' durations (never an average of
 *     percentages, which weighs a target watched one day as much as one watched all month)
 * @param sloKept whether the availability reached the contract's SLO (true when nothing was judged)
 * @param budget the downtime the SLO allows over the judged time
 * @param budgetUsed the down time (judged − up), which may exceed the budget
 * @param targets one line per target, by id
 * @param days the client's availability day by day, in its zone
 * @param incidents the longest spans down (ERROR or DEAD, or WARNING when it is not up), longest
 *     first, at most ten
 * @param maintenance the maintenance windows that overlap the period, by start
 */
public record ClientReport(
    ReportInput input,
    Figures total,
    boolean sloKept,
    Duration budget,
    Duration budgetUsed,
    List<TargetReport> targets,
    List<Day> days,
    List<Incident> incidents,
    List<Interval> maintenance) {
  public ClientReport {
    targets = List.copyOf(targets);
    days = List.copyOf(days);
    incidents = List.copyOf(incidents);
    maintenance = List.copyOf(maintenance);
  }

  /** One target's figures. */
  public record TargetReport(String target, String kind, Figures figures) {}

  /** One day's figures, in the client's zone (a day of 23 or 25 hours at a clock change). */
  public record Day(LocalDate date, Figures figures) {}

  /** A span a target was down, with the status and cause it started with. */
  public record Incident(
      String target, Instant from, Instant to, Status status, String check, String cause) {
    public Duration length() {
      return Duration.between(from, to);
    }
  }
}
