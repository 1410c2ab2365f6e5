package io.vigie.collector.logs;

import io.vigie.collector.spool.Spool;
import io.vigie.collector.spool.SpoolListener;
import io.vigie.model.inventory.Target;
import java.io.IOException;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the receiver hands each message to: read it ({@link SyslogParser}), attribute it ({@link
 * LogOrigins}), make its line ({@link SyslogPoints}) and append it to the logs' own spool, from
 * which a shipper writes it with nanosecond precision. A disk error drops the line and counts it;
 * it never stops the receiver.
 */
public final class LogIntake implements Consumer<Received> {
  private static final Logger LOG = LoggerFactory.getLogger(LogIntake.class);

  private final SyslogParser parser = new SyslogParser();
  private final SyslogPoints points;
  private final Spool spool;
  private final SpoolListener listener;
  private final ZoneId zone;
  private final AtomicLong unattributed = new AtomicLong();
  private final LogMatches matches;
  private volatile LogOrigins origins;

  /**
   * @param collector this collector's id, the lines' {@code collector} tag
   * @param targets the inventory's targets, which senders are attributed to
   * @param spool the logs' spool (not the metrics': its lines are in nanoseconds)
   * @param listener counts what is spooled and what is dropped
   * @param zone the zone of timestamps written without an offset
   */
  public LogIntake(
      String collector,
      Collection<Target> targets,
      Spool spool,
      SpoolListener listener,
      ZoneId zone) {
    this.points = new SyslogPoints(collector);
    this.origins = new LogOrigins(targets);
    this.matches = new LogMatches(collector, targets);
    this.spool = spool;
    this.listener = listener;
    this.zone = zone;
  }

  /** Attributes the next messages with the inventory's new targets. */
  public void targets(Collection<Target> targets) {
    origins = new LogOrigins(targets);
    matches.targets(targets);
  }

  /** The log rules' tallies, which the pipeline drains into {@code logmatch} points. */
  public LogMatches matches() {
    return matches;
  }

  /** Messages no target claims (the NOC's bucket) since start. */
  public long unattributed() {
    return unattributed.get();
  }

  @Override
  public void accept(Received received) {
    SyslogMessage message = parser.parse(received.text(), received.at(), zone);
    SyslogPoints.Origin origin = origins.of(received.sender(), message.hostname());
    boolean unused = take(received, message, origin, null);
  }

  /**
   * A line followed over SSH, already read and already the target's: spooled like a received one,
   * at {@code timeNanos} when it has a time of its own (a journal entry's), else at a unique time.
   *
   * @return whether it is in the spool
   */
  public boolean followed(
      Received received,
      SyslogMessage message,
      SyslogPoints.Origin origin,
      @Nullable Long timeNanos) {
    return take(received, message, origin, timeNanos);
  }

  private boolean take(
      Received received,
      SyslogMessage message,
      SyslogPoints.Origin origin,
      @Nullable Long timeNanos) {
    if (origin.client() == null || origin.target() == null) {
      unattributed.incrementAndGet();
    } else {
      matches.offer(origin.client(), origin.target(), message.severity(), message.message());
    }
    String line =
        timeNanos == null
            ? points.line(received, message, origin)
            : io.vigie.collector.point.LineProtocol.encode(
                points.point(received, message, origin, timeNanos / 1_000_000), timeNanos);
    try {
      spool.append(List.of(line));
      listener.spooled(1);
      return true;
    } catch (IOException | RuntimeException e) {
      listener.dropped(1, "logs spool append failed");
      LOG.error("a log line lost: cannot append to the logs spool in {}", spool.directory(), e);
      return false;
    }
  }
}
