package io.vigie.alerting.status;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What one evaluation changed: to be stored in one transaction, then written and notified.
 *
 * @param changed ids of targets whose durable state changed (to store)
 * @param removed ids of targets that left the inventory (to forget)
 * @param conditionsChanged the pipeline conditions or collectors' times changed (to store)
 * @param evaluated the evaluation's time when InfluxDB was read and the targets judged; null when
 *     it could not be read (statuses kept as they were: not known). The store's journal counts the
 *     time between such evaluations as evaluated.
 */
public record Cycle(
    List<Transition> transitions,
    List<Decision> decisions,
    Set<String> changed,
    Set<String> removed,
    boolean conditionsChanged,
    @Nullable Instant evaluated) {

  /** A cycle that judged nothing (InfluxDB unread), or one built by hand. */
  public Cycle(
      List<Transition> transitions,
      List<Decision> decisions,
      Set<String> changed,
      Set<String> removed,
      boolean conditionsChanged) {
    this(transitions, decisions, changed, removed, conditionsChanged, null);
  }

  /** The same cycle, not counted as evaluated (InfluxDB could not be read lately). */
  public Cycle unevaluated() {
    return new Cycle(transitions, decisions, changed, removed, conditionsChanged, null);
  }

  /** Whether the cycle changes nothing to store but the journal's evaluated time. */
  public boolean empty() {
    return transitions.isEmpty()
        && decisions.isEmpty()
        && changed.isEmpty()
        && removed.isEmpty()
        && !conditionsChanged;
  }

  /** The same cycle with more decisions (conditions watched outside the engine). */
  public Cycle withDecisions(List<Decision> decisions, boolean conditionsChanged) {
    return new Cycle(transitions, decisions, changed, removed, conditionsChanged, evaluated);
  }
}
