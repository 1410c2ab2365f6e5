package io.vigie.alerting.status;

import io.vigie.model.cause.Cause;
import io.vigie.model.inventory.Comparison;
import io.vigie.model.inventory.ThresholdRule;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One threshold rule applied to one value, one evaluation at a time.
 *
 * <p>Hysteresis: a check at a level stays there while the value is beyond that level minus the
 * recovery margin (on the bad side), so a value hovering at the threshold does not toggle. The
 * {@code for} duration delays every step towards worse; steps towards better are immediate, the
 * margin having already absorbed the noise.
 */
final class ThresholdCheck {
  private ThresholdCheck() {}

  static CheckState evaluate(ThresholdRule rule, CheckState previous, double value, Instant now) {
    return evaluate(rule, Map.of(), previous, value, now);
  }

  /**
   * @param tags the series' tags, for the typed cause (the metric's display name shows them)
   */
  static CheckState evaluate(
      ThresholdRule rule,
      Map<String, String> tags,
      CheckState previous,
      double value,
      Instant now) {
    Status current = previous.status() == Status.DEAD ? Status.RUN : previous.status();
    Status raw = raw(rule, value, current);
    Instant errorSince =
        raw == Status.ERROR ? (previous.errorSince() != null ? previous.errorSince() : now) : null;
    Instant warningSince =
        raw.compareTo(Status.WARNING) >= 0
            ? (previous.warningSince() != null ? previous.warningSince() : now)
            : null;
    Duration hold = rule.forDuration() == null ? Duration.ZERO : rule.forDuration();
    Status next;
    if (errorSince != null && !now.isBefore(errorSince.plus(hold))) {
      next = Status.ERROR;
    } else if (warningSince != null && !now.isBefore(warningSince.plus(hold))) {
      next = Status.WARNING;
    } else {
      // Pending (or back to normal): worse waits for its timer, better applies now.
      next = raw.compareTo(current) < 0 ? raw : current;
    }
    Double threshold = level(rule, next == Status.RUN ? raw : next);
    String message = message(rule, value, next, threshold);
    Instant since = next == previous.status() ? previous.since() : now;
    Cause typed =
        next == Status.RUN || threshold == null
            ? null
            : new Cause.Threshold(
                rule.metric(),
                tags,
                value,
                threshold,
                rule.comparison(),
                next == Status.ERROR ? Cause.Level.ERROR : Cause.Level.WARNING);
    return new CheckState(
        previous.name(),
        next,
        message,
        since,
        warningSince,
        errorSince,
        false,
        value,
        threshold,
        typed);
  }

  /** The level the value is at now, given the level the check is at (for the hysteresis). */
  static Status raw(ThresholdRule rule, double value, Status current) {
    if (beyond(rule, value, rule.error(), 0)) {
      return Status.ERROR;
    }
    if (current == Status.ERROR && beyond(rule, value, rule.error(), rule.recovery())) {
      return Status.ERROR;
    }
    if (beyond(rule, value, rule.warning(), 0)) {
      return Status.WARNING;
    }
    if (current.compareTo(Status.WARNING) >= 0
        && beyond(rule, value, rule.warning(), rule.recovery())) {
      return Status.WARNING;
    }
    return Status.RUN;
  }

  /**
   * Whether the value is beyond a level, the level being moved back by {@code margin} towards the
   * good side. A level of NaN (not set) is never reached.
   */
  private static boolean beyond(ThresholdRule rule, double value, double level, double margin) {
    if (Double.isNaN(level)) {
      return false;
    }
    return rule.comparison()
        .breaches(value, rule.comparison() == Comparison.BELOW ? level + margin : level - margin);
  }

  private static @Nullable Double level(ThresholdRule rule, Status status) {
    double level =
        switch (status) {
          case ERROR -> rule.error();
          case WARNING -> rule.warning();
          default -> Double.NaN;
        };
    return Double.isNaN(level) ? null : level;
  }

  // Plain concatenation: this runs for every check of every target at every evaluation, and
  // String.format was a tenth of an evaluation's time at 100,000 checks.
  private static String message(
      ThresholdRule rule, double value, Status status, @Nullable Double level) {
    if (status == Status.RUN || level == null) {
      return rule.metric() + " = " + number(value);
    }
    return rule.metric()
        + " = "
        + number(value)
        + (rule.comparison() == Comparison.BELOW ? ", below " : ", above ")
        + (status == Status.ERROR ? "error level " : "warning level ")
        + number(level);
  }

  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    double rounded = Math.rint(v * 100) / 100;
    return Double.toString(rounded);
  }
}
