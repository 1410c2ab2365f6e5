package io.vigie.alerting.report;

import io.vigie.alerting.status.Status;
import io.vigie.model.contract.Contract;
import io.vigie.model.inventory.Language;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Reports built by hand, as {@link Availability#report} would give them, for the renderers' tests
 * and the endpoints' (which serve them through a fixed {@link Reports}).
 *
 * <p>November 2026 in Europe/Paris (30 days of 24 h: the clock changed on October 25), two targets:
 *
 * <ul>
 *   <li>web1: 720 h counted, 2 h maintenance, 600 s WARNING (up), 1,385 s ERROR on the 3rd;
 *   <li>db1: 720 h counted, 30 min unknown, 1,000 s DEAD on the 17th.
 * </ul>
 *
 * Judged = 1,440 h − 2 h − 0.5 h = 1,437.5 h = 5,175,000 s; down = 2,385 s; availability = 1 −
 * 2,385 / 5,175,000 = 99.953913 % → "99.954 %". SLO 99.9 %: budget = 0.1 % of 5,175,000 s = 5,175 s
 * (1 h 26 min); used 2,385 s (39 min 45 s, 46.087 % of it); left 2,790 s (46 min 30 s).
 */
public final class ReportSamples {
  public static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  public static final Interval NOVEMBER = ReportPeriod.month(YearMonth.of(2026, 11), PARIS);

  private ReportSamples() {}

  /** The sample report, with its targets and cause as given (to try hostile ones). */
  public static ClientReport november(
      Language language, String clientName, String web, String cause) {
    Duration month = Duration.ofHours(720);
    Figures webFigures =
        figures(
            month,
            month.minusHours(2).minusSeconds(1385 + 600),
            600,
            1385,
            0,
            Duration.ofHours(2),
            Duration.ZERO);
    Figures dbFigures =
        figures(
            month,
            month.minusMinutes(30).minusSeconds(1000),
            0,
            0,
            1000,
            Duration.ZERO,
            Duration.ofMinutes(30));
    List<ClientReport.Day> days = new ArrayList<>();
    for (int d = 1; d <= 30; d++) {
      Duration day = Duration.ofHours(48);
      long warning = d == 10 ? 600 : 0;
      long error = d == 3 ? 1385 : 0;
      long dead = d == 17 ? 1000 : 0;
      Duration maintenance = d == 20 ? Duration.ofHours(2) : Duration.ZERO;
      Duration unknown = d == 25 ? Duration.ofMinutes(30) : Duration.ZERO;
      Duration run = day.minus(maintenance).minus(unknown).minusSeconds(warning + error + dead);
      days.add(
          new ClientReport.Day(
              LocalDate.of(2026, 11, d),
              figures(day, run, warning, error, dead, maintenance, unknown)));
    }
    Instant error = Instant.parse("2026-11-03T13:05:00Z");
    Instant dead = Instant.parse("2026-11-17T08:00:00Z");
    ReportInput input =
        new ReportInput(
            "acme",
            clientName,
            language,
            PARIS,
            new Contract(99.9, List.of(), null, true),
            NOVEMBER,
            List.of(),
            List.of(),
            List.of(NOVEMBER));
    return new ClientReport(
        input,
        figures(
            month.multipliedBy(2),
            webFigures.run().plus(dbFigures.run()),
            600,
            1385,
            1000,
            Duration.ofHours(2),
            Duration.ofMinutes(30)),
        true,
        Duration.ofSeconds(5175),
        Duration.ofSeconds(2385),
        List.of(
            new ClientReport.TargetReport("db1", "local", dbFigures),
            new ClientReport.TargetReport(web, "http", webFigures)),
        days,
        List.of(
            new ClientReport.Incident(
                web, error, error.plusSeconds(1385), Status.ERROR, "http", cause),
            new ClientReport.Incident(
                "db1", dead, dead.plusSeconds(1000), Status.DEAD, "poll", "no data for 16 min")),
        List.of(
            new Interval(
                Instant.parse("2026-11-20T06:00:00Z"), Instant.parse("2026-11-20T08:00:00Z"))));
  }

  /** The sample in a language, with plain ids. */
  public static ClientReport november(Language language) {
    return november(language, "ACME Industries", "web1", "HTTP 503 on /health");
  }

  /** A report whose whole period was unknown: nothing judged. */
  public static ClientReport nothingJudged(Language language) {
    Duration month = Duration.ofHours(720);
    Figures unknown = figures(month, Duration.ZERO, 0, 0, 0, Duration.ZERO, month);
    ReportInput input =
        new ReportInput(
            "acme",
            "ACME",
            language,
            PARIS,
            new Contract(99.5, List.of(), null, false),
            NOVEMBER,
            List.of(),
            List.of(),
            List.of());
    return new ClientReport(
        input,
        unknown,
        true,
        Duration.ZERO,
        Duration.ZERO,
        List.of(new ClientReport.TargetReport("web1", "http", unknown)),
        List.of(new ClientReport.Day(LocalDate.of(2026, 11, 1), unknown)),
        List.of(),
        List.of());
  }

  static Figures figures(
      Duration counted,
      Duration run,
      long warning,
      long error,
      long dead,
      Duration maintenance,
      Duration unknown) {
    return new Figures(
        counted,
        run,
        Duration.ofSeconds(warning),
        Duration.ofSeconds(error),
        Duration.ofSeconds(dead),
        maintenance,
        unknown,
        true);
  }
}
