package io.vigie.alerting.status;

import io.vigie.model.cause.Cause;
import io.vigie.model.inventory.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Settles a judged target: its new state, the transition to record and whether its client is told,
 * given flapping, acknowledgements, silences, a DEAD parent and the hold before a notice. Apart
 * from {@link OwnStatus} because what a target is and what its client hears of it are different
 * questions: a target can be DEAD and nobody told yet, or told nothing because it flaps.
 */
final class Settlement {
  private final EngineSettings settings;

  Settlement(EngineSettings settings) {
    this.settings = settings;
  }

  /**
   * Applies flapping, acknowledgements, silences and the hold before a notice; records the
   * transition and the decision.
   */
  TargetState settle(
      Target target,
      TargetState previous,
      Judgement own,
      boolean suppressed,
      Duration hold,
      Instant now,
      EngineState state,
      List<Transition> transitions,
      List<Decision> decisions) {
    boolean statusChanged = own.status() != previous.status();
    Flapping flap = Flapping.next(settings, previous, statusChanged, now);
    List<Instant> changes = flap.changes();
    boolean flapping = flap.flapping();
    Instant since = statusChanged ? now : previous.since();
    if (statusChanged || flapping != previous.flapping() || suppressed != previous.suppressed()) {
      transitions.add(
          new Transition(
              target.id(),
              target.client(),
              target.kind().code(),
              now,
              previous.status(),
              own.status(),
              own.check(),
              own.cause(),
              suppressed,
              flapping,
              own.typedCause()));
    }
    Acknowledgement ack = state.acks.get(target.id());
    if (ack != null && own.status().compareTo(Status.ERROR) < 0) {
      state.acks.remove(target.id()); // the problem acknowledged is over
      ack = null;
    }
    boolean silenced = state.silences.values().stream().anyMatch(s -> s.mutes(previous, now));
    // Flapping is told, not muted: once when it starts, once when it is over.
    boolean muted = suppressed || own.stale() || silenced;
    Status notified = previous.notified();
    CheckState worst = own.checks().get(own.check());
    Decision.Kind kind = null;
    String why = null;
    String cause = own.cause();
    Cause typed = own.typedCause();
    if (muted) {
      // nothing is told; what differs from what the client knows is told when it is over
    } else if (flapping && !previous.flapping()) {
      kind = Decision.Kind.FLAPPING_STARTED;
      why = "flapping started";
      cause =
          changes.size()
              + " status changes in "
              + StatusEngine.human(settings.flapWindow())
              + (own.cause().isEmpty() ? "" : "; now " + own.cause());
      typed = new Cause.Flapping(changes.size(), settings.flapWindow(), own.typedCause());
    } else if (flapping) {
      // held: the client knows it flaps
    } else if (previous.flapping()) {
      kind = Decision.Kind.FLAPPING_ENDED;
      why = "flapping ended";
      notified = own.status();
    } else if (own.status() != notified
        && !(ack != null && own.status() != Status.RUN)
        && !now.isBefore(since.plus(hold))) {
      kind = own.status() == Status.RUN ? Decision.Kind.RECOVERY : Decision.Kind.PROBLEM;
      why =
          isSilenceEnd(state, previous, since, now)
              ? "silence ended"
              : previous.suppressed()
                  ? "parent back"
                  : previous.stale() ? "no longer muted" : "status changed";
      notified = own.status();
    }
    if (kind != null) {
      decisions.add(
          new Decision(
              0,
              now,
              kind,
              target.client(),
              target.id(),
              own.status(),
              previous.notified(),
              own.check(),
              cause,
              worst == null ? null : worst.value(),
              worst == null ? null : worst.threshold(),
              since,
              // Every branch that sets a kind says why.
              Objects.requireNonNull(why, "a decision without its why"),
              List.of(),
              typed));
    }
    return new TargetState(
        target.id(),
        target.client(),
        target.kind().code(),
        own.status(),
        own.check(),
        own.cause(),
        since,
        own.checks(),
        previous.firstSeen(),
        own.lastData(),
        own.collector(),
        own.failures(),
        notified,
        flapping,
        changes,
        suppressed,
        own.stale(),
        own.typedCause());
  }

  /** A silence that muted the target in its current status has ended. */
  private static boolean isSilenceEnd(
      EngineState state, TargetState target, Instant since, Instant now) {
    return state.silences.values().stream()
        .anyMatch(
            s ->
                s.mutes(target, s.ends().minusMillis(1))
                    && !now.isBefore(s.ends())
                    && since.isBefore(s.ends()));
  }
}
