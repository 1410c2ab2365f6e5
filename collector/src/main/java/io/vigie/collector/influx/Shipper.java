package io.vigie.collector.influx;

import io.vigie.collector.metrics.CollectorMetrics;
import io.vigie.collector.spool.Batch;
import io.vigie.collector.spool.Spool;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves records from the spool to InfluxDB, in order, one batch at a time, on its own thread.
 *
 * <p>A batch leaves the spool only once written. A network error, a 5xx, an authentication error or
 * a missing database keeps the batch and retries it with exponential backoff. A batch that InfluxDB
 * refuses as bad (a 4xx such as a field type conflict) is split in halves until the bad records are
 * isolated ({@link Isolator}): those are logged, counted and appended to {@code rejected.lp} for
 * inspection, and every good record is written. Rewriting a record already written is harmless:
 * InfluxDB keeps one point per series and timestamp.
 */
public final class Shipper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Shipper.class);

  private final Spool spool;
  private final BatchWriter writer;
  private final ShipperSettings settings;
  private final Clock clock;
  private final Path rejectedFile;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Status status = new Status(true, "not written yet", null);
  private final Isolator isolator;

  /** The last write's result, for the health endpoint. */
  public record Status(boolean healthy, String detail, @Nullable Instant lastSuccess) {}

  public Shipper(
      Spool spool,
      BatchWriter writer,
      ShipperSettings settings,
      CollectorMetrics metrics,
      Clock clock,
      Path rejectedFile) {
    this.spool = spool;
    this.writer = writer;
    this.settings = settings;
    this.clock = clock;
    this.rejectedFile = rejectedFile;
    this.isolator = new Isolator(writer, metrics, clock, rejectedFile);
    this.thread = new Thread(this::loop, "vigie-shipper");
    thread.setDaemon(true);
  }

  public Shipper start() {
    thread.start();
    return this;
  }

  public Status status() {
    return status;
  }

  /** The points InfluxDB refused for good, for the health endpoint. */
  public Rejections.Summary rejections() {
    return isolator.rejections();
  }

  public Path rejectedFile() {
    return rejectedFile;
  }

  private void loop() {
    Duration backoff = settings.minBackoff();
    while (running) {
      try {
        spool.awaitPending(
            settings.batchSize(), settings.flushInterval().toMillis(), TimeUnit.MILLISECONDS);
        if (!running) {
          break;
        }
        // Drain everything pending, full batches first, before waiting again.
        while (running) {
          Batch batch = spool.read(settings.batchSize());
          if (batch.isEmpty()) {
            break;
          }
          WriteOutcome outcome = ship(batch.records());
          if (!outcome.ok()) {
            status =
                new Status(false, outcome.kind() + ": " + outcome.message(), status.lastSuccess());
            LOG.warn(
                "{} write failed ({}), {} points kept in the spool, retrying in {} ms: {}",
                writer.destination(),
                outcome.kind(),
                spool.pending(),
                backoff.toMillis(),
                outcome.message());
            sleep(backoff);
            backoff = min(backoff.multipliedBy(2), settings.maxBackoff());
            break;
          }
          spool.commit(batch);
          if (!status.healthy()) {
            LOG.info(
                "{} writes are back; {} points still to replay",
                writer.destination(),
                spool.pending());
          }
          status = new Status(true, "ok", clock.instant());
          backoff = settings.minBackoff();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (IOException | RuntimeException e) {
        // The loop must outlive any bug or disk error; the data stays in the spool.
        LOG.error("shipper error, retrying in {} ms", backoff.toMillis(), e);
        status = new Status(false, "spool: " + e, status.lastSuccess());
        try {
          sleep(backoff);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
        backoff = min(backoff.multipliedBy(2), settings.maxBackoff());
      }
    }
  }

  /** Writes the records, isolating bad ones; not OK only when the whole batch must be retried. */
  WriteOutcome ship(List<String> records) throws IOException {
    return isolator.ship(records);
  }

  /** Outside text made safe for one log line (see {@link Isolator}). */
  static String shown(String text) {
    return Isolator.shown(text);
  }

  private void sleep(Duration duration) throws InterruptedException {
    long until = System.nanoTime() + duration.toNanos();
    while (running && System.nanoTime() < until) {
      TimeUnit.NANOSECONDS.sleep(Math.min(until - System.nanoTime(), 100_000_000L));
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Stops after the batch in flight; what is not written stays in the spool. */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writer.close();
  }

  /** Blocks until the spool is empty or the timeout passes; true when empty. */
  public boolean drain(Duration timeout) throws InterruptedException {
    long until = System.nanoTime() + timeout.toNanos();
    while (spool.pending() > 0 && System.nanoTime() < until) {
      TimeUnit.MILLISECONDS.sleep(20);
    }
    return spool.pending() == 0;
  }
}
