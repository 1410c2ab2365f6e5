package io.vigie.collector.influx;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;

/**
 * Points InfluxDB refused for good, remembered for a while so that the collector's health can say
 * so: a refused point is data lost, and must not hide behind an UP status while {@code rejected.lp}
 * grows.
 */
public final class Rejections {
  /** How long a refused point keeps the writes health degraded. */
  public static final Duration WINDOW = Duration.ofMinutes(15);

  private final Clock clock;
  private final Deque<Instant> recent = new ArrayDeque<>();
  private long total;
  private @Nullable Instant last;
  private @Nullable String lastReason;

  /** What was refused: in total since start, within the window, and the newest one's reason. */
  public record Summary(
      long total,
      int recent,
      Duration window,
      @Nullable Instant last,
      @Nullable String lastReason) {}

  public Rejections(Clock clock) {
    this.clock = clock;
  }

  /**
   * Records a point InfluxDB refused for good, now.
   *
   * @param reason InfluxDB's message, already made safe to show (one line, escaped)
   */
  public synchronized void record(String reason) {
    Instant now = clock.instant();
    recent.addLast(now);
    total++;
    last = now;
    lastReason = reason;
    forgetOld(now);
  }

  public synchronized Summary summary() {
    forgetOld(clock.instant());
    return new Summary(total, recent.size(), WINDOW, last, lastReason);
  }

  private void forgetOld(Instant now) {
    Instant limit = now.minus(WINDOW);
    while (!recent.isEmpty() && !recent.peekFirst().isAfter(limit)) {
      recent.removeFirst();
    }
  }
}
