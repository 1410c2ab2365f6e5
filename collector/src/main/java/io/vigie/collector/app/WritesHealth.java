package io.vigie.collector.app;

import io.vigie.collector.influx.Rejections;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * {@code DEGRADED} while InfluxDB refused points within the last {@link Rejections#WINDOW}: the
 * collector works and writes everything else, so not DOWN (which would fail a deployment's health
 * check and restart nothing useful), but data is being lost, so not UP either. The status is
 * ordered between DOWN and UP and answers HTTP 200 ({@code application.yml}).
 */
final class WritesHealth implements HealthIndicator {
  static final Status DEGRADED = new Status("DEGRADED", "InfluxDB refused points recently");

  private final Supplier<Rejections.Summary> rejections;
  private final Path rejectedFile;

  WritesHealth(Supplier<Rejections.Summary> rejections, Path rejectedFile) {
    this.rejections = rejections;
    this.rejectedFile = rejectedFile;
  }

  @Override
  public Health health() {
    Rejections.Summary summary = rejections.get();
    Health.Builder health = summary.recent() > 0 ? Health.status(DEGRADED) : Health.up();
    health
        .withDetail("rejectedPoints", summary.recent())
        .withDetail("window", summary.window().toString())
        .withDetail("rejectedSinceStart", summary.total());
    if (summary.last() != null) {
      health
          .withDetail("lastRejection", summary.last().toString())
          .withDetail(
              "lastReason",
              Objects.requireNonNull(summary.lastReason(), "recorded with the last rejection"))
          .withDetail("rejectedFile", rejectedFile.toString());
    }
    return health.build();
  }
}
