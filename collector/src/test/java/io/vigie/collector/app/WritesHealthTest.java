package io.vigie.collector.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.collector.influx.Rejections;
import io.vigie.testkit.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WritesHealthTest {
  private final TestClock clock = new TestClock(Instant.parse("2024-06-01T10:00:00Z"));
  private final Rejections rejections = new Rejections(clock);
  private final WritesHealth health =
      new WritesHealth(rejections::summary, Path.of("/var/lib/vigie/rejected.lp"));

  @Test
  void degradedWhileInfluxDbRefusedPointsRecentlyWithTheLastReason() {
    assertThat(health.health().status()).isEqualTo(Health.Status.UP);

    rejections.record("\"unable to parse 'm,v=a\\\\ n=1i 1': invalid tag format\"");
    Health degraded = health.health();
    assertThat(degraded.status().code()).isEqualTo("DEGRADED");
    assertThat(degraded.details())
        .containsEntry("rejectedPoints", 1)
        .containsEntry("rejectedSinceStart", 1L)
        .containsEntry("lastRejection", "2024-06-01T10:00:00Z")
        .containsEntry("rejectedFile", "/var/lib/vigie/rejected.lp")
        .containsKey("lastReason");

    clock.advance(Rejections.WINDOW.plus(Duration.ofSeconds(1)));
    Health later = health.health();
    assertThat(later.status()).isEqualTo(Health.Status.UP);
    assertThat(later.details()).containsEntry("rejectedSinceStart", 1L);
  }
}
