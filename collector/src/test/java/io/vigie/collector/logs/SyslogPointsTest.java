package io.vigie.collector.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SyslogPointsTest {

  @Test
  void timesNeverRepeatNorGoBackEvenWhenTheClockDoes() {
    SyslogPoints points = new SyslogPoints("c");
    Instant t = Instant.parse("2026-11-30T18:00:00.000000500Z");
    long first = points.uniqueNanos(t);
    long second = points.uniqueNanos(t);
    long stepBack = points.uniqueNanos(t.minusSeconds(3));
    long later = points.uniqueNanos(t.plusMillis(1));
    assertThat(first).isEqualTo(t.getEpochSecond() * 1_000_000_000L + 500);
    assertThat(second).isEqualTo(first + 1);
    assertThat(stepBack).isEqualTo(second + 1);
    assertThat(later).isEqualTo(first + 1_000_000);
  }
}
