package io.vigie.alerting.report;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;

/**
 * When a client's monthly report is due: on the 1st of the next month at {@code hour} (local time
 * in the client's zone), and from then on until it is queued, so that a service stopped at that
 * hour sends it when it starts again. Only the last month is ever due (a service stopped for two
 * months sends one report, the last); a month that ended before the service ever evaluated is not
 * reported (a new installation sends nothing about the month before it).
 *
 * @param hour the hour of the 1st at which reports go, 0 to 23
 */
public record MonthlySchedule(int hour) {
  public MonthlySchedule {
    if (hour < 0 || hour > 23) {
      throw new IllegalArgumentException("the reports' hour is 0 to 23, found " + hour);
    }
  }

  /**
   * The month whose report is due at {@code now}, or null.
   *
   * @param firstEvaluation the service's first evaluation ever; null if it never evaluated
   */
  public @Nullable YearMonth due(Instant now, ZoneId zone, @Nullable Instant firstEvaluation) {
    YearMonth month = YearMonth.from(now.atZone(zone)).minusMonths(1);
    if (now.isBefore(sendAt(month, zone))) {
      month = month.minusMonths(1);
    }
    if (firstEvaluation == null || !firstEvaluation.isBefore(sendAt(month, zone))) {
      return null;
    }
    return month;
  }

  /** When {@code month}'s report goes: the 1st of the next month at the hour, in the zone. */
  public Instant sendAt(YearMonth month, ZoneId zone) {
    // At a clock change the hour may not exist or come twice: the zone's rules pick the instant.
    return month.plusMonths(1).atDay(1).atTime(hour, 0).atZone(zone).toInstant();
  }
}
