package io.vigie.alerting.status;

import io.vigie.model.cause.Cause;
import io.vigie.model.inventory.Target;
import io.vigie.model.logs.LogRule;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A target's log rules as checks ({@code log:NAME}): at the rule's level while at least {@code
 * count} lines matched within its {@code within}; once raised, RUN again only when no line matched
 * for {@code clear_after}. Judged from sums over absolute windows ({@link LogWindows}), so the
 * check comes out the same after a restart of the service, and at every evaluation, not only when
 * lines arrive: a rule clears on time without a line to tell it.
 */
final class LogChecks {
  private LogChecks() {}

  static boolean isLogCheck(String name) {
    return name.startsWith(LogRule.CHECK_PREFIX);
  }

  /**
   * Updates the target's log checks in {@code checks} (removing those of rules no longer in the
   * inventory), each from its state in {@code previous}.
   */
  static void update(
      Target target,
      TargetState previous,
      Map<String, CheckState> checks,
      LogWindows logs,
      Instant now) {
    Set<String> names = new HashSet<>();
    for (LogRule rule : target.logs().rules()) {
      names.add(rule.check());
    }
    checks.keySet().removeIf(name -> isLogCheck(name) && !names.contains(name));
    for (LogRule rule : target.logs().rules()) {
      CheckState before = previous.checks().get(rule.check());
      checks.put(rule.check(), judge(target, rule, before, logs, now));
    }
  }

  private static CheckState judge(
      Target target, LogRule rule, @Nullable CheckState before, LogWindows logs, Instant now) {
    LogWindows.Matched within = logs.in(rule.within(), target.id(), rule.name());
    boolean raised = before != null && before.status() != Status.RUN;
    boolean firing = within.count() >= rule.count();
    if (!firing && raised) {
      // Raised, and not quiet for clear_after yet: it stays, with what it said.
      firing = logs.in(rule.clearAfter(), target.id(), rule.name()).count() > 0;
      if (firing) {
        return Objects.requireNonNull(before);
      }
    }
    Status status =
        !firing ? Status.RUN : rule.level() == LogRule.Level.ERROR ? Status.ERROR : Status.WARNING;
    Instant since = before != null && before.status() == status ? before.since() : now;
    if (status == Status.RUN) {
      return new CheckState(rule.check(), status, "", since, null, null, false, null, null);
    }
    Cause.LogMatched cause =
        new Cause.LogMatched(
            rule.name(), within.count(), rule.count(), rule.within(), within.lines());
    String message =
        within.count()
            + " log lines matched rule "
            + rule.name()
            + " within "
            + StatusEngine.human(rule.within())
            + (within.lines().isEmpty()
                ? ""
                : ", the last: " + within.lines().get(within.lines().size() - 1));
    return new CheckState(
        rule.check(),
        status,
        message,
        since,
        null,
        null,
        false,
        (double) within.count(),
        (double) rule.count(),
        cause);
  }
}
