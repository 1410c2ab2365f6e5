package io.vigie.alerting.status;

import java.time.Instant;

/**
 * "Notify this": what the notifier acts on. Only made when the client should hear about it: not for
 * silenced, acknowledged, suppressed (parent down), flapping or stale targets.
 *
 * @param seq the decision's place in the stream, given by the store; 0 until stored
 * @param client null for a pipeline condition (it goes to the NOC)
 * @param previous the status the client was told about before
 * @param why what led to it: "status changed", "silence ended", "flapping ended"...
 */
public record Decision(
    long seq,
    Instant time,
    Kind kind,
    String client,
    String target,
    Status status,
    Status previous,
    String check,
    String cause,
    Double value,
    Double threshold,
    Instant since,
    String why) {

  public enum Kind {
    PROBLEM,
    RECOVERY,
    CONDITION_RAISED,
    CONDITION_CLEARED
  }

  public Decision withSeq(long newSeq) {
    return new Decision(
        newSeq, time, kind, client, target, status, previous, check, cause, value, threshold, since,
        why);
  }
}
