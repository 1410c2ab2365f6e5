package io.vigie.alerting.service;

import io.micrometer.core.instrument.Timer;
import io.vigie.alerting.influx.InfluxReadException;
import io.vigie.alerting.influx.InfluxReader;
import io.vigie.alerting.status.Observations;
import io.vigie.model.inventory.Inventory;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The full evaluations' reads of InfluxDB and where each starts: after the previous one (less an
 * overlap), no further back than a window when the stream feeds the engine, from a gap the stream
 * knows of. Apart from the service's engine lock: a read takes seconds at scale, and the stream's
 * judgements go on meanwhile.
 */
final class Reads {
  private static final Logger LOG = LoggerFactory.getLogger(Reads.class);

  private final InfluxReader reader;
  private final Duration overlap;
  private final Timer time;
  // When the last successful read ran; the next one reads from there (less the overlap). Not
  // kept across restarts: the first read after a start covers the whole DEAD window.
  private @Nullable Instant lastRead;
  private @Nullable Instant gapFrom;
  private @Nullable Duration window;
  private volatile @Nullable String lastFailure;

  /** What a read gave: observations, or the failure that stopped it. */
  record Read(@Nullable Observations observations, @Nullable String failure) {}

  Reads(InfluxReader reader, Duration overlap, Timer time) {
    this.reader = reader;
    this.overlap = overlap;
    this.time = time;
  }

  synchronized Read read(Inventory inventory, Instant now) {
    try {
      // The overlap catches points written with a time just before the last read but
      // arriving after it (the collector batches its writes for up to a second or two).
      long start = System.nanoTime();
      Observations observations = reader.read(inventory, now, since(now));
      time.record(Duration.ofNanos(System.nanoTime() - start));
      lastRead = now;
      gapFrom = null;
      lastFailure = null;
      return new Read(observations, null);
    } catch (InfluxReadException e) {
      String failure = String.valueOf(e.getMessage());
      lastFailure = failure;
      LOG.warn("InfluxDB cannot be read, statuses kept as they are: {}", failure);
      return new Read(null, failure);
    }
  }

  /** Reads no further back than {@code window} and the overlap, unless a gap is known. */
  synchronized void window(Duration window) {
    this.window = window;
  }

  /** The next read starts from {@code from} at the latest. */
  synchronized void gap(Instant from) {
    Instant known = gapFrom;
    gapFrom = known == null || from.isBefore(known) ? from : known;
  }

  /** The last read's failure; null when it succeeded (or none ran yet). */
  @Nullable String lastFailure() {
    return lastFailure;
  }

  /** Where the next read starts; null for the whole DEAD window. */
  private @Nullable Instant since(Instant now) {
    Instant last = lastRead;
    if (last == null) {
      return null;
    }
    Instant since = last.minus(overlap);
    Instant gap = gapFrom;
    if (gap != null) {
      return gap.isBefore(since) ? gap.minus(overlap) : since;
    }
    Duration w = window;
    if (w == null) {
      return since;
    }
    Instant earliest = now.minus(w).minus(overlap);
    return since.isBefore(earliest) ? earliest : since;
  }
}
