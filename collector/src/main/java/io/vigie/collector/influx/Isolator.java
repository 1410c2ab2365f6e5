package io.vigie.collector.influx;

import io.vigie.collector.metrics.CollectorMetrics;
import io.vigie.model.text.Escape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records through a {@link BatchWriter}, isolating the ones InfluxDB refuses as bad: a batch
 * refused for its data (a 4xx such as a field type conflict) is split in halves until each bad
 * record stands alone; those are logged, counted and appended to the rejected-points file, and
 * every good record is written. The spool's {@link Shipper} and the ingester share it.
 */
public final class Isolator {
  private static final Logger LOG = LoggerFactory.getLogger(Isolator.class);
  private static final long MAX_REJECTED_FILE = 10L * 1024 * 1024;

  private final BatchWriter writer;
  private final CollectorMetrics metrics;
  private final Clock clock;
  private final Path rejectedFile;
  private final Rejections rejections;

  public Isolator(BatchWriter writer, CollectorMetrics metrics, Clock clock, Path rejectedFile) {
    this.writer = writer;
    this.metrics = metrics;
    this.clock = clock;
    this.rejectedFile = rejectedFile;
    this.rejections = new Rejections(clock);
  }

  public Path rejectedFile() {
    return rejectedFile;
  }

  public Rejections.Summary rejections() {
    return rejections.summary();
  }

  /** Writes the records, isolating bad ones; not OK only when the whole batch must be retried. */
  public WriteOutcome ship(List<String> records) throws IOException {
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
          StandardCopyOption.REPLACE_EXISTING);
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
}
