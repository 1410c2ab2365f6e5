package io.vigie.alerting.status;

import io.vigie.model.cause.Cause;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * "Notify this": what the notifier acts on. Only made when the client should hear about it: not for
 * silenced, acknowledged, suppressed (parent down), flapping or stale targets.
 *
 * @param seq the decision's place in the stream, given by the store; 0 until stored
 * @param client null for a pipeline condition (it goes to the NOC)
 * @param previous the status the client was told about before
 * @param why what led to it: "status changed", "silence ended", "flapping started"...
 * @param affected for a target gone DEAD, the targets behind it (children, and theirs) that are
 *     DEAD because of it and whose own notifications are suppressed; empty otherwise
 * @param typedCause the {@code cause} as typed fields, rendered in the client's language by mails;
 *     null for a pipeline condition and for decisions stored before it existed (their text is
 *     shown)
 */
public record Decision(
    long seq,
    Instant time,
    Kind kind,
    @Nullable String client,
    @Nullable String target,
    Status status,
    Status previous,
    String check,
    String cause,
    @Nullable Double value,
    @Nullable Double threshold,
    Instant since,
    String why,
    List<String> affected,
    @Nullable Cause typedCause) {

  public enum Kind {
    PROBLEM,
    RECOVERY,
    CONDITION_RAISED,
    CONDITION_CLEARED,
    /** The target started flapping: its notifications are held until it is stable. */
    FLAPPING_STARTED,
    /** The target is stable again; {@code status} is where it ended. */
    FLAPPING_ENDED
  }

  public Decision {
    // Decisions stored before the field existed have none.
    affected = affected == null ? List.of() : List.copyOf(affected);
  }

  /** A decision without a typed cause: a pipeline condition, or one stored before it existed. */
  public Decision(
      long seq,
      Instant time,
      Kind kind,
      @Nullable String client,
      @Nullable String target,
      Status status,
      Status previous,
      String check,
      String cause,
      @Nullable Double value,
      @Nullable Double threshold,
      Instant since,
      String why,
      List<String> affected) {
    this(
        seq, time, kind, client, target, status, previous, check, cause, value, threshold, since,
        why, affected, null);
  }

  /** A decision with nothing behind it. */
  public Decision(
      long seq,
      Instant time,
      Kind kind,
      @Nullable String client,
      @Nullable String target,
      Status status,
      Status previous,
      String check,
      String cause,
      @Nullable Double value,
      @Nullable Double threshold,
      Instant since,
      String why) {
    this(
        seq, time, kind, client, target, status, previous, check, cause, value, threshold, since,
        why, List.of());
  }

  public Decision withSeq(long newSeq) {
    return new Decision(
        newSeq,
        time,
        kind,
        client,
        target,
        status,
        previous,
        check,
        cause,
        value,
        threshold,
        since,
        why,
        affected,
        typedCause);
  }

  public Decision withAffected(List<String> targets) {
    return new Decision(
        seq,
        time,
        kind,
        client,
        target,
        status,
        previous,
        check,
        cause,
        value,
        threshold,
        since,
        why,
        targets,
        typedCause);
  }

  public Decision withTypedCause(@Nullable Cause typed) {
    return new Decision(
        seq, time, kind, client, target, status, previous, check, cause, value, threshold, since,
        why, affected, typed);
  }
}
