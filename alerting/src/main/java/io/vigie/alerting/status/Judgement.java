package io.vigie.alerting.status;

import io.vigie.model.cause.Cause;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A target's own status, before its parent, flapping and notifications are considered: what {@link
 * OwnStatus} concludes and {@link Settlement} turns into a state, a transition and maybe a notice.
 * A record of its own because it is what passes between those two steps.
 */
record Judgement(
    Status status,
    String check,
    String cause,
    Map<String, CheckState> checks,
    @Nullable Instant lastData,
    @Nullable String collector,
    int failures,
    boolean stale,
    @Nullable Cause typedCause) {

  /**
   * The same judgement with its status replaced by DEAD because of a DEAD parent: the target's own
   * checks, data and failures are kept, so that when the parent is back the target resumes from
   * what it really is.
   */
  Judgement behindDeadParent(String cause, Cause parentDown) {
    return new Judgement(
        Status.DEAD,
        StatusEngine.PARENT,
        cause,
        checks,
        lastData,
        collector,
        failures,
        stale,
        parentDown);
  }
}
