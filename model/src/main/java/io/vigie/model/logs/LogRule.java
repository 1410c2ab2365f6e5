package io.vigie.model.logs;

import java.time.Duration;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A rule that turns log lines into a check ({@code log:NAME}): lines that match ({@code match}, at
 * or above {@code severity}, or both) {@code count} times within {@code within} put the check at
 * {@code level}; it is RUN again once no line matched for {@code clearAfter}.
 *
 * @param name the rule's name, unique among the rules of a target (a target's own rule replaces its
 *     client's of the same name)
 * @param match the regular expression (Java's syntax) searched in the message, or null
 * @param severity lines at this severity or a more severe one, or null for any
 * @param level WARNING or ERROR
 */
public record LogRule(
    String name,
    @Nullable Pattern match,
    @Nullable Severity severity,
    Level level,
    int count,
    Duration within,
    Duration clearAfter) {

  /** The prefix of a log rule's check name. */
  public static final String CHECK_PREFIX = "log:";

  /** The status a rule's check takes while it fires. */
  public enum Level {
    WARNING,
    ERROR
  }

  /** The check's name: {@code log:NAME}. */
  public String check() {
    return CHECK_PREFIX + name;
  }

  /**
   * Whether a line says what the rule looks for. A regular expression that backtracks past a budget
   * on this line ({@link BoundedText}) does not match it.
   */
  public boolean matches(int severityCode, CharSequence message) {
    if (severity != null && !severity.includes(severityCode)) {
      return false;
    }
    if (match == null) {
      return true;
    }
    try {
      return match.matcher(new BoundedText(message)).find();
    } catch (BoundedText.Exhausted e) {
      return false;
    }
  }

  @Override
  public boolean equals(@Nullable Object o) {
    // Pattern has no equals of its own: two rules written alike are equal.
    return o instanceof LogRule r
        && name.equals(r.name)
        && String.valueOf(match).equals(String.valueOf(r.match))
        && severity == r.severity
        && level == r.level
        && count == r.count
        && within.equals(r.within)
        && clearAfter.equals(r.clearAfter);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(name, String.valueOf(match), severity, level, count, within);
  }
}
