package io.vigie.collector.influx;

import io.vigie.collector.metrics.CollectorMetrics;
import io.vigie.collector.spool.Batch;
import io.vigie.collector.spool.Spool;
import io.vigie.model.text.Escape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * isolated: those are logged, counted and appended to {@code rejected.lp} for inspection, and every
 * good record is written. Rewriting a record already written is harmless: InfluxDB keeps one point
 * per series and timestamp.
 */
public final class Shipper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Shipper.class);
  private static final long MAX_REJECTED_FILE = 10L * 1024 * 1024;

  private final Spool spool;
  private final BatchWriter writer;
  private final ShipperSettings settings;
  private final CollectorMetrics metrics;
  private final Clock clock;
  private final Path rejectedFile;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Status status = new Status(true, "not written yet", null);
  private final Rejections rejections;

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
    this.metrics = metrics;
    this.clock = clock;
    this.rejectedFile = rejectedFile;
    this.rejections = new Rejections(clock);
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
    return rejections.summary();
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
                "InfluxDB write failed ({}), {} points kept in the spool, retrying in {} ms: {}",
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
            LOG.info("InfluxDB writes are back; {} points still to replay", spool.pending());
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
    long started = System.nanoTime();
    WriteOutcome outcome = writer.write(records);
    switch (outcome.kind()) {
      case OK -> {
        metrics.written(records.size(), Duration.ofNanos(System.nanoTime() - started));
        return outcome;
      }
      case TRANSIENT -> metrics.writeError("transient");
      case CONFIG -> metrics.writeError("config");
      case BAD_DATA -> {
        metrics.writeError("bad_data");
        if (records.size() == 1) {
          reject(records.get(0), outcome.message());
          return WriteOutcome.OK;
        }
        int middle = records.size() / 2;
        WriteOutcome left = ship(records.subList(0, middle));
        return left.ok() ? ship(records.subList(middle, records.size())) : left;
      }
    }
    return outcome;
  }

  private void reject(String record, String why) throws IOException {
    metrics.rejected(1);
    String reason = shown(why);
    rejections.record(reason);
    LOG.error(
        "InfluxDB refused a point, set aside in {}: {} -- {}", rejectedFile, reason, shown(record));
    if (Files.exists(rejectedFile) && Files.size(rejectedFile) > MAX_REJECTED_FILE) {
      Files.move(
          rejectedFile,
          rejectedFile.resolveSibling(rejectedFile.getFileName() + ".1"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Files.writeString(
        rejectedFile,
        "# " + clock.instant() + " " + Escape.controls(why) + "\n" + record + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  /**
   * Outside text made safe for one log line: a record may hold raw line feeds (string fields) and
   * any control character from a device (an ifAlias), and InfluxDB's message quotes the record.
   */
  static String shown(String text) {
    String cut = text.length() > 300 ? text.substring(0, 300) : text;
    return Escape.quoted(cut) + (cut.length() < text.length() ? "..." : "");
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
