package io.vigie.alerting.report;

import io.vigie.alerting.status.Silence;
import io.vigie.alerting.status.Status;
import io.vigie.model.contract.Contract;
import io.vigie.model.contract.ServiceHours;
import io.vigie.model.inventory.Language;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Builders for the hand-computed report cases: times are written on a Paris wall clock. */
final class Fixtures {
  static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  static final String CLIENT = "acme";

  /** November 2026 in Paris: no clock change, 30 days of 24 h = 720 h. */
  static final Interval NOVEMBER = CalendarDays.month(YearMonth.of(2026, 11), PARIS);

  private Fixtures() {}

  /** An instant from a Paris local date-time, as "2026-11-17T10:00". */
  static Instant at(String local) {
    return LocalDateTime.parse(local).atZone(PARIS).toInstant();
  }

  static Interval span(String from, String to) {
    return new Interval(at(from), at(to));
  }

  static Duration hours(double h) {
    return Duration.ofMillis(Math.round(h * 3_600_000));
  }

  static Contract contract(double slo) {
    return new Contract(slo, List.of(), null, true);
  }

  static Contract contract(double slo, ServiceHours hours, boolean warningIsUp) {
    return new Contract(slo, List.of(), hours, warningIsUp);
  }

  static TargetHistory.Change change(Instant at, Status to, String cause) {
    return new TargetHistory.Change(at, to, "check-" + to.name().toLowerCase(), cause);
  }

  /** A status from one local time to another, then back to RUN. */
  static List<TargetHistory.Change> outage(Status status, String from, String to) {
    return List.of(change(at(from), status, "cause " + from), change(at(to), Status.RUN, "ok"));
  }

  /** A target watched the whole period unless said otherwise, RUN but for its outages. */
  static TargetHistory target(String id, List<TargetHistory.Change> changes) {
    return target(id, Instant.parse("2026-01-01T00:00:00Z"), null, changes, List.of());
  }

  static TargetHistory target(
      String id,
      Instant added,
      Instant removed,
      List<TargetHistory.Change> changes,
      List<Interval> stale) {
    List<TargetHistory.Change> sorted = new ArrayList<>(changes);
    sorted.sort(Comparator.comparing(TargetHistory.Change::at));
    return new TargetHistory(id, "ssh", added, removed, Status.RUN, sorted, stale);
  }

  @SafeVarargs
  static <T> List<T> concat(List<T>... parts) {
    List<T> all = new ArrayList<>();
    for (List<T> part : parts) {
      all.addAll(part);
    }
    return all;
  }

  /** A maintenance window of one target, or of the whole client when target is null. */
  static Silence maintenance(String target, String from, String to) {
    return silence(target, from, to, true);
  }

  static Silence silence(String target, String from, String to, boolean maintenance) {
    return new Silence(
        "s-" + from,
        target,
        CLIENT,
        at(from),
        at(to),
        "noc",
        maintenance ? "planned work" : "known problem",
        Instant.parse("2026-10-01T00:00:00Z"),
        maintenance);
  }

  /** A report input whose service evaluated the whole period. */
  static ReportInput input(
      Contract contract, Interval period, List<TargetHistory> targets, List<Silence> silences) {
    return input(contract, period, targets, silences, List.of(period));
  }

  static ReportInput input(
      Contract contract,
      Interval period,
      List<TargetHistory> targets,
      List<Silence> silences,
      List<Interval> evaluated) {
    return new ReportInput(
        CLIENT, "ACME", Language.EN, PARIS, contract, period, targets, silences, evaluated);
  }
}
