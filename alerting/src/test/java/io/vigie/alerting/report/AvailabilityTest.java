package io.vigie.alerting.report;

import static io.vigie.alerting.report.Fixtures.NOVEMBER;
import static io.vigie.alerting.report.Fixtures.PARIS;
import static io.vigie.alerting.report.Fixtures.at;
import static io.vigie.alerting.report.Fixtures.change;
import static io.vigie.alerting.report.Fixtures.concat;
import static io.vigie.alerting.report.Fixtures.contract;
import static io.vigie.alerting.report.Fixtures.hours;
import static io.vigie.alerting.report.Fixtures.input;
import static io.vigie.alerting.report.Fixtures.maintenance;
import static io.vigie.alerting.report.Fixtures.outage;
import static io.vigie.alerting.report.Fixtures.silence;
import static io.vigie.alerting.report.Fixtures.span;
import static io.vigie.alerting.report.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.vigie.alerting.status.Status;
import io.vigie.model.contract.ServiceHours;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hand-computed reports: each case's figures are derived in its comment, in hours, and compared to
 * the millisecond; every availability to 0.001 %. The period is November 2026 in Paris (720 h, no
 * clock change; the 1st is a Sunday) unless said otherwise; "up" is RUN and WARNING unless said.
 */
class AvailabilityTest {
  static final Interval MARCH = CalendarDays.month(YearMonth.of(2026, 3), PARIS);
  static final Interval OCTOBER = CalendarDays.month(YearMonth.of(2026, 10), PARIS);

  /** Monday to Friday 08:00–19:00, Armistice Day (Wednesday 11 November 2026) aside. */
  static final ServiceHours OFFICE =
      new ServiceHours(
          EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
          LocalTime.of(8, 0),
          LocalTime.of(19, 0),
          List.of(LocalDate.of(2026, 11, 11)));

  /** Expected client totals, in hours, and the availability in percent (NaN: nothing judged). */
  record Expect(
      double counted,
      double run,
      double warning,
      double error,
      double dead,
      double maintenance,
      double unknown,
      double availability) {}

  record Case(String name, ReportInput input, Expect expect) {
    @Override
    public String toString() {
      return name;
    }
  }

  // (1) Icinga reporting 248: the period starts before the target's first data point.
  // Added 11 Nov 00:00: 1–10 Nov = 240 h unknown (neither up nor down). Alive 480 h, of which
  // ERROR 20 Nov 10:00–12:00 = 2 h, RUN 478 h. Availability 478 / 480 = 99.583333 % (Icinga's
  // bug counted the 240 h as up, 718 / 720 = 99.72 %).
  static final ReportInput ICINGA_248 =
      input(
          contract(99.9),
          NOVEMBER,
          List.of(
              target(
                  "web",
                  at("2026-11-11T00:00"),
                  null,
                  outage(Status.ERROR, "2026-11-20T10:00", "2026-11-20T12:00"),
                  List.of())),
          List.of());

  // (2) Icinga 93: two targets. "db" all month, ERROR 1 h: RUN 719, ERROR 1. "web" watched only
  // from 21 Nov 00:00 (10 days = 240 h; 480 h unknown), DEAD 1 h: RUN 239, DEAD 1.
  // Per target 719/720 = 99.861111 % and 239/240 = 99.583333 %. Client = sums of durations:
  // up 719 + 239 = 958 over judged 720 + 240 = 960 = 99.791667 % (the average of the two
  // percentages, 99.722222 %, would weigh 10 days as much as 30). Counted 2 × 720 = 1440 h.
  static final ReportInput ICINGA_93 =
      input(
          contract(99.9),
          NOVEMBER,
          List.of(
              target("db", outage(Status.ERROR, "2026-11-05T10:00", "2026-11-05T11:00")),
              target(
                  "web",
                  at("2026-11-21T00:00"),
                  null,
                  outage(Status.DEAD, "2026-11-25T10:00", "2026-11-25T11:00"),
                  List.of())),
          List.of());

  // (3) idoreports 3: ERROR 10 Nov 10:00–14:00 (4 h); a maintenance window of the client
  // 11:00–13:00 takes 2 h out; a plain silence 13:00–14:00 takes nothing out. ERROR 2 h
  // (10–11, 13–14), maintenance 2 h, RUN 720 − 4 = 716. 716 / (720 − 2) = 99.721448 %.
  static final ReportInput MAINTENANCE_IN_OUTAGE =
      input(
          contract(99.9),
          NOVEMBER,
          List.of(target("web", outage(Status.ERROR, "2026-11-10T10:00", "2026-11-10T14:00"))),
          List.of(
              maintenance(null, "2026-11-10T11:00", "2026-11-10T13:00"),
              silence(null, "2026-11-10T13:00", "2026-11-10T14:00", false)));

  // (4) Unknown time. Stale 5 Nov 00:00–06:00 (6 h; the ERROR recorded 02:00–04:00 in it is not
  // believed). The service stopped 20 Nov 12:00–15:00 (a gap in evaluated) and the collector was
  // silent 14:00–16:00: unknown 12:00–16:00 = 4 h, once. ERROR 25 Nov 09:00–10:30 = 1.5 h.
  // Unknown 10 h, RUN 720 − 10 − 1.5 = 708.5; 708.5 / 710 = 99.788732 %.
  static final ReportInput UNKNOWN =
      input(
          contract(99.9),
          NOVEMBER,
          List.of(
              target(
                  "web",
                  at("2026-01-01T00:00"),
                  null,
                  concat(
                      outage(Status.ERROR, "2026-11-05T02:00", "2026-11-05T04:00"),
                      outage(Status.ERROR, "2026-11-25T09:00", "2026-11-25T10:30")),
                  List.of(
                      span("2026-11-05T00:00", "2026-11-05T06:00"),
                      span("2026-11-20T14:00", "2026-11-20T16:00")))),
          List.of(),
          List.of(
              new Interval(NOVEMBER.from(), at("2026-11-20T12:00")),
              new Interval(at("2026-11-20T15:00"), NOVEMBER.to())));

  // (5) March 2026 in Paris: 31 × 24 − 1 = 743 h (29 Mar, 02:00 CET → 03:00 CEST). DEAD from
  // 01:30 CET to 03:30 CEST, 1 h of real time: DEAD 1, RUN 742; 742 / 743 = 99.865410 %.
  static final ReportInput DST_MARCH =
      input(
          contract(99.9),
          MARCH,
          List.of(
              target(
                  "web",
                  List.of(
                      change(odt("2026-03-29T01:30+01:00"), Status.DEAD, "unreachable"),
                      change(odt("2026-03-29T03:30+02:00"), Status.RUN, "ok")))),
          List.of());

  // (5) October 2026: 31 × 24 + 1 = 745 h (25 Oct, 03:00 CEST → 02:00 CET). DEAD from 02:30 CEST
  // to 02:30 CET (the repeated half-hour twice), 1 h: DEAD 1, RUN 744; 744 / 745 = 99.865772 %.
  static final ReportInput DST_OCTOBER =
      input(
          contract(99.9),
          OCTOBER,
          List.of(
              target(
                  "web",
                  List.of(
                      change(odt("2026-10-25T02:30+02:00"), Status.DEAD, "unreachable"),
                      change(odt("2026-10-25T02:30+01:00"), Status.RUN, "ok")))),
          List.of());

  // (6) "new" added 17 Nov 10:00: unknown 16 × 24 + 10 = 394 h, alive 326 h, ERROR 18 Nov
  // 08:00–08:30 = 0.5 h, RUN 325.5 (99.846626 %). "old" removed 17 Nov 10:00: alive 394 h, DEAD
  // 3 Nov 10:00–12:00 = 2 h, RUN 392, unknown 326 (99.492386 %). Client: counted 1440, unknown
  // 394 + 326 = 720, RUN 717.5, ERROR 0.5, DEAD 2; 717.5 / 720 = 99.652778 %.
  static final ReportInput ADDED_ON_THE_17TH =
      input(
          contract(99.9),
          NOVEMBER,
          List.of(
              target(
                  "new",
                  at("2026-11-17T10:00"),
                  null,
                  outage(Status.ERROR, "2026-11-18T08:00", "2026-11-18T08:30"),
                  List.of()),
              target(
                  "old",
                  at("2026-01-01T00:00"),
                  at("2026-11-17T10:00"),
                  outage(Status.DEAD, "2026-11-03T10:00", "2026-11-03T12:00"),
                  List.of())),
          List.of());

  // (7) Service hours Mon–Fri 08:00–19:00: November has 21 weekdays (2–6, 9–13, 16–20, 23–27,
  // 30), less the 11th = 20 × 11 h = 220 h counted. ERROR Fri 13 18:00 → Mon 16 09:00 counts
  // Fri 18–19 and Mon 08–09 = 2 h; ERROR on the holiday 11 Nov 10:00–12:00 counts 0; ERROR Thu 12
  // 07:00–08:30 counts 08:00–08:30 = 0.5 h. ERROR 2.5, RUN 217.5; 217.5 / 220 = 98.863636 %.
  static final ReportInput OFFICE_HOURS =
      input(
          contract(99.5, OFFICE, true),
          NOVEMBER,
          List.of(
              target(
                  "web",
                  concat(
                      outage(Status.ERROR, "2026-11-13T18:00", "2026-11-16T09:00"),
                      outage(Status.ERROR, "2026-11-11T10:00", "2026-11-11T12:00"),
                      outage(Status.ERROR, "2026-11-12T07:00", "2026-11-12T08:30")))),
          List.of());

  // (8) WARNING 4 Nov 08:00–18:00 (10 h), then ERROR 18:00–20:00 (2 h), RUN 708.
  // warning_is_up false: up 708 / 720 = 98.333333 %; true: up 718 / 720 = 99.722222 %.
  static final List<TargetHistory> WARNED =
      List.of(
          target(
              "web",
              List.of(
                  change(at("2026-11-04T08:00"), Status.WARNING, "disk 85 %"),
                  change(at("2026-11-04T18:00"), Status.ERROR, "disk 95 %"),
                  change(at("2026-11-04T20:00"), Status.RUN, "ok"))));

  static final ReportInput WARNING_DOWN =
      input(contract(99.9, null, false), NOVEMBER, WARNED, List.of());
  static final ReportInput WARNING_UP = input(contract(99.9), NOVEMBER, WARNED, List.of());

  // (9) SLO 99.9 % over 720 h judged: budget 720 h × 0.001 = 0.72 h = 43 min 12 s. Down exactly
  // 43 min 12 s: RUN 719.28, ERROR 0.72, availability 99.9 % exactly: kept.
  static final ReportInput SLO_JUST_KEPT =
      input(
          contract(99.9),
          NOVEMBER,
          List.of(target("web", outage(Status.ERROR, "2026-11-10T10:00", "2026-11-10T10:43:12"))),
          List.of());

  // Down 43 min 13 s = 2593 s of 2 592 000 s: up 2 589 407 s, 99.899961 %: not kept.
  static final ReportInput SLO_MISSED =
      input(
          contract(99.9),
          NOVEMBER,
          List.of(target("web", outage(Status.ERROR, "2026-11-10T10:00", "2026-11-10T10:43:13"))),
          List.of());

  // The whole month in maintenance: nothing judged, availability NaN, the SLO kept.
  static final ReportInput ALL_MAINTENANCE =
      input(
          contract(99.9),
          NOVEMBER,
          List.of(target("web", outage(Status.DEAD, "2026-11-10T10:00", "2026-11-10T12:00"))),
          List.of(maintenance("web", "2026-10-20T00:00", "2026-12-10T00:00")));

  // (11) "a": ERROR 2 Nov 10:00–13:00 with its own maintenance 11:00–12:00: ERROR 2, maint 1.
  // "b": DEAD 2 Nov 10:00–11:00: DEAD 1. "c": ERROR 20 Nov 00:00–02:00 then DEAD 02:00–05:00
  // (ERROR 2, DEAD 3), and nine 10-minute ERRORs on 21 Nov at 00:00 … 08:00 (ERROR 1.5).
  // Client: counted 3 × 720 = 2160, maint 1, ERROR 2 + 2 + 1.5 = 5.5, DEAD 1 + 3 = 4,
  // RUN 2160 − 1 − 5.5 − 4 = 2149.5; 2149.5 / 2159 = 99.559981 %.
  static final ReportInput INCIDENTS = incidentsCase();

  static ReportInput incidentsCase() {
    List<TargetHistory.Change> c =
        new ArrayList<>(
            List.of(
                change(at("2026-11-20T00:00"), Status.ERROR, "disk full"),
                change(at("2026-11-20T02:00"), Status.DEAD, "unreachable"),
                change(at("2026-11-20T05:00"), Status.RUN, "ok")));
    for (int h = 0; h < 9; h++) {
      String from = String.format("2026-11-21T%02d:00", h);
      String to = String.format("2026-11-21T%02d:10", h);
      c.addAll(outage(Status.ERROR, from, to));
    }
    return input(
        contract(99.9),
        NOVEMBER,
        List.of(
            target("c", c),
            target("a", outage(Status.ERROR, "2026-11-02T10:00", "2026-11-02T13:00")),
            target("b", outage(Status.DEAD, "2026-11-02T10:00", "2026-11-02T11:00"))),
        List.of(maintenance("a", "2026-11-02T11:00", "2026-11-02T12:00")));
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("1 icinga 248", ICINGA_248, new Expect(720, 478, 0, 2, 0, 0, 240, 99.583333)),
        new Case("2 icinga 93", ICINGA_93, new Expect(1440, 958, 0, 1, 1, 0, 480, 99.791667)),
        new Case(
            "3 idoreports 3",
            MAINTENANCE_IN_OUTAGE,
            new Expect(720, 716, 0, 2, 0, 2, 0, 99.721448)),
        new Case("4 unknown", UNKNOWN, new Expect(720, 708.5, 0, 1.5, 0, 0, 10, 99.788732)),
        new Case("5 March", DST_MARCH, new Expect(743, 742, 0, 0, 1, 0, 0, 99.865410)),
        new Case("5 October", DST_OCTOBER, new Expect(745, 744, 0, 0, 1, 0, 0, 99.865772)),
        new Case(
            "6 the 17th", ADDED_ON_THE_17TH, new Expect(1440, 717.5, 0, 0.5, 2, 0, 720, 99.652778)),
        new Case(
            "7 office hours", OFFICE_HOURS, new Expect(220, 217.5, 0, 2.5, 0, 0, 0, 98.863636)),
        new Case("8 warning down", WARNING_DOWN, new Expect(720, 708, 10, 2, 0, 0, 0, 98.333333)),
        new Case("8 warning up", WARNING_UP, new Expect(720, 708, 10, 2, 0, 0, 0, 99.722222)),
        new Case("9 SLO kept", SLO_JUST_KEPT, new Expect(720, 719.28, 0, 0.72, 0, 0, 0, 99.9)),
        new Case(
            "9 SLO missed",
            SLO_MISSED,
            new Expect(720, 720 - 2593 / 3600.0, 0, 2593 / 3600.0, 0, 0, 0, 99.899961)),
        new Case(
            "9 all maintenance", ALL_MAINTENANCE, new Expect(720, 0, 0, 0, 0, 720, 0, Double.NaN)),
        new Case("11 incidents", INCIDENTS, new Expect(2160, 2149.5, 0, 5.5, 4, 1, 0, 99.559981)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theClientTotalsAreTheHandComputedOnes(Case c) {
    ClientReport report = Availability.report(c.input());
    Figures f = report.total();
    Expect e = c.expect();
    assertThat(f.counted()).as("counted").isEqualTo(hours(e.counted()));
    assertThat(f.run()).as("run").isEqualTo(hours(e.run()));
    assertThat(f.warning()).as("warning").isEqualTo(hours(e.warning()));
    assertThat(f.error()).as("error").isEqualTo(hours(e.error()));
    assertThat(f.dead()).as("dead").isEqualTo(hours(e.dead()));
    assertThat(f.maintenance()).as("maintenance").isEqualTo(hours(e.maintenance()));
    assertThat(f.unknown()).as("unknown").isEqualTo(hours(e.unknown()));
    assertAvailability(f, e.availability());
    // Every counted instant has one category, for the client and for each target.
    assertThat(sum(f)).isEqualTo(f.counted());
    for (ClientReport.TargetReport line : report.targets()) {
      assertThat(sum(line.figures())).as(line.target()).isEqualTo(line.figures().counted());
    }
    // And the days add up to the period.
    assertThat(
            report.days().stream()
                .map(d -> d.figures().counted())
                .reduce(Duration.ZERO, Duration::plus))
        .isEqualTo(f.counted());
  }

  @Test
  void icinga248TheTimeBeforeTheTargetExistedIsUnknownNotUpNorDown() {
    ClientReport report = Availability.report(ICINGA_248);
    Figures day5 = day(report, 5);
    // 5 Nov: the target did not exist yet, 24 h unknown, nothing judged.
    assertThat(day5.counted()).isEqualTo(hours(24));
    assertThat(day5.unknown()).isEqualTo(hours(24));
    assertThat(day5.availability()).isNaN();
    // 20 Nov: ERROR 2 of 24 h: 22 / 24 = 91.666667 %.
    assertAvailability(day(report, 20), 91.666667);
    assertThat(report.incidents())
        .containsExactly(
            new ClientReport.Incident(
                "web",
                at("2026-11-20T10:00"),
                at("2026-11-20T12:00"),
                Status.ERROR,
                "check-error",
                "cause 2026-11-20T10:00"));
  }

  @Test
  void icinga93TheClientFigureIsTheSumOfDurationsNotTheAverageOfPercentages() {
    ClientReport report = Availability.report(ICINGA_93);
    Map<String, Figures> byTarget = byTarget(report);
    assertAvailability(byTarget.get("db"), 99.861111);
    assertAvailability(byTarget.get("web"), 99.583333);
    assertThat(byTarget.get("web").unknown()).isEqualTo(hours(480));
    assertThat(report.total().availability()).isNotCloseTo(99.722222, within(0.01));
  }

  @Test
  void idoreports3TheOverlapOfAMaintenanceAndAnOutageIsMaintenanceAndAPlainSilenceIsNot() {
    ClientReport report = Availability.report(MAINTENANCE_IN_OUTAGE);
    assertThat(report.maintenance()).containsExactly(span("2026-11-10T11:00", "2026-11-10T13:00"));
    // The outage is cut in two by the maintenance window: 10–11 and 13–14, each its cause.
    assertThat(report.incidents())
        .extracting(ClientReport.Incident::from, ClientReport.Incident::to)
        .containsExactly(
            tuple(at("2026-11-10T10:00"), at("2026-11-10T11:00")),
            tuple(at("2026-11-10T13:00"), at("2026-11-10T14:00")));
    assertThat(report.incidents()).allMatch(i -> i.cause().equals("cause 2026-11-10T10:00"));
  }

  @Test
  void dstMonthsHave743And745HoursAndTheirDaysOf23And25Hours() {
    ClientReport march = Availability.report(DST_MARCH);
    assertThat(march.days()).hasSize(31);
    // (10) 29 March: 23 h, DEAD 1: 22 / 23 = 95.652174 %; the day before: 24 h, 100 %.
    Figures changeDay = march.days().get(28).figures();
    assertThat(march.days().get(28).date()).isEqualTo(LocalDate.of(2026, 3, 29));
    assertThat(changeDay.counted()).isEqualTo(hours(23));
    assertThat(changeDay.dead()).isEqualTo(hours(1));
    assertAvailability(changeDay, 95.652174);
    assertThat(march.days().get(27).figures().counted()).isEqualTo(hours(24));
    assertAvailability(march.days().get(27).figures(), 100);

    ClientReport october = Availability.report(DST_OCTOBER);
    // 25 October: 25 h, DEAD 1: 24 / 25 = 96 %.
    Figures back = october.days().get(24).figures();
    assertThat(back.counted()).isEqualTo(hours(25));
    assertAvailability(back, 96);
    assertThat(october.incidents())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.length()).isEqualTo(hours(1));
              assertThat(i.status()).isEqualTo(Status.DEAD);
            });
  }

  @Test
  void aTargetAddedOrRemovedOnThe17thCountsFromOrUntilThatMoment() {
    ClientReport report = Availability.report(ADDED_ON_THE_17TH);
    Map<String, Figures> byTarget = byTarget(report);
    Figures added = byTarget.get("new");
    assertThat(added.counted()).isEqualTo(hours(720));
    assertThat(added.unknown()).isEqualTo(hours(394));
    assertThat(added.judged()).isEqualTo(hours(326));
    assertAvailability(added, 99.846626);
    Figures removed = byTarget.get("old");
    assertThat(removed.unknown()).isEqualTo(hours(326));
    assertThat(removed.judged()).isEqualTo(hours(394));
    assertAvailability(removed, 99.492386);
    // 17 Nov: "new" unknown 00–10, RUN 10–24; "old" RUN 00–10, unknown 10–24: 24 h each way.
    Figures day17 = day(report, 17);
    assertThat(day17.counted()).isEqualTo(hours(48));
    assertThat(day17.unknown()).isEqualTo(hours(24));
    assertThat(day17.run()).isEqualTo(hours(24));
  }

  @Test
  void serviceHoursCountOnlyWorkingHoursAndAnOutageOverTheWeekendIsTwoIncidents() {
    ClientReport report = Availability.report(OFFICE_HOURS);
    // Fri 13: 11 h, ERROR 18–19: 10 / 11 = 90.909091 %. Sat 14 and the holiday: nothing counted.
    assertThat(day(report, 13).counted()).isEqualTo(hours(11));
    assertAvailability(day(report, 13), 90.909091);
    assertThat(day(report, 14).counted()).isZero();
    assertThat(day(report, 14).availability()).isNaN();
    assertThat(day(report, 11).counted()).isZero();
    // Two incidents of 1 h (tied, by start) then the half hour; Monday's has Friday's cause.
    assertThat(report.incidents())
        .extracting(
            ClientReport.Incident::from, ClientReport.Incident::to, ClientReport.Incident::cause)
        .containsExactly(
            tuple(at("2026-11-13T18:00"), at("2026-11-13T19:00"), "cause 2026-11-13T18:00"),
            tuple(at("2026-11-16T08:00"), at("2026-11-16T09:00"), "cause 2026-11-13T18:00"),
            tuple(at("2026-11-12T08:00"), at("2026-11-12T08:30"), "cause 2026-11-12T07:00"));
    // SLO 99.5 %: budget 220 h × 0.005 = 1.1 h = 66 min, used 2.5 h: missed.
    assertThat(report.budget()).isEqualTo(Duration.ofMinutes(66));
    assertThat(report.budgetUsed()).isEqualTo(hours(2.5));
    assertThat(report.sloKept()).isFalse();
  }

  @Test
  void whenWarningIsNotUpAWarningStartsTheIncident() {
    // warning_is_up false: one incident 08:00–20:00 (12 h), started by the WARNING.
    assertThat(Availability.report(WARNING_DOWN).incidents())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.from()).isEqualTo(at("2026-11-04T08:00"));
              assertThat(i.length()).isEqualTo(hours(12));
              assertThat(i.status()).isEqualTo(Status.WARNING);
              assertThat(i.cause()).isEqualTo("disk 85 %");
            });
    assertThat(Availability.report(WARNING_DOWN).budgetUsed()).isEqualTo(hours(12));
    // true: the incident is the ERROR only, 18:00–20:00.
    assertThat(Availability.report(WARNING_UP).incidents())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.from()).isEqualTo(at("2026-11-04T18:00"));
              assertThat(i.length()).isEqualTo(hours(2));
              assertThat(i.status()).isEqualTo(Status.ERROR);
            });
  }

  @Test
  void theSloIsKeptAtExactlyItsFigureAndTheBudgetIsTheDownTimeItAllows() {
    ClientReport kept = Availability.report(SLO_JUST_KEPT);
    assertThat(kept.budget()).isEqualTo(Duration.ofMinutes(43).plusSeconds(12));
    assertThat(kept.budgetUsed()).isEqualTo(Duration.ofMinutes(43).plusSeconds(12));
    assertThat(kept.sloKept()).isTrue();

    ClientReport missed = Availability.report(SLO_MISSED);
    assertThat(missed.budget()).isEqualTo(Duration.ofMinutes(43).plusSeconds(12));
    assertThat(missed.budgetUsed()).isEqualTo(Duration.ofMinutes(43).plusSeconds(13));
    assertThat(missed.sloKept()).isFalse();

    ClientReport nothing = Availability.report(ALL_MAINTENANCE);
    assertThat(nothing.sloKept()).isTrue();
    assertThat(nothing.budget()).isZero();
    assertThat(nothing.budgetUsed()).isZero();
    assertThat(nothing.maintenance()).containsExactly(NOVEMBER);

    // With 10 h unknown (case 4) the budget is over 710 h judged: 0.71 h = 42 min 36 s; used 1.5 h.
    ClientReport unknown = Availability.report(UNKNOWN);
    assertThat(unknown.budget()).isEqualTo(Duration.ofMinutes(42).plusSeconds(36));
    assertThat(unknown.budgetUsed()).isEqualTo(hours(1.5));
    assertThat(unknown.sloKept()).isFalse();
  }

  @Test
  void incidentsAreTheTenLongestLongestFirstTiesByStartThenTarget() {
    ClientReport report = Availability.report(INCIDENTS);
    assertThat(report.incidents()).hasSize(10);
    List<String> lines =
        report.incidents().stream()
            .map(
                i ->
                    i.target()
                        + " "
                        + i.from().atZone(PARIS).toLocalDateTime()
                        + " "
                        + i.length()
                        + " "
                        + i.status())
            .collect(Collectors.toList());
    // c's 5 h: ERROR then DEAD without a break, one incident with the ERROR's status. Then the
    // three 1-hour ones: a and b both at 2 Nov 10:00 (a first), a's second part after its
    // maintenance at 12:00. Then six of c's nine 10-minute ones, by start.
    assertThat(lines)
        .containsExactly(
            "c 2026-11-20T00:00 PT5H ERROR",
            "a 2026-11-02T10:00 PT1H ERROR",
            "b 2026-11-02T10:00 PT1H DEAD",
            "a 2026-11-02T12:00 PT1H ERROR",
            "c 2026-11-21T00:00 PT10M ERROR",
            "c 2026-11-21T01:00 PT10M ERROR",
            "c 2026-11-21T02:00 PT10M ERROR",
            "c 2026-11-21T03:00 PT10M ERROR",
            "c 2026-11-21T04:00 PT10M ERROR",
            "c 2026-11-21T05:00 PT10M ERROR");
    assertThat(report.incidents().get(0).cause()).isEqualTo("disk full");
    assertThat(report.targets())
        .extracting(ClientReport.TargetReport::target)
        .containsExactly("a", "b", "c");
    assertThat(report.maintenance()).containsExactly(span("2026-11-02T11:00", "2026-11-02T12:00"));
  }

  @Test
  void aReRunGivesTheSameReportWhateverTheOrderOfItsInput() {
    List<TargetHistory> reversed = new ArrayList<>(INCIDENTS.targets());
    Collections.reverse(reversed);
    ReportInput shuffled =
        new ReportInput(
            INCIDENTS.client(),
            INCIDENTS.clientName(),
            INCIDENTS.language(),
            INCIDENTS.zone(),
            INCIDENTS.contract(),
            INCIDENTS.period(),
            reversed,
            INCIDENTS.silences(),
            INCIDENTS.evaluated());
    ClientReport a = Availability.report(INCIDENTS);
    ClientReport b = Availability.report(shuffled);
    assertThat(b.total()).isEqualTo(a.total());
    assertThat(b.targets()).isEqualTo(a.targets());
    assertThat(b.days()).isEqualTo(a.days());
    assertThat(b.incidents()).isEqualTo(a.incidents());
    assertThat(Availability.report(INCIDENTS)).isEqualTo(a);
  }

  @Test
  void fiftyTargetsChangingEveryTenMinutesForAMonth() {
    // 50 targets × 4320 changes (RUN and ERROR alternating every 10 min) over November: each is
    // half ERROR, so the client is at 50 %. Not timed, only printed, to see it stays fast.
    List<TargetHistory> targets = new ArrayList<>();
    for (int t = 0; t < 50; t++) {
      List<TargetHistory.Change> changes = new ArrayList<>();
      Instant at = NOVEMBER.from();
      for (int k = 0; at.isBefore(NOVEMBER.to()); k++, at = at.plus(Duration.ofMinutes(10))) {
        changes.add(change(at, k % 2 == 0 ? Status.ERROR : Status.RUN, "flap " + k));
      }
      targets.add(target(String.format("t%02d", t), changes));
    }
    ReportInput big = input(contract(99.9), NOVEMBER, targets, List.of());
    long start = System.nanoTime();
    ClientReport report = Availability.report(big);
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("report of 50 targets × 4320 changes: %d ms%n", millis);
    assertAvailability(report.total(), 50);
    assertThat(report.total().counted()).isEqualTo(hours(50 * 720));
    assertThat(report.incidents())
        .hasSize(10)
        .allMatch(i -> i.length().equals(Duration.ofMinutes(10)));
  }

  static Instant odt(String offsetDateTime) {
    return OffsetDateTime.parse(offsetDateTime).toInstant();
  }

  static Figures day(ClientReport report, int dayOfMonth) {
    return report.days().stream()
        .filter(d -> d.date().getDayOfMonth() == dayOfMonth)
        .findFirst()
        .orElseThrow()
        .figures();
  }

  static Map<String, Figures> byTarget(ClientReport report) {
    return report.targets().stream()
        .collect(
            Collectors.toMap(
                ClientReport.TargetReport::target, ClientReport.TargetReport::figures));
  }

  static Duration sum(Figures f) {
    return f.run()
        .plus(f.warning())
        .plus(f.error())
        .plus(f.dead())
        .plus(f.maintenance())
        .plus(f.unknown());
  }

  static void assertAvailability(Figures figures, double percent) {
    if (Double.isNaN(percent)) {
      assertThat(figures.availability()).isNaN();
    } else {
      assertThat(figures.availability()).isCloseTo(percent, within(0.0005));
    }
  }
}
