package io.vigie.alerting.report;

import static io.vigie.alerting.report.Fixtures.change;
import static io.vigie.alerting.report.Fixtures.hours;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vigie.alerting.status.Status;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentsTest {
  static final Instant T0 = Instant.parse("2026-11-02T00:00:00Z");

  static Instant h(double hours) {
    return T0.plus(hours(hours));
  }

  static TargetTime time(IntervalSet counted, List<TargetHistory.Change> changes) {
    TargetHistory history =
        new TargetHistory("web", "ssh", T0, null, Status.RUN, changes, List.of());
    return TargetTime.of(history, counted, IntervalSet.empty(), counted);
  }

  @Test
  void aBreakInTheCountedTimeCutsAnIncidentAndBothPartsKeepTheCause() {
    // Counted 0–5 h and 6–10 h; DEAD 2–8 h: incidents 2–5 and 6–8, both "cable".
    IntervalSet counted =
        IntervalSet.of(List.of(new Interval(h(0), h(5)), new Interval(h(6), h(10))));
    TargetTime time =
        time(counted, List.of(change(h(2), Status.DEAD, "cable"), change(h(8), Status.RUN, "ok")));
    assertThat(Incidents.of(time, true))
        .extracting(
            ClientReport.Incident::from, ClientReport.Incident::to, ClientReport.Incident::cause)
        .containsExactly(tuple(h(2), h(5), "cable"), tuple(h(6), h(8), "cable"));
  }

  @Test
  void aWarningJoinsTheIncidentOnlyWhenItIsNotUp() {
    IntervalSet counted = IntervalSet.of(new Interval(h(0), h(10)));
    List<TargetHistory.Change> changes =
        List.of(
            change(h(1), Status.ERROR, "e"),
            change(h(2), Status.WARNING, "w"),
            change(h(3), Status.DEAD, "d"),
            change(h(4), Status.RUN, "ok"));
    // Up: ERROR 1–2 and DEAD 3–4 are two incidents; not up: one, 1–4, started by the ERROR.
    assertThat(Incidents.of(time(counted, changes), true))
        .extracting(ClientReport.Incident::from, ClientReport.Incident::status)
        .containsExactly(tuple(h(1), Status.ERROR), tuple(h(3), Status.DEAD));
    assertThat(Incidents.of(time(counted, changes), false))
        .extracting(
            ClientReport.Incident::from, ClientReport.Incident::to, ClientReport.Incident::status)
        .containsExactly(tuple(h(1), h(4), Status.ERROR));
  }

  @Test
  void anIncidentUnderwayAtTheStartHasTheInitialStatusAndNoCause() {
    TargetHistory history =
        new TargetHistory(
            "web",
            "ssh",
            T0,
            null,
            Status.DEAD,
            List.of(change(h(3), Status.RUN, "ok")),
            List.of());
    IntervalSet counted = IntervalSet.of(new Interval(h(1), h(10)));
    assertThat(Incidents.of(TargetTime.of(history, counted, IntervalSet.empty(), counted), true))
        .containsExactly(new ClientReport.Incident("web", h(1), h(3), Status.DEAD, "", ""));
  }
}
