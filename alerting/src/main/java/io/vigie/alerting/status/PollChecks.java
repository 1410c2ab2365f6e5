package io.vigie.alerting.status;

import io.vigie.model.cause.Cause;
import io.vigie.model.inventory.ThresholdRule;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The checks a polled target's successful poll brings, for {@link OwnStatus}: its metrics against
 * the client's thresholds ({@link ThresholdCheck}), its plugin checks and its interfaces.
 */
final class PollChecks {

  private PollChecks() {}

  /** Each metric against the most specific threshold rule for its series. */
  static void thresholds(
      List<ThresholdRule> rules,
      List<Observations.Metric> metrics,
      TargetState previous,
      Map<String, CheckState> checks,
      Instant now) {
    for (Observations.Metric metric : metrics) {
      ThresholdRule best = null;
      for (ThresholdRule rule : rules) {
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
      CheckState before = previous.checks().getOrDefault(name, CheckState.fresh(name, now));
      checks.put(name, ThresholdCheck.evaluate(best, metric.tags(), before, metric.value(), now));
    }
  }

  /** Each plugin result: OK is RUN, CRITICAL is ERROR, WARNING and UNKNOWN are WARNING. */
  static void plugins(
      List<Observations.Plugin> plugins,
      TargetState previous,
      Map<String, CheckState> checks,
      Instant now) {
    for (Observations.Plugin plugin : plugins) {
      String name = "check:" + plugin.check();
      Status status =
          switch (plugin.status()) {
            case 0 -> Status.RUN;
            case 2 -> Status.ERROR;
            default -> Status.WARNING; // 1 WARNING, 3 UNKNOWN: someone should look
          };
      checks.put(
          name,
          check(
              previous,
              name,
              status,
              plugin.message(),
              now,
              false,
              null,
              null,
              status == Status.RUN
                  ? null
                  : new Cause.CheckFailed(plugin.check(), plugin.status(), plugin.message())));
    }
  }

  /** Each interface: ERROR when it is down, enabled, and was seen up once. */
  static void interfaces(
      List<Observations.Interface> interfaces,
      TargetState previous,
      Map<String, CheckState> checks,
      Instant now) {
    for (Observations.Interface i : interfaces) {
      String name = "interface:" + i.name();
      CheckState before = previous.checks().get(name);
      boolean seenUp = i.oper() == 1 || (before != null && before.seenUp());
      // A port that was never up is an unused port, and an admin-down one was shut on purpose.
      boolean down = i.admin() == 1 && i.oper() == 2 && seenUp;
      checks.put(
          name,
          check(
              previous,
              name,
              down ? Status.ERROR : Status.RUN,
              down ? "interface " + i.name() + " down" : "",
              now,
              seenUp,
              null,
              null,
              down ? new Cause.InterfaceDown(i.name()) : null));
    }
  }

  /** A check of {@code status}, in it since the previous state says, or since now. */
  static CheckState check(
      TargetState previous,
      String name,
      Status status,
      String message,
      Instant now,
      boolean seenUp,
      @Nullable Double value,
      @Nullable Double threshold,
      @Nullable Cause typed) {
    CheckState before = previous.checks().get(name);
    Instant since = before != null && before.status() == status ? before.since() : now;
    return new CheckState(
        name, status, message, since, null, null, seenUp, value, threshold, typed);
  }

  private static String label(Map<String, String> tags) {
    if (tags.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("{");
    new TreeMap<>(tags)
        .forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append(k).append('=').append(v));
    return b.append('}').toString();
  }
}
