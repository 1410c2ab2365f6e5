package io.vigie.collector.source;

import io.vigie.model.poll.FailureKind;

/**
 * A poll that failed for a reason the source understands: its message is the human reason, its
 * {@link #failureKind()} what the alerting service decides by. A source completes its poll
 * exceptionally with one; anything else it throws is classified by the scheduler (I/O, timeout, or
 * a bug).
 */
public abstract class PollFailure extends Exception {
  private static final long serialVersionUID = 1L;

  private final FailureKind kind;

  protected PollFailure(FailureKind kind, String reason) {
    super(reason);
    if (kind == null || kind == FailureKind.NONE) {
      throw new IllegalArgumentException("a poll failure needs a kind, found " + kind);
    }
    this.kind = kind;
  }

  public FailureKind failureKind() {
    return kind;
  }
}
