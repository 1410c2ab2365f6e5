package io.vigie.collector.logs;

import io.vigie.collector.point.LineProtocol;
import io.vigie.collector.point.Point;
import io.vigie.model.schema.LogSchema;
import io.vigie.model.schema.Schema;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Turns received messages into {@code syslog} points (docs/schema.md), each with a time of its own.
 *
 * <p>InfluxDB 1.x keeps one point per series and time: two lines of one source with the same time
 * would leave one (Telegraf issue 4759, influxdb issue 4150). The point's time is the reception's,
 * in nanoseconds, and never repeats within this collector: a message received in the same
 * nanosecond as the previous one, or earlier (a clock stepped back), takes the previous time plus
 * one nanosecond. A restart keeps that promise as long as the wall clock has not gone back past the
 * last point written; the sender's own time is kept apart, in the {@code timestamp} field.
 */
public final class SyslogPoints {
  private final String collector;
  private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);

  /** Which client and target a message is attributed to; null for neither (the NOC's bucket). */
  public record Origin(@Nullable String client, @Nullable String target) {}

  public SyslogPoints(String collector) {
    this.collector = collector;
  }

  /** The line protocol of {@code message}, with a nanosecond time unique to this collector. */
  public String line(Received received, SyslogMessage message, Origin origin) {
    long time = uniqueNanos(received.at());
    return LineProtocol.encode(point(received, message, origin, time / 1_000_000), time);
  }

  /** The point of {@code message} (its time in milliseconds; {@link #line} writes nanoseconds). */
  public Point point(Received received, SyslogMessage message, Origin origin, long timeMillis) {
    Point.Builder p =
        Point.builder(LogSchema.MEASUREMENT)
            .tag(Schema.TAG_COLLECTOR, collector)
            .tag(LogSchema.TAG_SEVERITY, message.severityName())
            .tag(LogSchema.TAG_FACILITY, message.facilityName())
            .tag(LogSchema.TAG_SOURCE, received.source());
    if (origin.client() != null) {
      p.tag(Schema.TAG_CLIENT, origin.client());
    }
    if (origin.target() != null) {
      p.tag(Schema.TAG_TARGET, origin.target());
    }
    if (message.hostname() != null) {
      p.tag(LogSchema.TAG_HOSTNAME, message.hostname());
    }
    if (message.appname() != null) {
      p.tag(LogSchema.TAG_APPNAME, message.appname());
    }
    p.field(LogSchema.MESSAGE, message.message())
        .field(LogSchema.SEVERITY_CODE, (long) message.severity())
        .field(LogSchema.FACILITY_CODE, (long) message.facility())
        .field(LogSchema.FORMAT, message.format().name().toLowerCase(Locale.ROOT))
        .field(LogSchema.TRUNCATED, received.truncated() ? 1L : 0L);
    Instant written = message.timestamp();
    if (written != null) {
      p.field(LogSchema.TIMESTAMP, nanos(written));
    }
    if (message.format() == SyslogMessage.Format.RFC5424) {
      p.field(LogSchema.VERSION, 1L);
    }
    if (message.procid() != null) {
      p.field(LogSchema.PROCID, message.procid());
    }
    if (message.msgid() != null) {
      p.field(LogSchema.MSGID, message.msgid());
    }
    for (Map.Entry<String, String> sd : message.structured().entrySet()) {
      String key = sd.getKey();
      int dot = key.lastIndexOf('.');
      p.field(
          dot < 0 ? key : key.substring(0, dot) + LogSchema.SD_SEPARATOR + key.substring(dot + 1),
          sd.getValue());
    }
    return p.time(timeMillis).build();
  }

  long uniqueNanos(Instant at) {
    long wanted = nanos(at);
    return last.accumulateAndGet(wanted, (previous, now) -> Math.max(now, previous + 1));
  }

  private static long nanos(Instant at) {
    return at.getEpochSecond() * 1_000_000_000L + at.getNano();
  }
}
