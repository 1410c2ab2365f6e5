package io.vigie.alerting.status;

import java.util.List;
import java.util.Set;

/**
 * What one evaluation changed: to be stored in one transaction, then written and notified.
 *
 * @param changed ids of targets whose durable state changed (to store)
 * @param removed ids of targets that left the inventory (to forget)
 * @param conditionsChanged the pipeline conditions or collectors' times changed (to store)
 */
public record Cycle(
    List<Transition> transitions,
    List<Decision> decisions,
    Set<String> changed,
    Set<String> removed,
    boolean conditionsChanged) {}
