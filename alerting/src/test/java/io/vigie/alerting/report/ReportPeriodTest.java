package io.vigie.alerting.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ReportPeriodTest {
  static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  static final Clock DEC_1 = Clock.fixed(Instant.parse("2026-12-01T00:30:00Z"), PARIS);

  @Test
  void aMonthRunsFromMidnightToMidnightInTheClientsZone() {
    Interval october = ReportPeriod.of("2026-10", null, null, PARIS, DEC_1);
    // October 2026 in Paris: UTC+2 until the 25th, UTC+1 after: 31 days and one hour.
    assertThat(october.from()).isEqualTo(Instant.parse("2026-09-30T22:00:00Z"));
    assertThat(october.to()).isEqualTo(Instant.parse("2026-10-31T23:00:00Z"));
    assertThat(october.length().toHours()).isEqualTo(745);
  }

  @Test
  void byDefaultTheLastWholeMonthInTheClientsZone() {
    // 00:30 UTC on December 1st is already December in Paris: November is the last whole month.
    assertThat(ReportPeriod.of(null, null, null, PARIS, DEC_1))
        .isEqualTo(ReportPeriod.of("2026-11", null, null, PARIS, DEC_1));
    // ...but still November in New York: October.
    ZoneId newYork = ZoneId.of("America/New_York");
    assertThat(ReportPeriod.of(null, null, null, newYork, DEC_1))
        .isEqualTo(ReportPeriod.of("2026-10", null, null, newYork, DEC_1));
  }

  @Test
  void daysIncludeTheLastOne() {
    Interval week = ReportPeriod.of(null, "2026-11-03", "2026-11-09", PARIS, DEC_1);
    assertThat(week.from()).isEqualTo(Instant.parse("2026-11-02T23:00:00Z"));
    assertThat(week.to()).isEqualTo(Instant.parse("2026-11-09T23:00:00Z"));
  }

  @Test
  void badInputNamesTheParameterAndTheValue() {
    assertThatThrownBy(() -> ReportPeriod.of("11/2026", null, null, PARIS, DEC_1))
        .hasMessage("month: a month as YYYY-MM, found \"11/2026\"");
    assertThatThrownBy(() -> ReportPeriod.of(null, "2026-11-03", null, PARIS, DEC_1))
        .hasMessage("to: needed with from");
    assertThatThrownBy(() -> ReportPeriod.of(null, "2026-11-03", "2026-02-30", PARIS, DEC_1))
        .hasMessage("to: a date as YYYY-MM-DD, found \"2026-02-30\"");
    assertThatThrownBy(() -> ReportPeriod.of(null, "2026-11-09", "2026-11-03", PARIS, DEC_1))
        .hasMessage("to: must not be before from (2026-11-09), found 2026-11-03");
    assertThatThrownBy(() -> ReportPeriod.of("2026-11", "2026-11-01", null, PARIS, DEC_1))
        .hasMessage("month: either a month or from/to dates, found both");
  }
}
