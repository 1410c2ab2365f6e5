package io.vigie.alerting.report;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** The calendar days and months of a client's zone, as spans of real time. */
public final class CalendarDays {
  private CalendarDays() {}

  /** One local day of a period: its date and the part of the period it covers. */
  public record CalendarDay(LocalDate date, IntervalSet span) {}

  /**
   * A month from its first midnight to the next month's, in {@code zone}: 743 h in Europe/Paris in
   * March, 745 h in October, 720 or 744 h otherwise.
   */
  public static Interval month(YearMonth month, ZoneId zone) {
    return new Interval(
        month.atDay(1).atStartOfDay(zone).toInstant(),
        month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant());
  }

  /**
   * The local days that {@code period} touches, in order, each with the instants of the period
   * whose local date it is (23 h on the day the clocks go forward, 25 h when they go back).
   */
  public static List<CalendarDay> of(Interval period, ZoneId zone) {
    List<CalendarDay> days = new ArrayList<>();
    if (!period.from().isBefore(period.to())) {
      return days;
    }
    LocalDate last = period.to().minusNanos(1).atZone(zone).toLocalDate();
    for (LocalDate date = period.from().atZone(zone).toLocalDate();
        !date.isAfter(last);
        date = date.plusDays(1)) {
      IntervalSet span =
          ServiceTime.local(date.atStartOfDay(), date.plusDays(1).atStartOfDay(), zone)
              .intersect(period);
      days.add(new CalendarDay(date, span));
    }
    return days;
  }
}
