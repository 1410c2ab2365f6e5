package io.vigie.alerting.status;

import io.vigie.model.cause.Cause;
import io.vigie.model.cause.CauseText;
import io.vigie.model.inventory.Target;
import io.vigie.model.inventory.ThresholdRule;
import io.vigie.model.poll.FailureKind;
import io.vigie.model.probe.Probe;
import io.vigie.model.probe.ProbeSpec;
import io.vigie.model.schema.ProbeSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A target's service probes as checks: {@code probe:NAME} from the probe's runs (a failed run is
 * ERROR, its typed failure the cause), and the thresholds on the {@code probe} measurement's fields
 * ({@code probe.tls_leaf_days{probe=NAME,...}}). Apart from {@link OwnStatus} because a probe runs
 * on its own schedule: its checks change when its runs arrive, not with the target's polls, and
 * they are kept as they are in between.
 */
final class ProbeChecks {
  private static final String MEASUREMENT_PREFIX = ProbeSchema.PROBE.name() + ".";

  private final EngineSettings settings;

  ProbeChecks(EngineSettings settings) {
    this.settings = settings;
  }

  /** Whether a check is a probe's: its run or a threshold on its fields. */
  static boolean isProbeCheck(String name) {
    return name.startsWith(Probe.CHECK_PREFIX) || name.startsWith(MEASUREMENT_PREFIX);
  }

  /** Whether a series is of the {@code probe} measurement. */
  static boolean isProbeMetric(Observations.Metric metric) {
    return metric.metric().startsWith(MEASUREMENT_PREFIX);
  }

  /** How often a probe runs: its own interval, else its target's. */
  static Duration interval(Target target, Probe probe) {
    @Nullable Duration own = probe.interval();
    return own == null ? target.interval() : own;
  }

  /** The longest interval among a target's probes, or the target's own when it has none. */
  static Duration longestInterval(Target target) {
    Duration longest = null;
    for (Probe probe : target.probes()) {
      Duration d = interval(target, probe);
      if (longest == null || d.compareTo(longest) > 0) {
        longest = d;
      }
    }
    return longest == null ? target.interval() : longest;
  }

  /** What a probe asks, as people name it: a URL, a host, a host and port. */
  static String service(Probe probe) {
    ProbeSpec spec = probe.spec();
    if (spec instanceof ProbeSpec.Http h) {
      return h.url().toString();
    }
    if (spec instanceof ProbeSpec.Rtsp r) {
      return r.url().toString();
    }
    if (spec instanceof ProbeSpec.Tcp t) {
      return t.host() + ":" + t.port();
    }
    if (spec instanceof ProbeSpec.Icmp i) {
      return i.host();
    }
    if (spec instanceof ProbeSpec.Dns d) {
      return d.server();
    }
    if (spec instanceof ProbeSpec.Sip s) {
      return s.host();
    }
    throw new IllegalArgumentException("no service for the probe " + probe.name());
  }

  /**
   * Updates the target's probe checks in {@code checks} from what was read this cycle: removes
   * those of probes no longer in the inventory, judges each probe's new runs, and applies the
   * thresholds to its fields' new values.
   *
   * @return whether any probe check was judged or removed (the target's worst check must be found
   *     again)
   */
  boolean update(
      Target target,
      Map<String, CheckState> checks,
      List<Observations.ProbeRun> runs,
      List<Observations.Metric> metrics,
      List<ThresholdRule> rules,
      Instant now) {
    Map<String, Probe> probes = new HashMap<>();
    target.probes().forEach(p -> probes.put(p.name(), p));
    boolean changed =
        checks.keySet().removeIf(name -> isProbeCheck(name) && !probes.containsKey(probeOf(name)));
    Map<String, List<Observations.ProbeRun>> byProbe =
        runs.stream().collect(Collectors.groupingBy(Observations.ProbeRun::probe));
    Set<String> ran = new HashSet<>();
    for (Probe probe : target.probes()) {
      String name = probe.check();
      CheckState before = checks.get(name);
      Instant lastRun = before == null ? null : before.lastRun();
      List<Observations.ProbeRun> fresh = new ArrayList<>();
      for (Observations.ProbeRun run : byProbe.getOrDefault(probe.name(), List.of())) {
        if (lastRun == null || run.time().isAfter(lastRun)) {
          fresh.add(run);
        }
      }
      if (fresh.isEmpty()) {
        // Silent while its target's other data comes (for a service target, its other probes'):
        // a WARNING of its own. When everything is silent, the target's no-data rule says so.
        changed |= silence(target, probe, checks, before, now);
        continue;
      }
      checks.put(name, judgeRuns(probe, before, fresh, now));
      ran.add(probe.name());
      changed = true;
    }
    List<ThresholdRule> probeRules = DefaultThresholds.forProbes(target, rules);
    for (Observations.Metric metric : metrics) {
      Probe probe = probes.get(metric.tags().getOrDefault(ProbeSchema.TAG_PROBE, ""));
      if (probe == null || !ran.contains(probe.name())) {
        // A probe removed from the inventory, a point without its tag, or a run already judged:
        // a probe's values change with its runs, and a read that overlaps the stream's points
        // may bring an older one back.
        continue;
      }
      ThresholdRule best = null;
      for (ThresholdRule rule : probeRules) {
        if (rule.metric().equals(metric.metric())
            && metric.tags().entrySet().containsAll(rule.where().entrySet())
            && (best == null || rule.where().size() > best.where().size())) {
          best = rule; // the most specific rule for this series
        }
      }
      if (best == null) {
        continue;
      }
      String name = metric.metric() + label(metric.tags());
      Map<String, String> said = new TreeMap<>(metric.tags());
      said.put(CauseText.SERVICE_TAG, service(probe));
      CheckState before = checks.getOrDefault(name, CheckState.fresh(name, now));
      checks.put(name, ThresholdCheck.evaluate(best, said, before, metric.value(), now));
      changed = true;
    }
    return changed;
  }

  /** The probe's check after its new runs ({@code fresh}, newest first). */
  private static CheckState judgeRuns(
      Probe probe, @Nullable CheckState before, List<Observations.ProbeRun> fresh, Instant now) {
    // The streak of failed runs with the same consequence goes on from the check's cause.
    Cause.ProbeFailed streak = null;
    Instant streakStart = null;
    if (before != null && before.typedCause() instanceof Cause.ProbeFailed f) {
      Instant last = before.lastRun();
      if (last != null) {
        streak = f;
        streakStart = last.minus(f.failingFor());
      }
    }
    int count = streak == null ? 0 : streak.runs();
    FailureKind.Consequence consequence = streak == null ? null : streak.failure().leadsTo();
    for (int i = fresh.size() - 1; i >= 0; i--) {
      Observations.ProbeRun run = fresh.get(i);
      if (run.up()) {
        count = 0;
        consequence = null;
        streakStart = null;
      } else if (consequence == run.failure().leadsTo() && streakStart != null) {
        count++;
      } else {
        count = 1;
        consequence = run.failure().leadsTo();
        streakStart = run.time();
      }
    }
    Observations.ProbeRun newest = fresh.get(0);
    String name = probe.check();
    Status status = newest.up() ? Status.RUN : Status.ERROR;
    Instant since = before != null && before.status() == status ? before.since() : now;
    if (newest.up()) {
      return new CheckState(
          name, status, "", since, null, null, false, null, null, null, newest.time());
    }
    Cause.ProbeFailed cause =
        new Cause.ProbeFailed(
            probe.name(),
            probe.type(),
            newest.failure(),
            service(probe),
            answer(probe, newest),
            days(newest),
            count,
            Duration.between(streakStart == null ? newest.time() : streakStart, newest.time()));
    String message =
        "probe "
            + probe.name()
            + " failed ("
            + newest.failure().code()
            + ")"
            + (newest.reason().isEmpty() ? "" : ": " + newest.reason());
    return new CheckState(
        name, status, message, since, null, null, false, null, null, cause, newest.time());
  }

  /**
   * A probe with no new run: when its last run is older than {@code dead-after-polls} of its
   * intervals, its check is a WARNING, no result (said once: the silence is the one when it began).
   * A probe that never ran is pending: when it was added is not known.
   */
  private boolean silence(
      Target target,
      Probe probe,
      Map<String, CheckState> checks,
      @Nullable CheckState before,
      Instant now) {
    Instant last = before == null ? null : before.lastRun();
    if (before == null
        || last == null
        || before.typedCause() instanceof Cause.ProbeSilent
        || !now.isAfter(
            last.plus(interval(target, probe).multipliedBy(settings.deadAfterPolls())))) {
      return false;
    }
    String name = probe.check();
    Duration silence = Duration.between(last, now);
    Instant since = now;
    checks.put(
        name,
        new CheckState(
            name,
            Status.WARNING,
            "probe " + probe.name() + ": no result for " + StatusEngine.human(silence),
            since,
            null,
            null,
            false,
            null,
            null,
            new Cause.ProbeSilent(probe.name(), probe.type(), service(probe), silence),
            last));
    return true;
  }

  /**
   * Whether a {@code service} target is DEAD by its probes: every probe's last {@code
   * dead-after-polls} runs failed with a kind that counts toward DEAD (no answer, refused,
   * connection, name). Returns the first such probe's check (by name), or null.
   */
  @Nullable CheckState unreachable(Target target, Map<String, CheckState> checks) {
    if (target.probes().isEmpty()) {
      return null;
    }
    CheckState first = null;
    for (Probe probe : target.probes()) {
      CheckState check = checks.get(probe.check());
      if (check == null
          || !(check.typedCause() instanceof Cause.ProbeFailed f)
          || f.failure().leadsTo() != FailureKind.Consequence.UNREACHABLE
          || f.runs() < settings.deadAfterPolls()) {
        return null;
      }
      if (first == null || check.name().compareTo(first.name()) < 0) {
        first = check;
      }
    }
    return first;
  }

  /** The protocol's answer a run wrote (HTTP, SIP, RTSP status, DNS RCODE), as text. */
  private static @Nullable String answer(Probe probe, Observations.ProbeRun run) {
    String field =
        switch (probe.type()) {
          case HTTP -> ProbeSchema.HTTP_STATUS;
          case SIP -> ProbeSchema.SIP_STATUS;
          case RTSP -> ProbeSchema.RTSP_STATUS;
          case DNS -> ProbeSchema.DNS_RCODE;
          case TCP, ICMP -> null;
        };
    if (field == null) {
      return null;
    }
    Double n = run.number(field);
    return n != null ? Long.toString(Math.round(n)) : run.text(field);
  }

  /** The days to expiry of the certificate that is nearest to it, when the run measured them. */
  private static @Nullable Double days(Observations.ProbeRun run) {
    Double leaf = run.number(ProbeSchema.TLS_LEAF_DAYS);
    Double chain = run.number(ProbeSchema.TLS_CHAIN_DAYS);
    if (leaf == null) {
      return chain;
    }
    return chain == null ? leaf : Math.min(leaf, chain);
  }

  /** The probe a probe check is of: {@code probe:NAME}, or the {@code probe} tag of its series. */
  static String probeOf(String check) {
    if (check.startsWith(Probe.CHECK_PREFIX)) {
      return check.substring(Probe.CHECK_PREFIX.length());
    }
    int brace = check.indexOf('{');
    if (brace < 0 || !check.endsWith("}")) {
      return "";
    }
    for (String pair : check.substring(brace + 1, check.length() - 1).split(",", -1)) {
      if (pair.startsWith(ProbeSchema.TAG_PROBE + "=")) {
        return pair.substring(ProbeSchema.TAG_PROBE.length() + 1);
      }
    }
    return "";
  }

  static String label(Map<String, String> tags) {
    if (tags.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("{");
    new TreeMap<>(tags)
        .forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append(k).append('=').append(v));
    return b.append('}').toString();
  }
}
