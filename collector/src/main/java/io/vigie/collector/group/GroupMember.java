package io.vigie.collector.group;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import io.vigie.model.inventory.CollectorGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
  private final Map<String, Seen> memberSeen = new ConcurrentHashMap<>();
  private final Map<String, Owner> ownerOf = new ConcurrentHashMap<>();
  private volatile Set<String> owned = Set.of();
  private volatile Set<String> alive = Set.of();
  private @Nullable KeyValue members;
  private @Nullable KeyValue owners;
  private @Nullable NatsKeyValueWatchSubscription membersWatch;
  private @Nullable NatsKeyValueWatchSubscription ownersWatch;
  private boolean resync;
  private boolean cutOff;
  private long lastBeat = Long.MIN_VALUE;
  private long beatRevision;
  private @Nullable Polling polling;
  private long takeovers;
  private long handovers;

  /** When a member's heartbeat key last changed, by this process's clock. */
  private record Seen(long revision, long changedAt, long firstSeen) {}

  /** A target's owner as last seen in the bucket, with the key's revision. */
  private record Owner(String member, long revision) {}

  private GroupMember(
      Connection connection, String group, String me, Duration lease, int replicas) {
    this.connection = connection;
    this.group = group;
    this.me = me;
    this.lease = lease;
    this.replicas = replicas;
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
  public synchronized long takeovers() {
    return takeovers;
  }

  /** Targets this member handed to a member that joined or returned, since start. */
  public synchronized long handovers() {
    return handovers;
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
    if (members == null || owners == null || resync) {
      watch();
    }
    KeyValue members = this.members;
    KeyValue owners = this.owners;
    if (members == null || owners == null) {
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
    Set<String> live = new HashSet<>();
    memberSeen.forEach(
        (member, seen) -> {
          if (!member.equals(me) && now - seen.changedAt() < lease.toNanos()) {
            live.add(member);
          }
        });
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

  /** Makes the buckets when missing and watches the group's keys in both, from a snapshot. */
  private void watch() throws IOException, JetStreamApiException, InterruptedException {
    for (NatsKeyValueWatchSubscription old :
        new NatsKeyValueWatchSubscription[] {membersWatch, ownersWatch}) {
      if (old != null) {
        try {
          old.unsubscribe();
        } catch (RuntimeException e) {
          LOG.debug("collector group {}: an old watch: {}", group, e.toString());
        }
      }
    }
    membersWatch = null;
    ownersWatch = null;
    if (cutOff) {
      // Back from an outage, every member's heartbeat looks old until its next one is seen:
      // they all count as alive for a lease again, rather than have their targets taken at once.
      memberSeen.clear();
      cutOff = false;
    }
    KeyValue m = Leases.bucket(connection, Leases.MEMBERS, replicas);
    KeyValue o = Leases.bucket(connection, Leases.OWNERS, replicas);
    ownerOf.clear();
    membersWatch = m.watch(Leases.prefix(group), watcher(this::memberChanged));
    ownersWatch = o.watch(Leases.prefix(group), watcher(this::ownerChanged));
    members = m;
    owners = o;
    resync = false;
  }

  private static KeyValueWatcher watcher(Consumer<KeyValueEntry> onEntry) {
    return new KeyValueWatcher() {
      @Override
      public void watch(KeyValueEntry entry) {
        onEntry.accept(entry);
      }

      @Override
      public void endOfData() {}
    };
  }

  private void memberChanged(KeyValueEntry entry) {
    String member = Leases.id(entry.getKey());
    if (entry.getOperation() != KeyValueOperation.PUT) {
      memberSeen.remove(member);
      return;
    }
    long now = System.nanoTime();
    memberSeen.compute(
        member,
        (k, seen) ->
            seen == null
                ? new Seen(entry.getRevision(), now, now)
                : seen.revision() == entry.getRevision()
                    ? seen
                    : new Seen(entry.getRevision(), now, seen.firstSeen()));
  }

  private void ownerChanged(KeyValueEntry entry) {
    String target = Leases.id(entry.getKey());
    if (entry.getOperation() == KeyValueOperation.PUT) {
      ownerOf.put(
          target,
          new Owner(new String(entry.getValue(), StandardCharsets.UTF_8), entry.getRevision()));
    } else {
      ownerOf.remove(target);
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
    Owner owner = ownerOf.get(target);
    boolean mine = owner != null && owner.member().equals(me);
    try {
      if (owner != null && mine) {
        if (winner != null && !winner.equals(me) && settled(winner, now)) {
          owners.delete(key, owner.revision());
          ownerOf.remove(target);
          handovers++;
          return false;
        }
        return true;
      }
      if (!me.equals(winner)) {
        return false;
      }
      byte[] value = me.getBytes(StandardCharsets.UTF_8);
      if (owner == null) {
        ownerOf.put(target, new Owner(me, owners.create(key, value)));
        return true;
      }
      if (!live.contains(owner.member())) {
        ownerOf.put(target, new Owner(me, owners.update(key, value, owner.revision())));
        takeovers++;
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

  /** A member alive for a third of the lease: handing it targets will not be undone at once. */
  private boolean settled(String member, long now) {
    Seen seen = memberSeen.get(member);
    return seen != null && now - seen.firstSeen() >= lease.toNanos() / 3;
  }

  /** Gives up the keys of targets this member owns that left the group. */
  private void releaseGone(KeyValue owners, Set<String> targets) {
    for (Map.Entry<String, Owner> e : Map.copyOf(ownerOf).entrySet()) {
      if (e.getValue().member().equals(me) && !targets.contains(e.getKey())) {
        try {
          owners.delete(Leases.key(group, e.getKey()), e.getValue().revision());
          ownerOf.remove(e.getKey());
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
      KeyValue members = this.members;
      KeyValue owners = this.owners;
      if (members == null || owners == null) {
        return;
      }
      try {
        for (Map.Entry<String, Owner> e : Map.copyOf(ownerOf).entrySet()) {
          if (e.getValue().member().equals(me)) {
            owners.delete(Leases.key(group, e.getKey()), e.getValue().revision());
          }
        }
        members.delete(Leases.key(group, me), beatRevision);
      } catch (IOException | JetStreamApiException | RuntimeException e) {
        LOG.info("collector group {}: leaving without giving up its keys: {}", group, e.toString());
      }
      if (membersWatch != null) {
        membersWatch.unsubscribe();
      }
      if (ownersWatch != null) {
        ownersWatch.unsubscribe();
      }
    }
  }
}
