package io.vigie.model.logs;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a target says about its logs ({@code logs:} and {@code log_rules:} in the inventory).
 *
 * @param senders more addresses or host names whose syslog messages are this target's (an explicit
 *     source rule, beside its own address)
 * @param journal the systemd journal followed over SSH, or null
 * @param files files followed over SSH with {@code tail -F}
 * @param rules the rules judged on its lines: its own and its client's (its own first)
 */
public record TargetLogs(
    List<String> senders,
    @Nullable JournalSource journal,
    List<String> files,
    List<LogRule> rules) {
  public static final TargetLogs NONE = new TargetLogs(List.of(), null, List.of(), List.of());

  public TargetLogs {
    senders = List.copyOf(senders);
    files = List.copyOf(files);
    rules = List.copyOf(rules);
  }

  /** Whether lines are followed over the target's SSH session. */
  public boolean followed() {
    return journal != null || !files.isEmpty();
  }

  /** These logs with {@code rules} in place of the rules. */
  public TargetLogs withRules(List<LogRule> rules) {
    return new TargetLogs(senders, journal, files, rules);
  }

  /**
   * The journal of an SSH target, followed with {@code journalctl --follow --output=json}.
   *
   * @param units the units whose lines are read; every unit when empty
   * @param priority lines at this severity or a more severe one; every line when null
   * @param namespace a journald namespace ({@code journalctl --namespace}), or null for the
   *     system's journal
   */
  public record JournalSource(
      List<String> units, @Nullable Severity priority, @Nullable String namespace) {
    public JournalSource {
      units = List.copyOf(units);
    }
  }
}
