package io.vigie.collector.group;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one member knows of its group's keys in the two buckets, kept by watches: when each member's
 * heartbeat last changed (by this process's monotonic clock) and each target's owner with its key's
 * revision. A view can be behind; the compare-and-set of every change keeps that harmless.
 */
final class GroupView {
  private static final Logger LOG = LoggerFactory.getLogger(GroupView.class);

  private final String group;
  private final String me;
  private volatile long selfSeenAt;
  private final Map<String, Seen> memberSeen = new ConcurrentHashMap<>();
  private final Map<String, Owner> ownerOf = new ConcurrentHashMap<>();
  private @Nullable NatsKeyValueWatchSubscription membersWatch;
  private @Nullable NatsKeyValueWatchSubscription ownersWatch;
  private volatile @Nullable CountDownLatch snapshots;
  private @Nullable KeyValue members;
  private @Nullable KeyValue owners;
  private volatile long watchingSince = System.nanoTime();

  /** When a member's heartbeat key last changed, by this process's clock. */
  private record Seen(long revision, long changedAt, long firstSeen) {}

  /** A target's owner as last seen in the bucket, with the key's revision. */
  record Owner(String member, long revision) {}

  GroupView(String group, String me) {
    this.group = group;
    this.me = me;
  }

  /**
   * Makes the buckets when missing and watches the group's keys in both, from a snapshot.
   *
   * @param forgetMembers whether every member's heartbeat counts as new: back from an outage, each
   *     looks old until its next one is seen, and they all count as alive for a lease again rather
   *     than have their targets taken at once
   */
  void open(Connection connection, int replicas, boolean forgetMembers)
      throws IOException, JetStreamApiException, InterruptedException {
    close();
    if (forgetMembers) {
      memberSeen.clear();
    }
    KeyValue m = Leases.bucket(connection, Leases.MEMBERS, replicas);
    KeyValue o = Leases.bucket(connection, Leases.OWNERS, replicas);
    ownerOf.clear();
    selfSeenAt = System.nanoTime();
    watchingSince = selfSeenAt;
    CountDownLatch loaded = new CountDownLatch(2);
    snapshots = loaded;
    membersWatch = m.watch(Leases.prefix(group), watcher(this::memberChanged, loaded));
    ownersWatch = o.watch(Leases.prefix(group), watcher(this::ownerChanged, loaded));
    members = m;
    owners = o;
  }

  /** Whether both buckets' keys as they were when the watches began have come. */
  boolean ready() {
    CountDownLatch loaded = snapshots;
    return members != null && owners != null && loaded != null && loaded.getCount() == 0;
  }

  /**
   * When this member's own heartbeat last came through the watch (or the watch began): the watch's
   * proof of life. A watch can die quietly (the node serving it killed) and leave a view that shows
   * every other member silent.
   */
  long selfSeenAt() {
    return selfSeenAt;
  }

  @Nullable KeyValue members() {
    return members;
  }

  @Nullable KeyValue owners() {
    return owners;
  }

  /** The other members whose heartbeat changed within the lease. */
  Set<String> alive(long now, Duration lease, String me) {
    Set<String> live = new HashSet<>();
    memberSeen.forEach(
        (member, seen) -> {
          if (!member.equals(me) && now - seen.changedAt() < lease.toNanos()) {
            live.add(member);
          }
        });
    return live;
  }

  /**
   * Whether {@code member} has been silent for a lease: its heartbeat unchanged that long, or never
   * seen while this view has watched for a lease. An owner not seen yet is not a dead one: members
   * starting together claim targets before their first heartbeats reach one another.
   */
  boolean silentForALease(String member, long now, Duration lease) {
    Seen seen = memberSeen.get(member);
    return now - (seen == null ? watchingSince : seen.changedAt()) >= lease.toNanos();
  }

  /** A member alive for a third of the lease: handing it targets will not be undone at once. */
  boolean settled(String member, long now, Duration lease) {
    Seen seen = memberSeen.get(member);
    return seen != null && now - seen.firstSeen() >= lease.toNanos() / 3;
  }

  @Nullable Owner owner(String target) {
    return ownerOf.get(target);
  }

  /** What this member just wrote, ahead of its watch. */
  void owner(String target, Owner owner) {
    ownerOf.put(target, owner);
  }

  void forget(String target) {
    ownerOf.remove(target);
  }

  Map<String, Owner> owners(String member) {
    Map<String, Owner> mine = new java.util.HashMap<>();
    ownerOf.forEach(
        (target, owner) -> {
          if (owner.member().equals(member)) {
            mine.put(target, owner);
          }
        });
    return mine;
  }

  private static KeyValueWatcher watcher(Consumer<KeyValueEntry> onEntry, CountDownLatch loaded) {
    return new KeyValueWatcher() {
      @Override
      public void watch(KeyValueEntry entry) {
        onEntry.accept(entry);
      }

      /** The keys there were when the watch began have all come. */
      @Override
      public void endOfData() {
        loaded.countDown();
      }
    };
  }

  private void memberChanged(KeyValueEntry entry) {
    String member = Leases.id(entry.getKey());
    if (entry.getOperation() != KeyValueOperation.PUT) {
      memberSeen.remove(member);
      return;
    }
    long now = System.nanoTime();
    if (member.equals(me)) {
      selfSeenAt = now;
    }
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

  /** Ends the watches; the buckets stay known for a member leaving to give up its keys. */
  void close() {
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
  }
}
