package io.vigie.collector.ssh;

import io.vigie.collector.source.PollFailure;
import io.vigie.model.poll.FailureKind;

/** Why an SSH poll failed: the words the poll point's reason uses, and the kind written with it. */
final class SshFailure extends PollFailure {
  private static final long serialVersionUID = 1L;

  SshFailure(FailureKind kind, String reason) {
    super(kind, reason);
  }
}
