package io.vigie.alerting.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class MonthlyScheduleTest {
  static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  static final MonthlySchedule AT_EIGHT = new MonthlySchedule(8);
  static final Instant LONG_AGO = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void dueFromTheFirstAtTheHourInTheClientsZone() {
    // 2026-12-01 08:00 in Paris is 07:00 UTC (winter time, UTC+1).
    assertThat(AT_EIGHT.sendAt(YearMonth.of(2026, 11), PARIS))
        .isEqualTo(Instant.parse("2026-12-01T07:00:00Z"));
    // One minute before: November's is not due yet, October's was (long queued: the outbox's key).
    assertThat(AT_EIGHT.due(Instant.parse("2026-12-01T06:59:00Z"), PARIS, LONG_AGO))
        .isEqualTo(YearMonth.of(2026, 10));
    assertThat(AT_EIGHT.due(Instant.parse("2026-12-01T07:00:00Z"), PARIS, LONG_AGO))
        .isEqualTo(YearMonth.of(2026, 11));
    // Stopped at the hour, started on the 3rd: still November's, until January's 1st.
    assertThat(AT_EIGHT.due(Instant.parse("2026-12-03T15:00:00Z"), PARIS, LONG_AGO))
        .isEqualTo(YearMonth.of(2026, 11));
    assertThat(AT_EIGHT.due(Instant.parse("2027-01-01T07:00:00Z"), PARIS, LONG_AGO))
        .isEqualTo(YearMonth.of(2026, 12));
  }

  @Test
  void aMonthEndedBeforeTheServiceEverEvaluatedIsNotReported() {
    Instant installed = Instant.parse("2026-12-10T09:00:00Z");
    assertThat(AT_EIGHT.due(Instant.parse("2026-12-10T10:00:00Z"), PARIS, installed)).isNull();
    assertThat(AT_EIGHT.due(Instant.parse("2026-12-10T10:00:00Z"), PARIS, null)).isNull();
    // Its first month, December, is reported on January's 1st.
    assertThat(AT_EIGHT.due(Instant.parse("2027-01-01T07:00:00Z"), PARIS, installed))
        .isEqualTo(YearMonth.of(2026, 12));
  }

  @Test
  void theZoneDecidesWhichMonthHasEnded() {
    // 2026-11-30 23:30 UTC is already 1 December 00:30 in Paris: with the hour 0, November's is due
    // there, not yet in UTC.
    MonthlySchedule midnight = new MonthlySchedule(0);
    Instant now = Instant.parse("2026-11-30T23:30:00Z");
    assertThat(midnight.due(now, PARIS, LONG_AGO)).isEqualTo(YearMonth.of(2026, 11));
    assertThat(midnight.due(now, ZoneId.of("UTC"), LONG_AGO)).isEqualTo(YearMonth.of(2026, 10));
  }

  @Test
  void anHourOutOfTheDayIsRefused() {
    assertThatThrownBy(() -> new MonthlySchedule(24)).hasMessageContaining("0 to 23, found 24");
  }
}
