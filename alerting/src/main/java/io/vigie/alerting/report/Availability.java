package io.vigie.alerting.report;

import io.vigie.alerting.status.Silence;
import io.vigie.model.contract.Contract;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Computes a client's report from what the service recorded ({@link ReportInput}): pure, and with
 * no use of the current time, so that a re-run of a period gives the same report.
 *
 * <ul>
 *   <li>each target's figures come from {@link TargetTime} over the counted time of {@link
 *       ServiceTime};
 *   <li>the client's figures are the sums of its targets' durations, never an average of their
 *       percentages (a target watched ten days weighs a third of one watched all month);
 *   <li>the SLO is kept when the availability reaches it (up × 100 ≥ slo × judged, exactly), or
 *       when nothing was judged; the budget is judged × (1 − slo/100), to the millisecond, and the
 *       budget used is the down time, judged − up, which may exceed it;
 *   <li>the days are the client's figures over each local day of the period ({@link CalendarDays}),
 *       every day listed, with or without service hours in it;
 *   <li>the incidents are the ten longest of {@link Incidents};
 *   <li>the maintenance windows are those of the client and of its reported targets, clipped to the
 *       period and merged, by start.
 * </ul>
 */
public final class Availability {
  /** How many incidents a report lists. */
  public static final int INCIDENTS = 10;

  private Availability() {}

  /** The report of {@code input}'s client over its period. */
  @SuppressWarnings("DoNotCallSuggester") // a placeholder until the computation is merged
  public static ClientReport report(ReportInput input) {
    Contract contract = input.contract();
    boolean warningIsUp = contract.warningIsUp();
    IntervalSet counted = ServiceTime.counted(input.period(), input.zone(), contract.hours());
    IntervalSet evaluated = IntervalSet.of(input.evaluated());
    IntervalSet clientMaintenance = maintenance(input, null);

    List<TargetHistory> histories = covered(input);
    List<TargetTime> targets = new ArrayList<>();
    IntervalSet allMaintenance = clientMaintenance;
    for (TargetHistory history : histories) {
      IntervalSet own = maintenance(input, history.target());
      allMaintenance = allMaintenance.union(own);
      targets.add(TargetTime.of(history, counted, clientMaintenance.union(own), evaluated));
    }

    Tally total = new Tally();
    List<ClientReport.TargetReport> lines = new ArrayList<>();
    for (TargetTime target : targets) {
      Tally tally = target.total();
      total.add(tally);
      lines.add(
          new ClientReport.TargetReport(
              target.history().target(), target.history().kind(), tally.figures(warningIsUp)));
    }
    Figures figures = total.figures(warningIsUp);

    List<ClientReport.Day> days = new ArrayList<>();
    for (CalendarDays.CalendarDay day : CalendarDays.of(input.period(), input.zone())) {
      Tally tally = new Tally();
      for (TargetTime target : targets) {
        tally.add(target.within(day.span()));
      }
      days.add(new ClientReport.Day(day.date(), tally.figures(warningIsUp)));
    }

    return new ClientReport(
        input,
        figures,
        sloKept(figures, contract.slo()),
        budget(figures.judged(), contract.slo()),
        figures.judged().minus(figures.up()),
        lines,
        days,
        Incidents.longest(targets, warningIsUp, INCIDENTS),
        allMaintenance.intersect(input.period()).intervals());
  }

  /** The contract's targets, by id; an id twice is an error, since its time would count twice. */
  private static List<TargetHistory> covered(ReportInput input) {
    List<TargetHistory> histories = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (TargetHistory history : input.targets()) {
      if (!seen.add(history.target())) {
        throw new IllegalArgumentException(
            "client " + input.client() + ": target " + history.target() + " given twice");
      }
      if (input.contract().covers(history.target())) {
        histories.add(history);
      }
    }
    histories.sort(Comparator.comparing(TargetHistory::target));
    return histories;
  }

  /**
   * The maintenance windows of one target (those naming it), or with a null target those of the
   * whole client (naming the client and no target), as {@link Silence#mutes} matches them.
   */
  private static IntervalSet maintenance(ReportInput input, @Nullable String target) {
    List<Interval> windows = new ArrayList<>();
    for (Silence silence : input.silences()) {
      boolean matches =
          target == null
              ? silence.target() == null && input.client().equals(silence.client())
              : target.equals(silence.target());
      if (silence.maintenance() && matches && silence.starts().isBefore(silence.ends())) {
        windows.add(new Interval(silence.starts(), silence.ends()));
      }
    }
    return IntervalSet.of(windows);
  }

  /** Whether up / judged ≥ slo / 100, compared exactly rather than in floating point. */
  static boolean sloKept(Figures figures, double slo) {
    if (figures.judged().isZero()) {
      return true;
    }
    BigDecimal up = BigDecimal.valueOf(figures.up().toNanos()).multiply(BigDecimal.valueOf(100));
    BigDecimal needed =
        BigDecimal.valueOf(figures.judged().toNanos()).multiply(BigDecimal.valueOf(slo));
    return up.compareTo(needed) >= 0;
  }

  /** judged × (1 − slo/100), to the millisecond (half up). */
  static Duration budget(Duration judged, double slo) {
    BigDecimal allowed =
        BigDecimal.valueOf(judged.toMillis())
            .multiply(BigDecimal.valueOf(100).subtract(BigDecimal.valueOf(slo)))
            .divide(BigDecimal.valueOf(100), 0, RoundingMode.HALF_UP);
    return Duration.ofMillis(allowed.longValueExact());
  }
}
