package io.vigie.alerting.stream;

import io.vigie.alerting.influx.InfluxReplicas;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's subscription on <b>every</b> InfluxDB replica, all sending to the one {@link
 * Receiver}: the stream goes on without a gap when a replica is lost, with no resubscription to
 * time after a failover. Each point then comes once per replica; that is harmless because the
 * engine counts a poll or a probe run only when it is newer than the last one it judged, and the
 * copies that arrive together are merged into one ({@link io.vigie.alerting.influx.WrittenPoints}).
 *
 * <p>A replica that cannot be reached keeps the subscription it had (InfluxDB keeps it in its meta
 * data across a restart); its upkeep is tried again at most every {@link
 * InfluxReplicas#RETRY_AFTER}, so that a replica that does not answer costs the reconciliations
 * little. The stream counts as subscribed while at least one replica holds the subscription.
 */
final class Subscriptions implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Subscriptions.class);

  /**
   * What one upkeep found.
   *
   * @param live a subscription that holds (on the first replica that has one); null when none
   * @param remade a subscription had to be made again where one had been: points may be missing
   * @param failure why no replica holds one; null when one does
   */
  record Upkeep(@Nullable Subscription live, boolean remade, @Nullable String failure) {}

  private final List<InfluxReplicas.Replica> replicas;
  private final SubscriptionFactory factory;
  private final @Nullable Subscription[] held;
  private final @Nullable String[] failures;
  private final long[] failedAt;
  private boolean closed;

  /** Creates the subscription on one replica, sending to a destination URL. */
  interface SubscriptionFactory {
    Subscription create(InfluxReplicas.Replica replica, String destination);
  }

  Subscriptions(List<InfluxReplicas.Replica> replicas, SubscriptionFactory factory) {
    this.replicas = List.copyOf(replicas);
    this.factory = factory;
    this.held = new Subscription[replicas.size()];
    this.failures = new String[replicas.size()];
    this.failedAt = new long[replicas.size()];
  }

  /** Checks each replica's subscription, making it where it is missing. Never throws. */
  synchronized Upkeep keep(String destination) {
    if (closed) {
      // A reconciliation still running as the service stops must not subscribe again.
      return new Upkeep(null, false, "stopped");
    }
    boolean remade = false;
    long now = System.nanoTime();
    for (int i = 0; i < replicas.size(); i++) {
      boolean quiet =
          failures[i] != null
              && now - failedAt[i] < InfluxReplicas.RETRY_AFTER.toNanos()
              && replicas.size() > 1;
      if (quiet) {
        continue;
      }
      Subscription known = held[i];
      try {
        if (known != null) {
          if (known.exists()) {
            failures[i] = null;
            continue;
          }
          LOG.warn(
              "InfluxDB replica {} no longer has the subscription {}: made again",
              replicas.get(i).name(),
              known.name());
        }
        held[i] = factory.create(replicas.get(i), destination);
        remade |= known != null;
        failures[i] = null;
      } catch (RuntimeException e) {
        String failure = String.valueOf(e.getMessage());
        if (!failure.equals(failures[i]) && replicas.size() > 1) {
          LOG.warn(
              "InfluxDB replica {} cannot be subscribed to now ({}); tried again later",
              replicas.get(i).name(),
              failure);
        }
        failures[i] = failure;
        failedAt[i] = now;
      }
    }
    Subscription live = null;
    String failure = null;
    for (int i = 0; i < replicas.size(); i++) {
      if (held[i] != null && failures[i] == null && live == null) {
        live = held[i];
      }
      if (failures[i] != null && failure == null) {
        failure = failures[i];
      }
    }
    return new Upkeep(live, remade, live == null ? Objects.requireNonNullElse(failure, "?") : null);
  }

  /** Removes the subscriptions; a replica that cannot be reached keeps its own until next start. */
  @Override
  public synchronized void close() {
    closed = true;
    for (Subscription s : held) {
      if (s != null) {
        s.close();
      }
    }
  }
}
