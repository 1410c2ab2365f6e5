package io.vigie.alerting.influx;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigie.model.inventory.Secret;
import io.vigie.model.text.Urls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.influxdb.InfluxDB;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The InfluxDB replicas the service reads from, in the order {@code vigie.influx.url} lists them:
 * independent InfluxDB 1.x nodes that the ingesters fill with the same points (issue 21). One URL
 * is one replica, and everything works as before.
 *
 * <p>Reads go to the replica in use. When a request to it fails without an answer (refused, timed
 * out, a 5xx or another HTTP error) the same request goes to the next replica, which becomes the
 * one in use: <b>sticky</b>, the reads stay there until it fails in turn, even when the first is
 * back. A replica that comes back has missed points while it was down (its ingester replays them
 * from JetStream, which takes a while), so going back to it at once could show targets as silent;
 * staying put also avoids flapping between two replicas when one of them comes and goes. A replica
 * that failed less than {@link #RETRY_AFTER} ago is tried after the others, not skipped: with every
 * replica down a read still tries them all. An error inside an answer (a bad statement, no such
 * database) is the same on every replica and does not fail over.
 */
public final class InfluxReplicas implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InfluxReplicas.class);

  /** How long a failed replica goes to the end of the queue of those to try. */
  public static final Duration RETRY_AFTER = Duration.ofSeconds(30);

  /**
   * One replica.
   *
   * @param name its URL as it may be shown (no credentials, no query): in logs, health, metrics
   */
  public record Replica(String name, InfluxDB client) {}

  /** A request to one replica; a RuntimeException thrown by the client means no answer. */
  @FunctionalInterface
  public interface Request<T> {
    T send(InfluxDB influx) throws InfluxReadException;
  }

  private final List<Replica> replicas;
  // Nanos of each replica's last failure; 0 when its last request succeeded.
  private final long[] failedAt;
  private volatile int reading;
  private @Nullable Counter failovers;

  private InfluxReplicas(List<Replica> replicas) {
    if (replicas.isEmpty()) {
      throw new IllegalArgumentException("vigie.influx.url: no InfluxDB URL");
    }
    this.replicas = List.copyOf(replicas);
    this.failedAt = new long[replicas.size()];
  }

  /** One client as the only replica (tests, tools). */
  public static InfluxReplicas of(InfluxDB influx, String url) {
    return new InfluxReplicas(List.of(new Replica(shown(url), influx)));
  }

  /**
   * A client per URL of a comma-separated list, each with the same database credentials.
   *
   * @param urls {@code vigie.influx.url}: one URL or several separated by commas
   */
  public static InfluxReplicas connect(
      String urls, @Nullable String username, @Nullable Secret password, Duration timeout) {
    List<Replica> replicas = new ArrayList<>();
    for (String url : split(urls)) {
      replicas.add(
          new Replica(shown(url), InfluxClients.connect(url, username, password, timeout)));
    }
    return new InfluxReplicas(replicas);
  }

  /** The URLs of {@code vigie.influx.url}, blanks and empty entries left out. */
  public static List<String> split(String urls) {
    List<String> out = new ArrayList<>();
    for (String url : urls.split(",", -1)) {
      if (!url.isBlank()) {
        out.add(url.strip());
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("vigie.influx.url: no InfluxDB URL in '" + urls + "'");
    }
    return out;
  }

  /** A URL as it may be shown: no user part, no query (where a password may sit). */
  public static String shown(String url) {
    String bare = Objects.requireNonNull(Urls.withoutCredentials(url.strip()));
    int cut = bare.indexOf('?');
    return cut < 0 ? bare : bare.substring(0, cut);
  }

  /**
   * The meters: {@code vigie.alerting.influx.failovers} (reads moved to another replica) and {@code
   * vigie.alerting.influx.replica.reading} (1 for the replica in use, 0 for the others).
   */
  public InfluxReplicas register(MeterRegistry registry) {
    failovers =
        Counter.builder("vigie.alerting.influx.failovers")
            .description("times the reads moved to another InfluxDB replica")
            .register(registry);
    for (int i = 0; i < replicas.size(); i++) {
      int index = i;
      Gauge.builder("vigie.alerting.influx.replica.reading", () -> reading == index ? 1 : 0)
          .tag("replica", replicas.get(i).name())
          .description("1 for the InfluxDB replica the service reads, 0 for the others")
          .register(registry);
    }
    return this;
  }

  /** Every replica, in the configured order. */
  public List<Replica> all() {
    return replicas;
  }

  /** The name of the replica in use. */
  public String reading() {
    return replicas.get(reading).name();
  }

  /** Each replica, in order, and whether its last read failed. */
  public Map<String, Boolean> readFailed() {
    Map<String, Boolean> each = new LinkedHashMap<>();
    for (int i = 0; i < replicas.size(); i++) {
      each.put(replicas.get(i).name(), failedAt(i) != 0);
    }
    return each;
  }

  private synchronized long failedAt(int index) {
    return failedAt[index];
  }

  /**
   * Sends a request to the replica in use, then to the others in turn while it fails without an
   * answer; the first that answers is in use from then on.
   *
   * @throws InfluxReadException when no replica answers (the last failure), or when one answers
   *     with an error
   */
  public <T> T read(Request<T> request) throws InfluxReadException {
    int start = reading;
    RuntimeException last = null;
    for (int index : order(start)) {
      Replica replica = replicas.get(index);
      T answer;
      try {
        answer = request.send(replica.client());
      } catch (RuntimeException e) {
        failed(index);
        if (replicas.size() > 1) {
          LOG.warn(
              "InfluxDB replica {} cannot be read: {}",
              replica.name(),
              String.valueOf(e.getMessage()));
        }
        last = e;
        continue;
      }
      succeeded(index, start);
      return answer;
    }
    RuntimeException failure = Objects.requireNonNull(last, "no replica tried");
    throw new InfluxReadException(String.valueOf(failure.getMessage()), failure);
  }

  /** The replica in use first, then the others in order; those failed lately at the end. */
  private synchronized List<Integer> order(int start) {
    List<Integer> fresh = new ArrayList<>();
    List<Integer> lately = new ArrayList<>();
    long now = System.nanoTime();
    for (int k = 0; k < replicas.size(); k++) {
      int i = (start + k) % replicas.size();
      boolean recent = k > 0 && failedAt[i] != 0 && now - failedAt[i] < RETRY_AFTER.toNanos();
      (recent ? lately : fresh).add(i);
    }
    fresh.addAll(lately);
    return fresh;
  }

  private synchronized void failed(int index) {
    // 0 means healthy: a clock at exactly 0 counts as 1 ns later.
    long now = System.nanoTime();
    failedAt[index] = now == 0 ? 1 : now;
  }

  private synchronized void succeeded(int index, int start) {
    failedAt[index] = 0;
    if (index != start && reading == start) {
      reading = index;
      Counter counter = failovers;
      if (counter != null) {
        counter.increment();
      }
      LOG.warn(
          "InfluxDB reads moved from replica {} to replica {}; they stay there until it fails",
          replicas.get(start).name(),
          replicas.get(index).name());
    }
  }

  @Override
  public void close() {
    replicas.forEach(r -> r.client().close());
  }
}
