package io.vigie.collector.influx;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RejectionsTest {
  private final TestClock clock = new TestClock(Instant.parse("2024-06-01T10:00:00Z"));
  private final Rejections rejections = new Rejections(clock);

  @Test
  void refusedPointsCountWithinTheWindowThenAgeOut() {
    assertThat(rejections.summary().recent()).isZero();
    rejections.record("\"first\"");
    clock.advance(Duration.ofMinutes(10));
    rejections.record("\"second\"");
    Rejections.Summary summary = rejections.summary();
    assertThat(summary.recent()).isEqualTo(2);
    assertThat(summary.total()).isEqualTo(2);
    assertThat(summary.lastReason()).isEqualTo("\"second\"");
    assertThat(summary.last()).isEqualTo(clock.instant());

    clock.advance(Duration.ofMinutes(5));
    assertThat(rejections.summary().recent()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(10));
    summary = rejections.summary();
    assertThat(summary.recent()).isZero();
    assertThat(summary.total()).isEqualTo(2);
  }

  @Test
  void aRejectedRecordIsLoggedOnOneLineWithEscapes() {
    String shown =
        Shipper.shown("m,v=a\\ s=\"two\nlines\r\u001b[2J\" 1 unable to parse: " + "x".repeat(400));
    assertThat(shown)
        .startsWith("\"m,v=a\\\\ s=\\\"two\\nlines\\r\\u001B[2J\\\" 1")
        .endsWith("\"...")
        .doesNotContain("\n", "\r", "\u001b");
  }
}
