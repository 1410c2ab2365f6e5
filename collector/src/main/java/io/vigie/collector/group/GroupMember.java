package io.vigie.collector.group;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import io.vigie.model.inventory.CollectorGroup;
import io.vigie.model.inventory.Inventory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This collector as a member of a collector group: its heartbeat, and which of the group's targets
 * it owns, kept in JetStream's key-value store (docs/scaling.md, decision 0016).
 *
 * <p>A member is alive while its heartbeat key keeps changing: each member judges that by its own
 * monotonic clock, from when it saw the key's revision change, so the members' wall clocks do not
 * matter. A target's owner is in {@code vigie_owners}; it is valid while its owner is alive. Each
 * target goes to the alive member that {@link Rendezvous} names; that member claims it when it has
 * no owner or its owner is dead, by compare-and-set on the key's revision, so two members never
 * both win it. An owner hands a target over when another member has been alive for a third of the
 * lease and now wins it. A member that cannot renew its heartbeat for two thirds of the lease stops
 * polling everything: it is about to be taken for dead, and its targets taken over.
 */
public final class GroupMember implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupMember.class);

  private final String group;
  private final String me;
  private final Duration lease;
  private final Connection connection;
  private final int replicas;
  private @Nullable KeyValue members;
  private @Nullable KeyValue owners;
  private final ScheduledExecutorService thread;
  private final Map<String, Seen> memberSeen = new HashMap<>();
  private final Map<String, Owner> ownerOf = new ConcurrentHashMap<>();
  private volatile Set<String> owned = Set.of();
  private volatile Set<String> alive = Set.of();
  private long lastBeat = Long.MIN_VALUE;
  private long beatRevision;
  private @Nullable NatsKeyValueWatchSubscription watch;
  private @Nullable Polling polling;
  private long takeovers;

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
   * watches the owners (and so on at each turn until NATS answers).
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

  /** Targets this member took from a dead member since start. */
  public synchronized long takeovers() {
    return takeovers;
  }

  private void watchOwners(KeyValue owners)
      throws IOException, JetStreamApiException, InterruptedException {
    ownerOf.clear();
    watch =
        owners.watch(
            Leases.prefix(group),
            new KeyValueWatcher() {
              @Override
              public void watch(KeyValueEntry entry) {
                String target = Leases.id(entry.getKey());
                if (entry.getOperation() == KeyValueOperation.PUT) {
                  ownerOf.put(
                      target,
                      new Owner(
                          new String(entry.getValue(), StandardCharsets.UTF_8),
                          entry.getRevision()));
                } else {
                  ownerOf.remove(target);
                }
              }

              @Override
              public void endOfData() {}
            });
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
    if (members == null || owners == null) {
      members = Leases.bucket(connection, Leases.MEMBERS, replicas);
      KeyValue o = Leases.bucket(connection, Leases.OWNERS, replicas);
      watchOwners(o);
      owners = o;
    }
    KeyValue members = this.members;
    KeyValue owners = this.owners;
    long now = System.nanoTime();
    beat(members, now);
    boolean fenced = lastBeat == Long.MIN_VALUE || now - lastBeat > lease.toNanos() * 2 / 3;
    Set<String> live = readMembers(members, now, fenced);
    alive = Set.copyOf(live);
    Polling p = polling;
    if (p == null) {
      return;
    }
    Set<String> mine = new HashSet<>();
    if (!fenced) {
      Inventory inventory = p.inventory();
      Set<String> targets =
          inventory.collectorGroup(group).map(CollectorGroup::targets).orElse(Set.of());
      for (String target : targets) {
        if (decide(owners, target, live, now)) {
          mine.add(target);
        }
      }
      releaseGone(owners, targets);
    }
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

  private void beat(KeyValue members, long now) {
    try {
      beatRevision = members.put(Leases.key(group, me), me.getBytes(StandardCharsets.UTF_8));
      if (lastBeat != Long.MIN_VALUE && now - lastBeat > lease.toNanos() * 2 / 3) {
        LOG.info(
            "collector group {}: heartbeat renewed after {} ms",
            group,
            (now - lastBeat) / 1_000_000);
      }
      lastBeat = now;
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      if (lastBeat != Long.MIN_VALUE
          && now - lastBeat > lease.toNanos() * 2 / 3
          && !owned.isEmpty()) {
        LOG.warn(
            "collector group {}: no heartbeat for {} ms ({}): polling nothing until it is renewed",
            group,
            (now - lastBeat) / 1_000_000,
            e.toString());
      }
    }
  }

  /** The members whose heartbeat changed within the lease, by this process's clock. */
  private Set<String> readMembers(KeyValue members, long now, boolean fenced)
      throws IOException, JetStreamApiException, InterruptedException {
    Set<String> live = new HashSet<>();
    List<String> keys = members.keys(Leases.prefix(group));
    for (String key : keys) {
      String member = Leases.id(key);
      if (member.equals(me)) {
        continue;
      }
      KeyValueEntry entry = members.get(key);
      if (entry == null || entry.getOperation() != KeyValueOperation.PUT) {
        memberSeen.remove(member);
        continue;
      }
      Seen seen = memberSeen.get(member);
      if (seen == null) {
        seen = new Seen(entry.getRevision(), now, now);
      } else if (seen.revision() != entry.getRevision()) {
        seen = new Seen(entry.getRevision(), now, seen.firstSeen());
      }
      memberSeen.put(member, seen);
      if (now - seen.changedAt() < lease.toNanos()) {
        live.add(member);
      }
    }
    memberSeen.keySet().retainAll(keys.stream().map(Leases::id).toList());
    if (!fenced) {
      live.add(me);
    }
    return live;
  }

  /** Whether this member owns the target after this turn. */
  private boolean decide(KeyValue owners, String target, Set<String> live, long now)
      throws IOException, JetStreamApiException {
    String key = Leases.key(group, target);
    String winner = Rendezvous.owner(target, live);
    Owner owner = ownerOf.get(target);
    if (owner != null && owner.member().equals(me)) {
      if (winner != null && !winner.equals(me) && settled(winner, now)) {
        owners.delete(key, owner.revision());
        ownerOf.remove(target);
        return false;
      }
      return true;
    }
    if (!me.equals(winner)) {
      return false;
    }
    if (owner == null) {
      long revision = owners.create(key, me.getBytes(StandardCharsets.UTF_8));
      ownerOf.put(target, new Owner(me, revision));
      return true;
    }
    if (!live.contains(owner.member())) {
      long revision = owners.update(key, me.getBytes(StandardCharsets.UTF_8), owner.revision());
      ownerOf.put(target, new Owner(me, revision));
      takeovers++;
      return true;
    }
    return false;
  }

  /** A member alive for a third of the lease: handing it targets will not be undone at once. */
  private boolean settled(String member, long now) {
    Seen seen = memberSeen.get(member);
    return seen != null && now - seen.firstSeen() >= lease.toNanos() / 3;
  }

  /** Gives up the keys of targets this member owns that left the group. */
  private void releaseGone(KeyValue owners, Set<String> targets)
      throws IOException, JetStreamApiException {
    for (Map.Entry<String, Owner> e : Map.copyOf(ownerOf).entrySet()) {
      if (e.getValue().member().equals(me) && !targets.contains(e.getKey())) {
        owners.delete(Leases.key(group, e.getKey()), e.getValue().revision());
        ownerOf.remove(e.getKey());
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
      if (watch != null) {
        watch.unsubscribe();
      }
    }
  }
}
