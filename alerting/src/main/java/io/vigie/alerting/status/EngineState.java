package io.vigie.alerting.status;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The engine's memory: what it knows of every target, the silences and acknowledgements, the
 * pipeline conditions and when each collector was last heard. Loaded from the store at start and
 * changed only by the engine (evaluations) and the service (API calls), one at a time.
 */
public final class EngineState {
  final Map<String, TargetState> targets = new LinkedHashMap<>();
  final Map<String, Silence> silences = new LinkedHashMap<>();
  final Map<String, Acknowledgement> acks = new LinkedHashMap<>();
  final Map<String, Condition> conditions = new LinkedHashMap<>();
  final Map<String, Instant> collectors = new LinkedHashMap<>();

  /**
   * Each collector's refused-points counter as last read, and when it last went up. Not stored:
   * after a restart the next increase is seen against the first value read, and a raised condition
   * clears from the time it was raised.
   */
  final Map<String, RejectedCounter> rejected = new LinkedHashMap<>();

  /**
   * Since when each declared member of a collector group is expected: a member never heard from is
   * lost that long after. Not stored: after a restart the wait starts again.
   */
  final Map<String, Instant> membersExpected = new LinkedHashMap<>();

  record RejectedCounter(double count, Instant time, @Nullable Instant lastIncrease) {}

  public Map<String, TargetState> targets() {
    return targets;
  }

  public Map<String, Silence> silences() {
    return silences;
  }

  public Map<String, Acknowledgement> acks() {
    return acks;
  }

  public Map<String, Condition> conditions() {
    return conditions;
  }

  /** When each collector's newest poll point was written. */
  public Map<String, Instant> collectors() {
    return collectors;
  }
}
