package io.vigie.alerting.report;

import static io.vigie.alerting.report.Fixtures.PARIS;
import static io.vigie.alerting.report.Fixtures.hours;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigie.model.contract.ServiceHours;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Wall-clock spans at the clock changes of Europe/Paris in 2026 (29 March and 25 October). */
class ServiceTimeTest {
  static IntervalSet local(String from, String to) {
    return ServiceTime.local(LocalDateTime.parse(from), LocalDateTime.parse(to), PARIS);
  }

  @Test
  void monthsAreAsLongAsTheirRealTime() {
    assertThat(CalendarDays.month(YearMonth.of(2026, 3), PARIS).length()).isEqualTo(hours(743));
    assertThat(CalendarDays.month(YearMonth.of(2026, 10), PARIS).length()).isEqualTo(hours(745));
    assertThat(CalendarDays.month(YearMonth.of(2026, 11), PARIS).length()).isEqualTo(hours(720));
    assertThat(CalendarDays.month(YearMonth.of(2026, 12), PARIS).length()).isEqualTo(hours(744));
  }

  @Test
  void skippedLocalTimesDoNotCountAndRepeatedOnesCountTwice() {
    // 01:00–05:00 on 29 March: 02:00–03:00 does not exist, 3 h.
    assertThat(local("2026-03-29T01:00", "2026-03-29T05:00").length()).isEqualTo(hours(3));
    // 02:15–02:45 on 29 March does not exist at all.
    assertThat(local("2026-03-29T02:15", "2026-03-29T02:45").isEmpty()).isTrue();
    // 02:30–04:00 on 29 March: only 03:00–04:00 exists, 1 h from 01:00 UTC.
    assertThat(local("2026-03-29T02:30", "2026-03-29T04:00").intervals())
        .containsExactly(
            new Interval(
                Instant.parse("2026-03-29T01:00:00Z"), Instant.parse("2026-03-29T02:00:00Z")));
    // 01:00–05:00 on 25 October: 02:00–03:00 happens twice, 5 h.
    assertThat(local("2026-10-25T01:00", "2026-10-25T05:00").length()).isEqualTo(hours(5));
    // 02:00–02:30 on 25 October: twice half an hour, an hour apart.
    assertThat(local("2026-10-25T02:00", "2026-10-25T02:30").intervals())
        .containsExactly(
            new Interval(
                Instant.parse("2026-10-25T00:00:00Z"), Instant.parse("2026-10-25T00:30:00Z")),
            new Interval(
                Instant.parse("2026-10-25T01:00:00Z"), Instant.parse("2026-10-25T01:30:00Z")));
  }

  @Test
  void serviceHoursOnTheDaysOfTheWeekHolidaysAside() {
    ServiceHours nights =
        new ServiceHours(
            Set.of(DayOfWeek.SUNDAY), LocalTime.of(1, 0), LocalTime.of(5, 0), List.of());
    Interval march = CalendarDays.month(YearMonth.of(2026, 3), PARIS);
    // Sundays of March 2026: 1, 8, 15, 22 (4 h each) and 29 (3 h): 19 h.
    assertThat(ServiceTime.counted(march, PARIS, nights).length()).isEqualTo(hours(19));
    Interval october = CalendarDays.month(YearMonth.of(2026, 10), PARIS);
    // Sundays of October 2026: 4, 11, 18 (4 h) and 25 (5 h), the 11th a holiday: 13 h.
    ServiceHours withHoliday =
        new ServiceHours(
            nights.days(), nights.from(), nights.to(), List.of(LocalDate.of(2026, 10, 11)));
    assertThat(ServiceTime.counted(october, PARIS, withHoliday).length()).isEqualTo(hours(13));
    // No service hours: the whole period.
    assertThat(ServiceTime.counted(october, PARIS, null).intervals()).containsExactly(october);
  }

  @Test
  void serviceHoursAreClippedToThePeriod() {
    ServiceHours office =
        new ServiceHours(
            Set.of(DayOfWeek.MONDAY), LocalTime.of(8, 0), LocalTime.of(19, 0), List.of());
    // From Monday 2 Nov 12:00 Paris to Monday 9 Nov 10:00: 7 h + 2 h.
    Interval period =
        new Interval(Fixtures.at("2026-11-02T12:00"), Fixtures.at("2026-11-09T10:00"));
    assertThat(ServiceTime.counted(period, PARIS, office).length()).isEqualTo(hours(9));
  }

  @Test
  void hoursThatEndBeforeTheyStartAreRefused() {
    ServiceHours wrong =
        new ServiceHours(
            Set.of(DayOfWeek.MONDAY), LocalTime.of(19, 0), LocalTime.of(8, 0), List.of());
    assertThatThrownBy(() -> ServiceTime.counted(Fixtures.NOVEMBER, PARIS, wrong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("from 19:00 to 08:00");
  }

  @Test
  void daysOf23And25HoursAndAZoneWithoutChanges() {
    List<CalendarDays.CalendarDay> march =
        CalendarDays.of(CalendarDays.month(YearMonth.of(2026, 3), PARIS), PARIS);
    assertThat(march).hasSize(31);
    assertThat(march.get(28).span().length()).isEqualTo(hours(23));
    List<CalendarDays.CalendarDay> october =
        CalendarDays.of(CalendarDays.month(YearMonth.of(2026, 10), PARIS), PARIS);
    assertThat(october.get(24).date()).isEqualTo(LocalDate.of(2026, 10, 25));
    assertThat(october.get(24).span().length()).isEqualTo(hours(25));
    ZoneId tokyo = ZoneId.of("Asia/Tokyo");
    assertThat(CalendarDays.month(YearMonth.of(2026, 3), tokyo).length()).isEqualTo(hours(744));
    // A period that is not whole days: its first and last days are partial.
    List<CalendarDays.CalendarDay> partial =
        CalendarDays.of(
            new Interval(Fixtures.at("2026-11-02T20:00"), Fixtures.at("2026-11-04T01:00")), PARIS);
    assertThat(partial)
        .extracting(d -> d.span().length())
        .containsExactly(hours(4), hours(24), hours(1));
  }
}
