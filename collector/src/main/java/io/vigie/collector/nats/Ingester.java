package io.vigie.collector.nats;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.impl.Headers;
import io.vigie.collector.influx.InfluxBatchWriter;
import io.vigie.collector.influx.InfluxSettings;
import io.vigie.collector.influx.Isolator;
import io.vigie.collector.influx.WriteOutcome;
import io.vigie.collector.metrics.CollectorMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds one InfluxDB replica from the stream of points, through a durable consumer of its own: the
 * consumer remembers how far the replica got, so a replica that was away catches up from where it
 * stopped (within the stream's retention), and two replicas fed by two consumers hold the same
 * points without any clustering of InfluxDB's.
 *
 * <p>A fetched batch is acknowledged only once InfluxDB took every line of it (bad lines set aside,
 * as the collector's shipper does); while InfluxDB is away the batch is kept in hand and written
 * again, its messages told "in progress" so the stream does not hand them to another ingester.
 * Killed between the write and the acknowledgement, the batch comes again and is written again:
 * harmless, InfluxDB keeping one point per series and timestamp.
 */
public final class Ingester implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Ingester.class);
  private static final Duration ACK_WAIT = Duration.ofSeconds(60);
  private static final Duration STALL_CHECK = Duration.ofSeconds(30);

  /**
   * Lines of one InfluxDB write: a fetch can bring 30 MB of lines, past InfluxDB's default 25 MB
   * request body when gzip is off; 20,000 lines (about 4 MB) still cost influxd less per point than
   * the collector's 5,000 (docs/benchmarks.md, transport).
   */
  static final int MAX_LINES_PER_WRITE = 20_000;

  private final Connection connection;
  private final NatsSettings nats;
  private final String consumer;
  private final int fetch;
  private final InfluxSettings influx;
  private final Duration logsRetention;
  private final CollectorMetrics metrics;
  private final Clock clock;
  private final Path rejectedFile;
  private final Map<String, Destination> destinations = new LinkedHashMap<>();
  private final AtomicLong ingested = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Status status = new Status(true, "not written yet", null);

  /** The last write's result, for the health endpoint. */
  public record Status(boolean healthy, String detail, @Nullable Instant lastSuccess) {}

  /**
   * Where lines of one retention policy and precision go, and the writer that isolates bad ones.
   */
  private record Destination(InfluxBatchWriter writer, Isolator isolator) {}

  /**
   * @param consumer the durable consumer's name: one per InfluxDB replica, kept across restarts
   * @param logsRetention how long the logs' retention policy keeps lines, when it must be made
   */
  public Ingester(
      Connection connection,
      NatsSettings nats,
      String consumer,
      int fetch,
      InfluxSettings influx,
      Duration logsRetention,
      CollectorMetrics metrics,
      Clock clock,
      Path dataDir) {
    this.connection = connection;
    this.nats = nats;
    this.consumer = consumer;
    this.fetch = fetch;
    this.influx = influx;
    this.logsRetention = logsRetention;
    this.metrics = metrics;
    this.clock = clock;
    this.rejectedFile = dataDir.resolve("rejected.lp");
    this.thread = new Thread(this::loop, "vigie-ingest");
  }

  public Ingester start() {
    thread.start();
    return this;
  }

  public Status status() {
    return status;
  }

  /** Points written to InfluxDB since start. */
  public long ingested() {
    return ingested.get();
  }

  private void loop() {
    Duration backoff = Duration.ofMillis(500);
    @Nullable JetStreamSubscription subscription = null;
    long emptySince = System.nanoTime();
    while (running) {
      try {
        if (subscription == null || !subscription.isActive()) {
          // The first of the collectors and ingesters to reach NATS makes the stream.
          NatsClient.ensureStream(connection, nats);
          subscription = subscribe();
          LOG.info("ingesting stream {} into {} as consumer {}", nats.stream(), influx, consumer);
        }
        List<Message> messages = subscription.fetch(fetch, Duration.ofSeconds(1));
        if (!messages.isEmpty()) {
          write(messages);
          messages.forEach(Message::ack);
          emptySince = System.nanoTime();
        } else if (System.nanoTime() - emptySince > STALL_CHECK.toNanos()) {
          // Nothing for a while: a pull subscription whose node died can stay quiet without an
          // error. Its consumer says whether anything waits; then it is subscribed again.
          emptySince = System.nanoTime();
          long pending = subscription.getConsumerInfo().getNumPending();
          if (pending > 0) {
            LOG.info("ingest: {} messages wait but none came; subscribing again", pending);
            subscription = null;
          }
        }
        backoff = Duration.ofMillis(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (IOException | JetStreamApiException | RuntimeException e) {
        // NATS away, a node lost mid-fetch: the consumer keeps its place, nothing acknowledged.
        LOG.warn("ingest: {}; again in {} ms", e.toString(), backoff.toMillis());
        status = new Status(false, "NATS: " + e.getMessage(), status.lastSuccess());
        subscription = null;
        sleep(backoff);
        backoff = doubled(backoff);
      }
    }
  }

  private JetStreamSubscription subscribe() throws IOException, JetStreamApiException {
    ConsumerConfiguration config =
        ConsumerConfiguration.builder()
            .durable(consumer)
            .ackPolicy(AckPolicy.Explicit)
            .ackWait(ACK_WAIT)
            .deliverPolicy(DeliverPolicy.All)
            .maxAckPending(fetch * 4L)
            .build();
    PullSubscribeOptions options =
        PullSubscribeOptions.builder().stream(nats.stream()).configuration(config).build();
    return connection.jetStream().subscribe(NatsSettings.SUBJECTS, options);
  }

  /** Writes the messages' lines, grouped by destination in order; returns once all are written. */
  private void write(List<Message> messages) throws InterruptedException, IOException {
    Map<String, List<String>> lines = new LinkedHashMap<>();
    for (Message m : messages) {
      String key = key(m.getHeaders());
      List<String> group = lines.computeIfAbsent(key, k -> new ArrayList<>());
      group.addAll(StreamWriter.records(m.getData()));
    }
    List<Map.Entry<String, List<String>>> writes = new ArrayList<>();
    for (Map.Entry<String, List<String>> group : lines.entrySet()) {
      List<String> all = group.getValue();
      for (int from = 0; from < all.size(); from += MAX_LINES_PER_WRITE) {
        List<String> part = all.subList(from, Math.min(all.size(), from + MAX_LINES_PER_WRITE));
        writes.add(Map.entry(group.getKey(), part));
      }
    }
    Duration backoff = Duration.ofMillis(500);
    for (Map.Entry<String, List<String>> group : writes) {
      Destination destination = destination(group.getKey());
      while (running) {
        WriteOutcome outcome = destination.isolator().ship(group.getValue());
        if (outcome.ok()) {
          ingested.addAndGet(group.getValue().size());
          status = new Status(true, "ok", clock.instant());
          break;
        }
        if (outcome.message().contains("retention policy not found")) {
          destination.writer().ensureRetentionPolicy(logsRetention);
        }
        status = new Status(false, outcome.kind() + ": " + outcome.message(), status.lastSuccess());
        LOG.warn(
            "ingest: InfluxDB write failed ({}), {} lines kept, again in {} ms: {}",
            outcome.kind(),
            group.getValue().size(),
            backoff.toMillis(),
            outcome.message());
        messages.forEach(Message::inProgress);
        sleep(backoff);
        backoff = doubled(backoff);
      }
      if (!running) {
        throw new InterruptedException("stopping: the batch stays in the stream");
      }
    }
  }

  private static String key(@Nullable Headers headers) {
    String policy = headers == null ? null : headers.getFirst(StreamWriter.RETENTION_POLICY);
    String precision = headers == null ? null : headers.getFirst(StreamWriter.PRECISION);
    return (precision == null ? TimeUnit.MILLISECONDS.name() : precision)
        + "/"
        + (policy == null ? "" : policy);
  }

  private Destination destination(String key) {
    return destinations.computeIfAbsent(
        key,
        k -> {
          int slash = k.indexOf('/');
          TimeUnit precision = TimeUnit.valueOf(k.substring(0, slash));
          String policy = k.substring(slash + 1);
          InfluxSettings settings =
              new InfluxSettings(
                  influx.url(),
                  influx.database(),
                  influx.username(),
                  influx.password(),
                  policy.isEmpty() ? influx.retentionPolicy() : policy,
                  influx.gzip(),
                  influx.createDatabase(),
                  influx.timeout());
          InfluxBatchWriter writer = new InfluxBatchWriter(settings, precision);
          return new Destination(writer, new Isolator(writer, metrics, clock, rejectedFile));
        });
  }

  /** The next retry's delay: twice the last, 5 s at most. */
  private static Duration doubled(Duration backoff) {
    Duration twice = backoff.multipliedBy(2);
    return twice.compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : twice;
  }

  private void sleep(Duration duration) {
    try {
      long until = System.nanoTime() + duration.toNanos();
      while (running && System.nanoTime() < until) {
        TimeUnit.NANOSECONDS.sleep(Math.min(until - System.nanoTime(), 100_000_000L));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    destinations.values().forEach(d -> d.writer().close());
  }
}
