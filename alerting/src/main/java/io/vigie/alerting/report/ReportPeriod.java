package io.vigie.alerting.report;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * The period a report is asked for, in the client's zone: a calendar month ({@code 2026-11}), or
 * whole days from one date to another (both included), or by default the last whole month.
 */
public final class ReportPeriod {
  private ReportPeriod() {}

  /** Why a period could not be read: the parameter, what it needs, the value found. */
  public static final class BadPeriod extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadPeriod(String message) {
      super(message);
    }
  }

  /**
   * The period asked for.
   *
   * @throws BadPeriod when a value cannot be read, a month comes with dates, or the days are out of
   *     order
   */
  public static Interval of(
      @Nullable String month,
      @Nullable String from,
      @Nullable String to,
      ZoneId zone,
      Clock clock) {
    if (month != null && (from != null || to != null)) {
      throw new BadPeriod("month: either a month or from/to dates, found both");
    }
    if (month != null) {
      return month(parseMonth(month), zone);
    }
    if (from == null && to == null) {
      return month(YearMonth.now(clock.withZone(zone)).minusMonths(1), zone);
    }
    if (from == null || to == null) {
      throw new BadPeriod(
          (from == null ? "from" : "to") + ": needed with " + (from == null ? "to" : "from"));
    }
    LocalDate first = parseDate("from", from);
    LocalDate last = parseDate("to", to);
    if (last.isBefore(first)) {
      throw new BadPeriod("to: must not be before from (" + from + "), found " + to);
    }
    if (first.plusYears(1).isBefore(last)) {
      throw new BadPeriod("to: at most a year after from (" + from + "), found " + to);
    }
    return new Interval(
        first.atStartOfDay(zone).toInstant(), last.plusDays(1).atStartOfDay(zone).toInstant());
  }

  /** A calendar month in a zone: from its first midnight to the next month's. */
  public static Interval month(YearMonth month, ZoneId zone) {
    return new Interval(
        month.atDay(1).atStartOfDay(zone).toInstant(),
        month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant());
  }

  /** A month as {@code YYYY-MM}. */
  public static YearMonth parseMonth(String text) {
    try {
      return YearMonth.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new BadPeriod("month: a month as YYYY-MM, found \"" + text + "\"");
    }
  }

  private static LocalDate parseDate(String name, String text) {
    try {
      return LocalDate.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new BadPeriod(name + ": a date as YYYY-MM-DD, found \"" + text + "\"");
    }
  }
}
