package io.vigie.alerting.influx;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.influxdb.InfluxDB;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's writes (its {@code status} points) to every InfluxDB replica, so that the status
 * history is the same on each. A replica that does not take a write while another does is
 * <i>behind</i>: that write and the following ones are kept for it in the {@link Backlog} (on disk,
 * in the state store) instead of being sent, so a replica that is down costs the evaluations
 * nothing; a thread of its own ({@code vigie-influx-replay}) tries it every {@link #REPLAY_EVERY}
 * and, once it answers, sends it what was kept, oldest first, before it gets writes again.
 *
 * <p>When no replica takes a write it throws, as the single InfluxDB did before: the transitions
 * stay unwritten in the state store and are sent again at the next evaluation. With one replica
 * nothing is ever kept. A point sent twice (a replay after a crash between sending and forgetting
 * it, a transition sent again) does no harm: InfluxDB keeps one point per series and time, the last
 * written, and every copy is the same.
 */
public final class ReplicaWrites implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaWrites.class);
  private static final int REPLAY_BATCH = 5_000;

  /** How often a replica that is behind is tried again: off the evaluations, so cheap. */
  public static final Duration REPLAY_EVERY = Duration.ofSeconds(5);

  private final InfluxReplicas replicas;
  private final String database;
  private final @Nullable Backlog backlog;
  // Per replica, under this object's lock: whether its writes go to the backlog.
  private final boolean[] behind;
  private final AtomicLong[] kept;
  private final @Nullable ScheduledExecutorService replay;

  /**
   * @param backlog where points are kept for a replica that is behind; null with a single replica
   *     (nothing is ever kept)
   */
  public ReplicaWrites(InfluxReplicas replicas, String database, @Nullable Backlog backlog) {
    this.replicas = replicas;
    this.database = database;
    this.backlog = replicas.all().size() > 1 ? backlog : null;
    int n = replicas.all().size();
    this.behind = new boolean[n];
    this.kept = new AtomicLong[n];
    for (int i = 0; i < n; i++) {
      // Points kept before a restart: still owed to that replica.
      long size = this.backlog == null ? 0 : this.backlog.size(replicas.all().get(i).name());
      kept[i] = new AtomicLong(size);
      behind[i] = size > 0;
    }
    if (this.backlog == null) {
      replay = null;
    } else {
      replay =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread thread = new Thread(r, "vigie-influx-replay");
                thread.setDaemon(true);
                return thread;
              });
      var unused =
          replay.scheduleWithFixedDelay(
              this::replayAll,
              REPLAY_EVERY.toMillis(),
              REPLAY_EVERY.toMillis(),
              TimeUnit.MILLISECONDS);
    }
  }

  /** {@code vigie.alerting.influx.replica.backlog}: the status points kept for each replica. */
  public ReplicaWrites register(MeterRegistry registry) {
    for (int i = 0; i < kept.length; i++) {
      Gauge.builder("vigie.alerting.influx.replica.backlog", kept[i], AtomicLong::get)
          .tag("replica", replicas.all().get(i).name())
          .description("status points kept for an InfluxDB replica that was down, to replay")
          .register(registry);
    }
    return this;
  }

  /** The status points kept for the replica, 0 when it is up to date. */
  public long kept(String replica) {
    for (int i = 0; i < kept.length; i++) {
      if (replicas.all().get(i).name().equals(replica)) {
        return kept[i].get();
      }
    }
    return 0;
  }

  /**
   * Writes points (line protocol, times in milliseconds) to every replica that is not behind, and
   * keeps them for those that are or that refuse them now.
   *
   * @throws RuntimeException the client's failure when no replica took them
   */
  public synchronized void write(List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    List<InfluxReplicas.Replica> all = replicas.all();
    boolean anyCurrent = false;
    for (boolean b : behind) {
      anyCurrent |= !b;
    }
    boolean[] missed = new boolean[all.size()];
    int took = 0;
    RuntimeException last = null;
    for (int i = 0; i < all.size(); i++) {
      if (behind[i] && anyCurrent) {
        missed[i] = true;
        continue;
      }
      try {
        send(all.get(i).client(), lines);
        took++;
      } catch (RuntimeException e) {
        missed[i] = true;
        last = e;
        if (all.size() > 1) {
          LOG.warn(
              "InfluxDB replica {} does not take status points: {}",
              all.get(i).name(),
              String.valueOf(e.getMessage()));
        }
      }
    }
    if (took == 0) {
      throw last != null ? last : new IllegalStateException("no InfluxDB replica took the points");
    }
    Backlog keep = backlog;
    for (int i = 0; i < all.size(); i++) {
      if (missed[i] && keep != null) {
        keep.add(all.get(i).name(), lines);
        kept[i].addAndGet(lines.size());
        if (!behind[i]) {
          behind[i] = true;
          LOG.warn(
              "InfluxDB replica {} is behind: its status points are kept and replayed when it"
                  + " takes writes again",
              all.get(i).name());
        }
      }
    }
  }

  private void send(InfluxDB influx, List<String> lines) {
    // No retention policy: the database's default, as the collectors write.
    influx.write(database, null, InfluxDB.ConsistencyLevel.ONE, TimeUnit.MILLISECONDS, lines);
  }

  /** Sends each replica that is behind what was kept for it, while it takes them. */
  private void replayAll() {
    Backlog keep = backlog;
    if (keep == null) {
      return;
    }
    List<InfluxReplicas.Replica> all = replicas.all();
    for (int i = 0; i < all.size(); i++) {
      if (isBehind(i)) {
        try {
          replay(keep, i, all.get(i));
        } catch (RuntimeException e) {
          LOG.debug("replica {} still does not take writes: {}", all.get(i).name(), e.toString());
        }
      }
    }
  }

  private synchronized boolean isBehind(int index) {
    return behind[index];
  }

  /** Replays the replica's kept points, a batch at a time; throws when it refuses one. */
  private void replay(Backlog keep, int index, InfluxReplicas.Replica replica) {
    long sent = 0;
    while (true) {
      List<Backlog.Kept> batch = keep.oldest(replica.name(), REPLAY_BATCH);
      if (batch.isEmpty()) {
        synchronized (this) {
          // Under the lock that writes take: nothing can be kept between this look and the flag.
          if (keep.oldest(replica.name(), 1).isEmpty()) {
            behind[index] = false;
            kept[index].set(0);
            LOG.info(
                "InfluxDB replica {} took the {} status points it missed; writes go to it again",
                replica.name(),
                sent);
            return;
          }
        }
        continue;
      }
      send(replica.client(), batch.stream().map(Backlog.Kept::line).toList());
      keep.remove(replica.name(), batch.get(batch.size() - 1).seq());
      kept[index].addAndGet(-batch.size());
      sent += batch.size();
    }
  }

  /** Stops the replays; what is still kept is replayed after the next start. */
  @Override
  public void close() {
    if (replay != null) {
      replay.shutdownNow();
      try {
        replay.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
