package io.vigie.alerting.report;

import static io.vigie.alerting.report.Fixtures.NOVEMBER;
import static io.vigie.alerting.report.Fixtures.at;
import static io.vigie.alerting.report.Fixtures.hours;
import static io.vigie.alerting.report.Fixtures.outage;
import static io.vigie.alerting.report.Fixtures.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigie.alerting.status.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The precedence: outside the life, then maintenance, then unknown, then the status. */
class TargetTimeTest {
  static final IntervalSet ALL = IntervalSet.of(NOVEMBER);

  @Test
  void eachCountedInstantHasOneCategoryInOrderOfPrecedence() {
    // Added 10 Nov 00:00. DEAD 9 Nov 12:00 – 10 Nov 06:00. Maintenance 9 Nov 00:00 – 10 Nov
    // 02:00. Stale 10 Nov 01:00–04:00. On 9–10 Nov (48 h): unknown before the life 24 h (the
    // maintenance before it does not count as maintenance), maintenance 00:00–02:00 (2 h, the
    // stale hour 01–02 in it), unknown stale 02:00–04:00 (2 h), DEAD 04:00–06:00 (2 h), RUN 18 h.
    TargetHistory history =
        new TargetHistory(
            "web",
            "ssh",
            at("2026-11-10T00:00"),
            null,
            Status.RUN,
            outage(Status.DEAD, "2026-11-09T12:00", "2026-11-10T06:00"),
            List.of(span("2026-11-10T01:00", "2026-11-10T04:00")));
    TargetTime time =
        TargetTime.of(
            history, ALL, IntervalSet.of(span("2026-11-09T00:00", "2026-11-10T02:00")), ALL);
    Figures f =
        time.within(IntervalSet.of(span("2026-11-09T00:00", "2026-11-11T00:00"))).figures(true);
    assertThat(f.counted()).isEqualTo(hours(48));
    assertThat(f.unknown()).isEqualTo(hours(26));
    assertThat(f.maintenance()).isEqualTo(hours(2));
    assertThat(f.dead()).isEqualTo(hours(2));
    assertThat(f.run()).isEqualTo(hours(18));
    // The stretches are sorted, disjoint and cover the counted time exactly.
    List<TargetTime.Stretch> stretches = time.stretches();
    for (int i = 1; i < stretches.size(); i++) {
      assertThat(stretches.get(i).span().from()).isEqualTo(stretches.get(i - 1).span().to());
    }
    assertThat(stretches.get(0).span().from()).isEqualTo(NOVEMBER.from());
    assertThat(stretches.get(stretches.size() - 1).span().to()).isEqualTo(NOVEMBER.to());
  }

  @Test
  void aTargetRemovedBeforeItWasAddedIsRefused() {
    TargetHistory history =
        new TargetHistory(
            "web",
            "ssh",
            at("2026-11-10T00:00"),
            at("2026-11-09T00:00"),
            Status.RUN,
            List.of(),
            List.of());
    assertThatThrownBy(() -> TargetTime.of(history, ALL, IntervalSet.empty(), ALL))
        .hasMessageContaining("target web")
        .hasMessageContaining("before it was added");
  }
}
