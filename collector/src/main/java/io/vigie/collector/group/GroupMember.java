package io.vigie.collector.group;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.vigie.model.inventory.CollectorGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This collector as a member of a collector group: its heartbeat, and which of the group's targets
 * it owns, kept in JetStream's key-value store (docs/scaling.md, decision 0016).
 *
 * <p>A member is alive while its heartbeat key keeps changing: each member watches the group's keys
 * and judges by its own monotonic clock, from when it saw a key's revision change, so the members'
 * wall clocks do not matter. A target's owner is in {@code vigie_owners}; it is valid while its
 * owner is alive. Each target goes to the alive member that {@link Rendezvous} names; that member
 * claims it when it has no owner or its owner is dead, by compare-and-set on the key's revision, so
 * two members never both win it, whatever their views. An owner hands a target over when another
 * member has been alive for a third of the lease and now wins it. A compare-and-set that fails
 * means this member's view is behind: its watches are made again, from a fresh snapshot.
 *
 * <p>A view can be behind without an error: a watch served by a NATS node that died, or a heartbeat
 * put that waited out an outage in the client's buffer. A member therefore checks that its own
 * heartbeats come back through its watch; when none has for half the lease, it watches again from a
 * snapshot before deciding anything, well before its stale view would show the others dead.
 *
 * <p>A member cut off from NATS claims and gives up nothing, and keeps polling what it owns (its
 * points spooled): when all of NATS is away, every target stays polled and nothing is lost. When
 * only this member is cut off, the others take its targets over after the lease, and both poll them
 * until it reaches NATS again and sees they were taken (docs/scaling.md says so). A member that
 * starts while NATS is away polls nothing of its group until it has joined.
 */
public final class GroupMember implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupMember.class);

  private final Connection connection;
  private final String group;
  private final String me;
  private final Duration lease;
  private final int replicas;
  private final ScheduledExecutorService thread;
  private final GroupView view;
  private volatile Set<String> owned = Set.of();
  private volatile Set<String> alive = Set.of();
  private boolean resync;
  private boolean cutOff;
  private long lastBeat = Long.MIN_VALUE;
  private long beatRevision;
  private @Nullable Polling polling;
  private final AtomicLong takeovers = new AtomicLong();
  private final AtomicLong handovers = new AtomicLong();

  private GroupMember(
      Connection connection, String group, String me, Duration lease, int replicas) {
    this.connection = connection;
    this.group = group;
    this.me = me;
    this.lease = lease;
    this.replicas = replicas;
    this.view = new GroupView(group, me);
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "vigie-group");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * A member of the group, owning nothing yet; its first turn makes the buckets when missing and
   * watches them (and so on at each turn until NATS answers).
   */
  public static GroupMember join(
      Connection connection, String group, String me, Duration lease, int replicas) {
    return new GroupMember(connection, group, me, lease, replicas);
  }

  /** Starts the turns, once a second; ownership changes are applied to {@code polling}. */
  public GroupMember start(Polling polling) {
    this.polling = polling;
    ScheduledFuture<?> unused =
        thread.scheduleWithFixedDelay(this::turnSafely, 0, 1, TimeUnit.SECONDS);
    return this;
  }

  /** The targets this member owns now. */
  public Set<String> owned() {
    return owned;
  }

  /** The group's members alive, this one included while its heartbeat is renewed. */
  public Set<String> alive() {
    return alive;
  }

  /** Targets this member took from a member taken for dead, since start. */
  public long takeovers() {
    return takeovers.get();
  }

  /** Targets this member handed to a member that joined or returned, since start. */
  public long handovers() {
    return handovers.get();
  }

  private void turnSafely() {
    try {
      turn();
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      LOG.warn("collector group {}: {}", group, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void turn() throws IOException, JetStreamApiException, InterruptedException {
    if (view.members() == null || resync) {
      view.open(connection, replicas, cutOff);
      resync = false;
      cutOff = false;
    }
    KeyValue members = view.members();
    KeyValue owners = view.owners();
    if (members == null || owners == null || !view.ready()) {
      // Nothing decided before both buckets' current keys are in: an empty view would claim
      // every target as if this member were alone.
      return;
    }
    long now = System.nanoTime();
    if (lastBeat == Long.MIN_VALUE || now - lastBeat >= lease.toNanos() / 5) {
      if (!beat(members, now)) {
        // Cut off from NATS: nothing is claimed or given up, and what is owned stays polled
        // (spooled); the watches are made again once NATS answers, which shows what was taken.
        resync = true;
        cutOff = true;
        return;
      }
    }
    if (now - view.selfSeenAt() > lease.toNanos() / 2) {
      // This member's own heartbeats no longer come back through its watch: the view is behind,
      // and every other member would look dead soon. Watched again, from a snapshot, before
      // anything is decided; the others count as alive for a lease again.
      LOG.info("collector group {}: its view of the group is behind; watching it again", group);
      resync = true;
      cutOff = true;
      return;
    }
    Set<String> live = view.alive(now, lease, me);
    live.add(me);
    alive = Set.copyOf(live);
    Polling p = polling;
    if (p == null) {
      return;
    }
    Set<String> mine = new HashSet<>();
    Set<String> targets =
        p.inventory().collectorGroup(group).map(CollectorGroup::targets).orElse(Set.of());
    for (String target : targets) {
      if (decide(owners, target, live, now)) {
        mine.add(target);
      }
    }
    releaseGone(owners, targets);
    if (!mine.equals(owned)) {
      Set<String> before = owned;
      owned = Set.copyOf(mine);
      LOG.info(
          "collector group {}: {} owns {} targets ({} taken, {} given up), members alive: {}",
          group,
          me,
          mine.size(),
          mine.stream().filter(t -> !before.contains(t)).count(),
          before.stream().filter(t -> !mine.contains(t)).count(),
          live);
      p.refresh();
    }
  }

  /** Puts the heartbeat; false when NATS did not take it. */
  private boolean beat(KeyValue members, long now) {
    try {
      beatRevision = members.put(Leases.key(group, me), me.getBytes(StandardCharsets.UTF_8));
      if (lastBeat != Long.MIN_VALUE && now - lastBeat > lease.toNanos()) {
        LOG.info(
            "collector group {}: heartbeat renewed after {} ms",
            group,
            (now - lastBeat) / 1_000_000);
      }
      lastBeat = now;
      return true;
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      if (lastBeat != Long.MIN_VALUE && now - lastBeat > lease.toNanos()) {
        LOG.warn(
            "collector group {}: no heartbeat for {} ms ({}): its {} targets may be taken over;"
                + " it polls them meanwhile",
            group,
            (now - lastBeat) / 1_000_000,
            e.toString(),
            owned.size());
      }
      return false;
    }
  }

  /**
   * Whether this member owns the target after this turn: it keeps it, hands it over, claims it or
   * takes it over. A refused change (a stale view, NATS away) leaves things as they were.
   */
  private boolean decide(KeyValue owners, String target, Set<String> live, long now) {
    String key = Leases.key(group, target);
    String winner = Rendezvous.owner(target, live);
    GroupView.Owner owner = view.owner(target);
    boolean mine = owner != null && owner.member().equals(me);
    try {
      if (owner != null && mine) {
        if (winner != null && !winner.equals(me) && view.settled(winner, now, lease)) {
          owners.delete(key, owner.revision());
          view.forget(target);
          handovers.incrementAndGet();
          return false;
        }
        return true;
      }
      if (!me.equals(winner)) {
        return false;
      }
      byte[] value = me.getBytes(StandardCharsets.UTF_8);
      if (owner == null) {
        view.owner(target, new GroupView.Owner(me, owners.create(key, value)));
        return true;
      }
      if (!live.contains(owner.member()) && view.silentForALease(owner.member(), now, lease)) {
        view.owner(target, new GroupView.Owner(me, owners.update(key, value, owner.revision())));
        takeovers.incrementAndGet();
        LOG.info(
            "collector group {}: {} takes {} over from {}, silent for a lease",
            group,
            me,
            target,
            owner.member());
        return true;
      }
      return false;
    } catch (JetStreamApiException e) {
      // Most often "wrong last sequence": another member moved first, or this view is behind.
      resync = true;
      LOG.debug("collector group {}: {} not changed: {}", group, target, e.getMessage());
      return mine;
    } catch (IOException | RuntimeException e) {
      LOG.debug("collector group {}: {} not changed: {}", group, target, e.toString());
      return mine;
    }
  }

  /** Gives up the keys of targets this member owns that left the group. */
  private void releaseGone(KeyValue owners, Set<String> targets) {
    for (Map.Entry<String, GroupView.Owner> e : view.owners(me).entrySet()) {
      if (!targets.contains(e.getKey())) {
        try {
          owners.delete(Leases.key(group, e.getKey()), e.getValue().revision());
          view.forget(e.getKey());
        } catch (IOException | JetStreamApiException | RuntimeException failed) {
          resync = true;
        }
      }
    }
  }

  /**
   * Leaves the group: stops the turns and gives up its targets and heartbeat, so the others take
   * them at once rather than after the lease.
   */
  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      KeyValue members = view.members();
      KeyValue owners = view.owners();
      view.close();
      if (members == null || owners == null) {
        return;
      }
      try {
        for (Map.Entry<String, GroupView.Owner> e : view.owners(me).entrySet()) {
          owners.delete(Leases.key(group, e.getKey()), e.getValue().revision());
        }
        members.delete(Leases.key(group, me), beatRevision);
      } catch (IOException | JetStreamApiException | RuntimeException e) {
        LOG.info("collector group {}: leaving without giving up its keys: {}", group, e.toString());
      }
    }
  }
}
