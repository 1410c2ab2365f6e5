package io.vigie.alerting.report;

import static io.vigie.alerting.report.Fixtures.hours;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntervalSetTest {
  static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  /** [from h, to h) after T0. */
  static Interval h(int from, int to) {
    return new Interval(T0.plus(hours(from)), T0.plus(hours(to)));
  }

  static IntervalSet set(Interval... intervals) {
    return IntervalSet.of(List.of(intervals));
  }

  @Test
  void overlappingAndTouchingIntervalsAreMergedAndEmptyOnesDropped() {
    IntervalSet set = set(h(5, 7), h(0, 2), h(1, 3), h(3, 4), h(6, 6), h(9, 9));
    assertThat(set.intervals()).containsExactly(h(0, 4), h(5, 7));
    assertThat(set.length()).isEqualTo(hours(6));
    assertThat(set(h(2, 2)).isEmpty()).isTrue();
  }

  @Test
  void intersectKeepsWhatIsInBoth() {
    IntervalSet a = set(h(0, 4), h(6, 10), h(12, 14));
    IntervalSet b = set(h(3, 7), h(9, 13));
    assertThat(a.intersect(b).intervals()).containsExactly(h(3, 4), h(6, 7), h(9, 10), h(12, 13));
    assertThat(a.intersect(h(1, 2)).intervals()).containsExactly(h(1, 2));
    assertThat(a.intersect(IntervalSet.empty()).isEmpty()).isTrue();
  }

  @Test
  void minusCutsHolesAndEnds() {
    IntervalSet a = set(h(0, 10), h(12, 14));
    IntervalSet b = set(h(1, 2), h(4, 5), h(9, 13));
    assertThat(a.minus(b).intervals()).containsExactly(h(0, 1), h(2, 4), h(5, 9), h(13, 14));
    assertThat(a.minus(set(h(0, 20))).isEmpty()).isTrue();
    assertThat(a.minus(IntervalSet.empty())).isEqualTo(a);
    // A cut that spans two intervals of a is used for both.
    assertThat(set(h(0, 2), h(3, 5)).minus(set(h(1, 4))).intervals())
        .containsExactly(h(0, 1), h(4, 5));
  }

  @Test
  void unionMerges() {
    assertThat(set(h(0, 2)).union(set(h(2, 3), h(5, 6))).intervals())
        .containsExactly(h(0, 3), h(5, 6));
  }
}
