package io.vigie.collector.ssh;

import io.vigie.collector.logs.LogIntake;
import io.vigie.model.inventory.SecretResolver;
import io.vigie.model.inventory.Target;
import io.vigie.model.inventory.TargetKind;
import io.vigie.model.logs.TargetLogs;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log sources of the inventory's SSH targets ({@code logs.journal}, {@code logs.files}), each
 * followed by a {@link LogFollower} over its target's kept session. An inventory reload starts the
 * new ones, stops the removed ones, and restarts those whose target changed (from where they were).
 */
public final class SshLogs implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SshLogs.class);

  private final SshSessions sessions;
  private final SecretResolver secrets;
  private final LogIntake intake;
  private final FollowPositions positions;
  private final Clock clock;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "vigie-log-follow");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, LogFollower> followers = new HashMap<>();
  private final Map<String, Target> followedTargets = new HashMap<>();

  public SshLogs(
      SshSessions sessions,
      SecretResolver secrets,
      LogIntake intake,
      FollowPositions positions,
      Clock clock) {
    this.sessions = sessions;
    this.secrets = secrets;
    this.intake = intake;
    this.positions = positions;
    this.clock = clock;
  }

  /** Follows what {@code targets} declare, and only that. */
  public synchronized void apply(Collection<Target> targets) {
    Map<String, Target> wanted = new HashMap<>();
    for (Target t : targets) {
      if (t.kind() == TargetKind.SSH && t.ssh() != null && t.logs().followed()) {
        wanted.put(t.id(), t);
      }
    }
    for (String id : Map.copyOf(followedTargets).keySet()) {
      if (!wanted.containsKey(id) || !wanted.get(id).equals(followedTargets.get(id))) {
        stop(id, !wanted.containsKey(id));
      }
    }
    for (Target t : wanted.values()) {
      if (!followedTargets.containsKey(t.id())) {
        start(t);
      }
    }
  }

  private void start(Target t) {
    SshSessions.Login login = SshSource.login(t, secrets);
    TargetLogs logs = t.logs();
    if (logs.journal() != null) {
      add(
          new LogFollower(
              sessions, login, t, logs.journal(), null, intake, positions, timer, clock));
    }
    for (String file : logs.files()) {
      add(new LogFollower(sessions, login, t, null, file, intake, positions, timer, clock));
    }
    followedTargets.put(t.id(), t);
    LOG.info("following the logs of {} over SSH", t.id());
  }

  private void add(LogFollower follower) {
    followers.put(follower.key(), follower);
    follower.start();
  }

  /** Stops a target's followers; its positions are forgotten only when it left the inventory. */
  private void stop(String target, boolean forget) {
    followers
        .entrySet()
        .removeIf(
            e -> {
              if (!e.getKey().startsWith(target + "|")) {
                return false;
              }
              e.getValue().stop();
              if (forget) {
                positions.forget(e.getKey());
              }
              return true;
            });
    followedTargets.remove(target);
  }

  /** Sources followed now. */
  public synchronized int following() {
    return followers.size();
  }

  @Override
  public synchronized void close() {
    followers.values().forEach(LogFollower::stop);
    followers.clear();
    followedTargets.clear();
    timer.shutdownNow();
  }
}
