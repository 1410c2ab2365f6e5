package io.vigie.alerting.status;

import io.vigie.model.cause.Cause;
import io.vigie.model.inventory.Target;
import io.vigie.model.inventory.ThresholdRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Judges a target's own status from what was read for it alone: its polls (reachability, data), its
 * metrics against the client's thresholds ({@link ThresholdCheck}), its plugin checks and its
 * interfaces ({@link PollChecks}), its service probes ({@link ProbeChecks}). Apart from {@link
 * StatusEngine} because this part only looks at one target: its parent, flapping, silences and
 * notices come after, elsewhere.
 */
final class OwnStatus {
  static final String REACHABILITY = "reachability";
  static final String DATA = "data";

  private final EngineSettings settings;
  private final ProbeChecks probes;

  OwnStatus(EngineSettings settings) {
    this.settings = settings;
    this.probes = new ProbeChecks(settings);
  }

  /**
   * The target's own status from what was read for it this cycle, its probes' runs included: a
   * polled target's status comes from its polls as before, its probe checks joining its other
   * checks (a DEAD from the polls stays DEAD); a {@code service} target's comes from its probes
   * alone ({@link #judgeService}).
   */
  Judgement judge(
      Target target,
      TargetState previous,
      List<Observations.Poll> polls,
      List<Observations.Metric> metrics,
      List<Observations.Plugin> plugins,
      List<Observations.Interface> interfaces,
      List<Observations.ProbeRun> runs,
      LogWindows logs,
      List<ThresholdRule> rules,
      SilentCollectors silent,
      Instant now) {
    Judgement own =
        judge(target, previous, polls, metrics, plugins, interfaces, runs, rules, silent, now);
    if (target.logs().rules().isEmpty()
        && previous.checks().keySet().stream().noneMatch(LogChecks::isLogCheck)) {
      return own; // no log rule, now or before
    }
    Map<String, CheckState> checks = new HashMap<>(own.checks());
    if (logs.read()) {
      LogChecks.update(target, previous, checks, logs, now);
    } else {
      previous
          .checks()
          .forEach(
              (name, check) -> {
                if (LogChecks.isLogCheck(name)) {
                  checks.put(name, check);
                }
              });
    }
    if (own.status() == Status.DEAD || own.stale()) {
      // What the logs say is kept beside a DEAD target, not put in its place.
      return withChecks(own, checks);
    }
    return worst(checks, own.lastData(), own.collector(), own.failures());
  }

  private Judgement judge(
      Target target,
      TargetState previous,
      List<Observations.Poll> polls,
      List<Observations.Metric> metrics,
      List<Observations.Plugin> plugins,
      List<Observations.Interface> interfaces,
      List<Observations.ProbeRun> runs,
      List<ThresholdRule> rules,
      SilentCollectors silent,
      Instant now) {
    List<Observations.Metric> own = metrics;
    List<Observations.Metric> probeMetrics = List.of();
    if (metrics.stream().anyMatch(ProbeChecks::isProbeMetric)) {
      own = metrics.stream().filter(m -> !ProbeChecks.isProbeMetric(m)).toList();
      probeMetrics = metrics.stream().filter(ProbeChecks::isProbeMetric).toList();
    }
    if (!target.polled()) {
      return judgeService(target, previous, runs, probeMetrics, rules, silent, now);
    }
    Judgement polled =
        judgePolls(target, previous, polls, own, plugins, interfaces, rules, silent, now);
    if (target.probes().isEmpty()
        && previous.checks().keySet().stream().noneMatch(ProbeChecks::isProbeCheck)) {
      return polled; // the common case, and every target before issue 16
    }
    Map<String, CheckState> checks = new HashMap<>(polled.checks());
    boolean changed = probes.update(target, checks, runs, probeMetrics, rules, now);
    if (!changed) {
      return polled;
    }
    if (polled.status() == Status.DEAD || polled.stale()) {
      // Unreachable, no data, a collector silent: the probes' checks are kept, not the status.
      return withChecks(polled, checks);
    }
    return worst(checks, polled.lastData(), polled.collector(), polled.failures());
  }

  /**
   * A {@code service} target: no poll of its own, its probes say whether it is up. Its data is its
   * probes' runs (no run for {@code dead-after-intervals} of its longest probe interval is DEAD,
   * never reported likewise); DEAD when every probe's last {@code dead-after-polls} runs could not
   * reach the service; otherwise its worst check.
   */
  private Judgement judgeService(
      Target target,
      TargetState previous,
      List<Observations.ProbeRun> runs,
      List<Observations.Metric> probeMetrics,
      List<ThresholdRule> rules,
      SilentCollectors silent,
      Instant now) {
    Map<String, CheckState> checks = new HashMap<>(previous.checks());
    probes.update(target, checks, runs, probeMetrics, rules, now);
    Instant lastData = previous.lastData();
    String collector = previous.collector();
    for (Observations.ProbeRun run : runs) {
      if (lastData == null || run.time().isAfter(lastData)) {
        lastData = run.time();
        collector = run.collector();
      }
    }
    Duration noData =
        ProbeChecks.longestInterval(target).multipliedBy(settings.deadAfterIntervals());
    if (lastData == null) {
      if (!now.isBefore(previous.firstSeen().plus(noData))) {
        return new Judgement(
            Status.DEAD,
            DATA,
            "never reported since it was added (" + previous.firstSeen() + ")",
            checks,
            null,
            collector,
            0,
            false,
            new Cause.NeverReported(previous.firstSeen()));
      }
      return keep(previous, checks, null, collector, 0, false);
    }
    if (now.isAfter(lastData.plus(noData))) {
      if (silent.covers(target, collector)) {
        return keep(previous, checks, lastData, collector, 0, true);
      }
      return new Judgement(
          Status.DEAD,
          DATA,
          "no data for " + StatusEngine.human(Duration.between(lastData, now)),
          checks,
          lastData,
          collector,
          0,
          false,
          new Cause.NoData(Duration.between(lastData, now)));
    }
    CheckState down = probes.unreachable(target, checks);
    if (down != null && down.typedCause() instanceof Cause.ProbeFailed f) {
      return new Judgement(
          Status.DEAD,
          down.name(),
          "unreachable for " + f.runs() + " runs: " + down.message(),
          checks,
          lastData,
          collector,
          f.runs(),
          false,
          f);
    }
    return worst(checks, lastData, collector, 0);
  }

  private static Judgement withChecks(Judgement j, Map<String, CheckState> checks) {
    return new Judgement(
        j.status(),
        j.check(),
        j.cause(),
        checks,
        j.lastData(),
        j.collector(),
        j.failures(),
        j.stale(),
        j.typedCause());
  }

  /**
   * A polled target's own status from its polls and what came with them; {@code silent} tells the
   * collectors (and collector groups) found silent, whose targets keep their status (marked stale)
   * instead of going DEAD.
   */
  private Judgement judgePolls(
      Target target,
      TargetState previous,
      List<Observations.Poll> polls,
      List<Observations.Metric> metrics,
      List<Observations.Plugin> plugins,
      List<Observations.Interface> interfaces,
      List<ThresholdRule> rules,
      SilentCollectors silent,
      Instant now) {
    // Only polls newer than the last one seen count: a read overlaps the one before it, and a
    // collector replaying its spool after an outage writes old points late.
    List<Observations.Poll> fresh = new ArrayList<>();
    for (Observations.Poll poll : polls) {
      if (previous.lastData() == null || poll.time().isAfter(previous.lastData())) {
        fresh.add(poll);
      }
    }
    Observations.Poll newest = fresh.isEmpty() ? null : fresh.get(0);
    Instant lastData = newest == null ? previous.lastData() : newest.time();
    String collector = newest == null ? previous.collector() : newest.collector();
    int failures = previous.failures();
    for (int i = fresh.size() - 1; i >= 0; i--) {
      Observations.Poll poll = fresh.get(i);
      // A credential or host key problem is ERROR, not an outage: it does not count toward DEAD.
      failures = poll.up() || poll.failure().needsHuman() ? 0 : failures + 1;
    }
    Duration noData = target.interval().multipliedBy(settings.deadAfterIntervals());
    Map<String, CheckState> checks = new HashMap<>(previous.checks());
    if (lastData == null) {
      if (!now.isBefore(previous.firstSeen().plus(noData))) {
        return new Judgement(
            Status.DEAD,
            DATA,
            "never reported since it was added (" + previous.firstSeen() + ")",
            checks,
            null,
            collector,
            failures,
            false,
            new Cause.NeverReported(previous.firstSeen()));
      }
      return keep(previous, checks, null, collector, failures, false);
    }
    if (now.isAfter(lastData.plus(noData))) {
      if (silent.covers(target, collector)) {
        // The collector is silent, not the target: that is one condition, raised elsewhere.
        return keep(previous, checks, lastData, collector, failures, true);
      }
      return new Judgement(
          Status.DEAD,
          DATA,
          "no data for " + StatusEngine.human(Duration.between(lastData, now)),
          checks,
          lastData,
          collector,
          failures,
          false,
          new Cause.NoData(Duration.between(lastData, now)));
    }
    if (newest == null) {
      // Nothing new since the last evaluation: the target is as it was.
      return keep(previous, checks, lastData, collector, failures, false);
    }
    if (newest.up()) {
      // A probe's checks change with its own runs, not with the target's polls.
      checks.keySet().removeIf(name -> !ProbeChecks.isProbeCheck(name));
      PollChecks.thresholds(rules, metrics, previous, checks, now);
      PollChecks.plugins(plugins, previous, checks, now);
      PollChecks.interfaces(interfaces, previous, checks, now);
    } else if (newest.failure().needsHuman()) {
      checks.put(
          REACHABILITY,
          PollChecks.check(
              previous,
              REACHABILITY,
              Status.ERROR,
              newest.reason(),
              now,
              false,
              null,
              null,
              new Cause.AccessRefused(newest.failure(), target.kind().code())));
    } else if (failures >= settings.deadAfterPolls()) {
      return new Judgement(
          Status.DEAD,
          REACHABILITY,
          "unreachable for " + failures + " polls: " + newest.reason(),
          checks,
          lastData,
          collector,
          failures,
          false,
          new Cause.Unreachable(newest.failure(), failures, target.kind().code()));
    } else {
      // Fewer failures than that: too early to tell, the target keeps its status.
      return keep(previous, checks, lastData, collector, failures, false);
    }
    return worst(checks, lastData, collector, failures);
  }

  /** The target at its worst check's status, RUN when it has none. */
  private static Judgement worst(
      Map<String, CheckState> checks,
      @Nullable Instant lastData,
      @Nullable String collector,
      int failures) {
    CheckState worst = null;
    for (CheckState check : checks.values()) {
      if (worst == null) {
        worst = check;
        continue;
      }
      int order = check.status().compareTo(worst.status());
      if (order > 0 || (order == 0 && check.name().compareTo(worst.name()) < 0)) {
        worst = check; // the worst, and of equals the first by name: the same every time
      }
    }
    if (worst == null || worst.status() == Status.RUN) {
      return new Judgement(Status.RUN, "", "", checks, lastData, collector, failures, false, null);
    }
    return new Judgement(
        worst.status(),
        worst.name(),
        worst.message(),
        checks,
        lastData,
        collector,
        failures,
        false,
        worst.typedCause());
  }

  private static Judgement keep(
      TargetState previous,
      Map<String, CheckState> checks,
      @Nullable Instant lastData,
      @Nullable String collector,
      int failures,
      boolean stale) {
    return new Judgement(
        previous.status(),
        previous.check(),
        previous.cause(),
        checks,
        lastData,
        collector,
        failures,
        stale,
        previous.typedCause());
  }
}
