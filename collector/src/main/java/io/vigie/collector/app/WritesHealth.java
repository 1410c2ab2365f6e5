package io.vigie.collector.app;

import io.vigie.collector.influx.Rejections;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code DEGRADED} while InfluxDB refused points within the last {@link Rejections#WINDOW}: the
 * collector works and writes everything else, so not DOWN (which would fail a deployment's health
 * check and restart nothing useful), but data is being lost, so not UP either. The status is
 * ordered between DOWN and UP and answers HTTP 200 ({@link Health.Status#ORDER}).
 */
final class WritesHealth implements Health.Indicator {
  static final Health.Status DEGRADED =
      new Health.Status("DEGRADED", "InfluxDB refused points recently");

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
        .detail("rejectedPoints", summary.recent())
        .detail("window", summary.window().toString())
        .detail("rejectedSinceStart", summary.total());
    if (summary.last() != null) {
      health
          .detail("lastRejection", summary.last().toString())
          .detail(
              "lastReason",
              Objects.requireNonNull(summary.lastReason(), "recorded with the last rejection"))
          .detail("rejectedFile", rejectedFile.toString());
    }
    return health.build();
  }
}
