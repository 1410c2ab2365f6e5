package io.vigie.collector.nats;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.vigie.collector.influx.BatchWriter;
import io.vigie.collector.influx.WriteOutcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Publishes a spool's batch to the JetStream stream, in place of writing it to InfluxDB: the
 * spool's shipper commits the batch only once every part of it is acknowledged by the stream
 * (stored on a majority of its replicas), and keeps it otherwise, as it does for an InfluxDB
 * outage.
 *
 * <p>A batch travels as messages of line-protocol records ({@link #messages}) under {@value
 * #MAX_MESSAGE_BYTES} bytes (NATS refuses a message over its {@code max_payload}, 1 MB by default).
 * Each message's id is the collector's id and a digest of its lines: published again after a lost
 * acknowledgement, within the stream's duplicate window, it is stored once. A batch read again
 * after a crash may be cut differently and be stored twice; the ingesters' writes of it are then
 * harmless, InfluxDB keeping one point per series and timestamp. The headers say how the ingester
 * must write it: the retention policy and the timestamps' precision.
 */
public final class StreamWriter implements BatchWriter {
  static final int MAX_MESSAGE_BYTES = 512 * 1024;
  static final String RETENTION_POLICY = "Vigie-Retention-Policy";
  static final String PRECISION = "Vigie-Precision";
  static final String COLLECTOR = "Vigie-Collector";

  private final Connection connection;
  private final JetStream jetStream;
  private final NatsSettings settings;
  private final String subject;
  private final String collectorId;
  private final Headers headers;
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong published = new AtomicLong();
  private volatile boolean streamReady;

  /**
   * @param retentionPolicy the retention policy the points go to, null for the database's default
   * @param precision the unit of the lines' timestamps
   */
  public StreamWriter(
      Connection connection,
      NatsSettings settings,
      String subject,
      String collectorId,
      @Nullable String retentionPolicy,
      TimeUnit precision)
      throws IOException {
    this.connection = connection;
    this.jetStream = connection.jetStream();
    this.settings = settings;
    this.subject = subject;
    this.collectorId = collectorId;
    this.headers = new Headers();
    headers.put(PRECISION, precision.name());
    headers.put(COLLECTOR, collectorId);
    if (retentionPolicy != null && !retentionPolicy.isEmpty()) {
      headers.put(RETENTION_POLICY, retentionPolicy);
    }
  }

  @Override
  public WriteOutcome write(List<String> records) {
    if (connection.getStatus() != Connection.Status.CONNECTED) {
      return new WriteOutcome(
          WriteOutcome.Kind.TRANSIENT, "NATS: not connected (" + connection.getStatus() + ")");
    }
    if (!streamReady) {
      // Made (or its limits set) at the first write rather than at start: a collector starts, and
      // spools, while NATS is away.
      try {
        NatsClient.ensureStream(connection, settings);
        streamReady = true;
      } catch (IOException | JetStreamApiException | RuntimeException e) {
        return new WriteOutcome(
            WriteOutcome.Kind.TRANSIENT, "NATS: stream " + settings.stream() + ": " + e);
      }
    }
    List<CompletableFuture<PublishAck>> acks = new ArrayList<>();
    for (byte[] body : messages(records)) {
      PublishOptions options =
          PublishOptions.builder()
              .expectedStream(settings.stream())
              .messageId(collectorId + "-" + digest(body))
              .streamTimeout(settings.timeout())
              .build();
      acks.add(jetStream.publishAsync(subject, headers, body, options));
    }
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    try {
      for (CompletableFuture<PublishAck> ack : acks) {
        long left = Math.max(1, deadline - System.nanoTime());
        if (ack.get(left, TimeUnit.NANOSECONDS).isDuplicate()) {
          duplicates.incrementAndGet();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new WriteOutcome(WriteOutcome.Kind.TRANSIENT, "NATS: interrupted");
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return new WriteOutcome(
          WriteOutcome.Kind.TRANSIENT, "NATS: not acknowledged: " + cause.getMessage());
    }
    published.addAndGet(records.size());
    return WriteOutcome.OK;
  }

  @Override
  public String destination() {
    return "NATS stream " + settings.stream();
  }

  /** The records of a body made by {@link #messages}. */
  public static List<String> records(byte[] body) {
    List<String> records = new ArrayList<>();
    int at = 0;
    while (at + 4 <= body.length) {
      int length =
          ((body[at] & 0xff) << 24)
              | ((body[at + 1] & 0xff) << 16)
              | ((body[at + 2] & 0xff) << 8)
              | (body[at + 3] & 0xff);
      at += 4;
      if (length < 0 || at + length > body.length) {
        throw new IllegalArgumentException("a message of the stream is cut at byte " + at);
      }
      records.add(new String(body, at, length, StandardCharsets.UTF_8));
      at += length;
    }
    return records;
  }

  /** Messages the stream said it already held (a batch published again). */
  public long duplicates() {
    return duplicates.get();
  }

  public long published() {
    return published.get();
  }

  /**
   * The records as bodies under the size limit, a record never cut: each record its length (4
   * bytes, big-endian) then its UTF-8 bytes, since a record may hold a raw line feed in a string
   * field and line feeds cannot separate them.
   */
  static List<byte[]> messages(List<String> records) {
    List<byte[]> bodies = new ArrayList<>();
    ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
    for (String record : records) {
      byte[] line = record.getBytes(StandardCharsets.UTF_8);
      if (body.size() > 0 && body.size() + line.length + 4 > MAX_MESSAGE_BYTES) {
        bodies.add(body.toByteArray());
        body.reset();
      }
      body.write(line.length >>> 24);
      body.write(line.length >>> 16);
      body.write(line.length >>> 8);
      body.write(line.length);
      body.write(line, 0, line.length);
    }
    if (body.size() > 0) {
      bodies.add(body.toByteArray());
    }
    return bodies;
  }

  private static String digest(byte[] body) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
