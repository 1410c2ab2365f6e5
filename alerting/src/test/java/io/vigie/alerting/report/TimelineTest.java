package io.vigie.alerting.report;

import static io.vigie.alerting.report.Fixtures.at;
import static io.vigie.alerting.report.Fixtures.change;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigie.alerting.status.Status;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {
  static TargetHistory history(Status initial, List<TargetHistory.Change> changes) {
    return new TargetHistory(
        "web", "ssh", at("2026-11-01T00:00"), null, initial, changes, List.of());
  }

  @Test
  void theInitialStatusHoldsUntilTheFirstChangeAndTheLastForever() {
    Timeline timeline =
        Timeline.of(
            history(
                Status.ERROR,
                List.of(
                    change(at("2026-11-02T00:00"), Status.RUN, "ok"),
                    change(at("2026-11-03T00:00"), Status.DEAD, "gone"))));
    assertThat(timeline.spans())
        .extracting(Timeline.Span::status)
        .containsExactly(Status.ERROR, Status.RUN, Status.DEAD);
    assertThat(timeline.spans().get(0).span().from()).isEqualTo(Instant.MIN);
    assertThat(timeline.spans().get(0).change()).isNull();
    assertThat(timeline.spans().get(2).span().to()).isEqualTo(Instant.MAX);
    assertThat(timeline.spans().get(2).change().cause()).isEqualTo("gone");
  }

  @Test
  void twoChangesAtOneInstantLeaveTheLast() {
    Instant t = at("2026-11-02T00:00");
    Timeline timeline =
        Timeline.of(
            history(
                Status.RUN, List.of(change(t, Status.WARNING, "w"), change(t, Status.ERROR, "e"))));
    assertThat(timeline.spans())
        .extracting(Timeline.Span::status)
        .containsExactly(Status.RUN, Status.ERROR);
  }

  @Test
  void changesOutOfOrderAreRefusedNamingTheTarget() {
    TargetHistory history =
        history(
            Status.RUN,
            List.of(
                change(at("2026-11-03T00:00"), Status.ERROR, "e"),
                change(at("2026-11-02T00:00"), Status.RUN, "ok")));
    assertThatThrownBy(() -> Timeline.of(history))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("target web")
        .hasMessageContaining("out of time order");
  }
}
