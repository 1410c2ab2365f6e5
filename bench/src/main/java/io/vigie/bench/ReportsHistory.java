package io.vigie.bench;

import io.vigie.alerting.status.Cycle;
import io.vigie.alerting.status.EngineState;
import io.vigie.alerting.status.Silence;
import io.vigie.alerting.status.Status;
import io.vigie.alerting.status.TargetState;
import io.vigie.alerting.status.Transition;
import io.vigie.alerting.store.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A month of history (November 2026, with a day's margin each side for the clients' zones) written
 * into a real {@link StateStore} through its own write path, {@link StateStore#commit}: one
 * evaluation wherever something changes, and one every {@link #HEARTBEAT} between (the service
 * evaluates every 10 s; committing only the evaluations that change something, with the store's
 * evaluation gap above the heartbeat, gives the same journal in far fewer transactions).
 *
 * <p>Seeded, so every run writes the same history: each target 0 to 4 incidents (ERROR, DEAD or
 * WARNING, 2 minutes to 3 hours); one target in 50 flapping every 2 to 6 minutes for an hour, once
 * to three times; 50 targets stale for 1 to 6 hours; 20 added during the month, 20 removed (5 of
 * them back later); two holes in the evaluations (20 minutes, 3 hours); 60 silences, two in three
 * of them maintenance windows.
 */
final class ReportsHistory {
  static final Instant FROM = Instant.parse("2026-10-31T00:00:00Z");
  static final Instant TO = Instant.parse("2026-12-01T02:00:00Z");
  static final Duration HEARTBEAT = Duration.ofMinutes(5);
  static final Duration GAP = Duration.ofMinutes(6);
  private static final Instant ENROLLED = Instant.parse("2026-10-01T00:00:00Z");
  private static final List<Instant[]> HOLES =
      List.of(
          new Instant[] {
            Instant.parse("2026-11-09T14:00:00Z"), Instant.parse("2026-11-09T14:20:00Z")
          },
          new Instant[] {
            Instant.parse("2026-11-21T01:00:00Z"), Instant.parse("2026-11-21T04:00:00Z")
          });
  private static final Status[] BAD = {Status.ERROR, Status.DEAD, Status.WARNING};
  private static final String[] CAUSES = {
    "disk.used_percent 93 > 90", "no data for 60 s", "load.load5 9.1 > 8", "ssh: connection refused"
  };

  /** What was written. */
  record Written(int transitions, int evaluations, int silences) {}

  /** What happens at one instant: transitions, targets going stale or back, added or removed. */
  private static final class Moment {
    final List<Transition> transitions = new ArrayList<>();
    final Map<String, Boolean> stale = new java.util.HashMap<>();
    final List<String> added = new ArrayList<>();
    final List<String> removed = new ArrayList<>();
  }

  private final List<String> targets;
  private final Map<String, String> clientOf;
  private final Random random = new Random(19);
  private final TreeMap<Instant, Moment> moments = new TreeMap<>();
  private int transitions;

  private ReportsHistory(List<String> targets, Map<String, String> clientOf) {
    this.targets = targets;
    this.clientOf = clientOf;
  }

  /** Writes the month for these targets (id to client) into {@code store}. */
  static Written write(StateStore store, List<String> targets, Map<String, String> clientOf) {
    ReportsHistory h = new ReportsHistory(targets, clientOf);
    h.plan();
    int evaluations = h.commit(store);
    int silences = h.silences(store);
    return new Written(h.transitions, evaluations, silences);
  }

  private void plan() {
    long month = Duration.between(FROM, TO).toSeconds();
    for (int i = 0; i < targets.size(); i++) {
      String id = targets.get(i);
      // Time cursor: the incidents of one target never overlap.
      List<long[]> spans = new ArrayList<>();
      int incidents = random.nextInt(5);
      for (int k = 0; k < incidents; k++) {
        long start = random.nextLong(month - 4 * 3600);
        long length = 120 + random.nextLong(3 * 3600 - 120);
        spans.add(new long[] {start, start + length, 0});
      }
      if (i % 50 == 7) {
        for (int k = 0, n = 1 + random.nextInt(3); k < n; k++) {
          long start = random.nextLong(month - 4 * 3600);
          spans.add(new long[] {start, start + 3600, 1});
        }
      }
      spans.sort((a, b) -> Long.compare(a[0], b[0]));
      long free = 0;
      for (long[] s : spans) {
        if (s[0] < free) {
          continue;
        }
        free = s[1] + 60;
        if (s[2] == 0) {
          Status bad = BAD[random.nextInt(BAD.length)];
          change(id, s[0], Status.RUN, bad);
          change(id, s[1], bad, Status.RUN);
        } else {
          // Flapping: an ERROR of a minute or two, back, again, for an hour.
          long t = s[0];
          while (t < s[1]) {
            change(id, t, Status.RUN, Status.ERROR);
            long back = t + 60 + random.nextInt(60);
            change(id, back, Status.ERROR, Status.RUN);
            t = back + 60 + random.nextInt(240);
          }
        }
      }
    }
    for (int k = 0; k < 50; k++) {
      String id = targets.get(random.nextInt(targets.size()));
      long start = random.nextLong(month - 7 * 3600);
      moment(start).stale.put(id, true);
      moment(start + 3600 + random.nextLong(5 * 3600)).stale.put(id, false);
    }
    for (int k = 0; k < 20; k++) {
      moment(random.nextLong(month)).added.add(targets.get(targets.size() - 1 - k));
      String gone = targets.get(targets.size() - 100 - k);
      long away = random.nextLong(month / 2);
      moment(away).removed.add(gone);
      if (k < 5) {
        moment(away + 86_400 + random.nextLong(month / 3)).added.add(gone);
      }
    }
    for (long t = 0; t < month; t += HEARTBEAT.toSeconds()) {
      moment(t);
    }
    for (Instant[] hole : HOLES) {
      moments.subMap(hole[0], true, hole[1], false).clear();
    }
  }

  private void change(String id, long second, Status from, Status to) {
    String cause = to == Status.RUN ? "" : CAUSES[random.nextInt(CAUSES.length)];
    moment(second)
        .transitions
        .add(
            new Transition(
                id,
                client(id),
                "local",
                FROM.plusSeconds(second),
                from,
                to,
                to == Status.RUN ? "" : "poll",
                cause,
                false,
                false));
  }

  // Times on the 10 s grid, as the evaluation's.
  private Moment moment(long second) {
    return moments.computeIfAbsent(FROM.plusSeconds(second - second % 10), t -> new Moment());
  }

  private int commit(StateStore store) {
    EngineState state = new EngineState();
    Set<String> late = new HashSet<>();
    for (Moment m : moments.values()) {
      for (String id : m.added) {
        late.add(id);
      }
    }
    for (String id : targets) {
      if (!late.contains(id)) {
        state.targets().put(id, target(id, ENROLLED, false));
      }
    }
    Set<String> present = new HashSet<>(state.targets().keySet());
    int evaluations = 0;
    for (Map.Entry<Instant, Moment> e : moments.entrySet()) {
      Instant now = e.getKey();
      Moment m = e.getValue();
      for (String id : m.removed) {
        state.targets().remove(id);
        present.remove(id);
      }
      for (String id : m.added) {
        state.targets().put(id, target(id, now, false));
        present.add(id);
      }
      m.stale.forEach(
          (id, stale) -> {
            TargetState t = state.targets().get(id);
            if (t != null) {
              state.targets().put(id, target(id, t.firstSeen(), stale));
            }
          });
      // A target out of the inventory has no transitions.
      List<Transition> kept =
          m.transitions.stream().filter(t -> present.contains(t.target())).toList();
      transitions += kept.size();
      store.commit(
          new Cycle(kept, List.of(), Set.of(), new HashSet<>(m.removed), false, now), state);
      evaluations++;
    }
    return evaluations;
  }

  private int silences(StateStore store) {
    long month = Duration.between(FROM, TO).toSeconds();
    for (int k = 0; k < 60; k++) {
      String target = targets.get(random.nextInt(targets.size()));
      boolean onClient = k % 4 == 0;
      Instant starts = FROM.plusSeconds(random.nextLong(month - 8 * 3600));
      store.saveSilence(
          new Silence(
              "bench-" + k,
              onClient ? null : target,
              client(target),
              starts,
              starts.plusSeconds(1800 + random.nextLong(6 * 3600)),
              "nora",
              k % 3 == 2 ? "investigating" : "planned maintenance",
              starts.minusSeconds(86_400),
              k % 3 != 2));
    }
    return 60;
  }

  private String client(String target) {
    String client = clientOf.get(target);
    if (client == null) {
      throw new IllegalArgumentException("no client for target " + target);
    }
    return client;
  }

  private TargetState target(String id, Instant firstSeen, boolean stale) {
    return new TargetState(
        id,
        client(id),
        "local",
        Status.RUN,
        "",
        "",
        firstSeen,
        Map.of(),
        firstSeen,
        null,
        "c1",
        0,
        Status.RUN,
        false,
        List.of(),
        false,
        stale);
  }
}
