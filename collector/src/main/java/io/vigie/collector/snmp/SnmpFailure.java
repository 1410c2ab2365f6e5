package io.vigie.collector.snmp;

import io.vigie.collector.source.PollFailure;
import io.vigie.model.poll.FailureKind;
import org.jspecify.annotations.Nullable;

/** Why an SNMP request failed, in the words an operator needs to act on it. */
public final class SnmpFailure extends PollFailure {
  private static final long serialVersionUID = 1L;

  /** The kinds of SNMP failure: the words that start the reason, and the kind written with it. */
  public enum Kind {
    TIMEOUT("timeout", FailureKind.TIMEOUT),
    AUTHENTICATION("authentication failure", FailureKind.AUTHENTICATION),
    UNKNOWN_USER("unknown user", FailureKind.UNKNOWN_USER),
    AGENT_ERROR("agent error", FailureKind.AGENT_ERROR),
    BUDGET("time budget exceeded", FailureKind.BUDGET),
    IO("I/O error", FailureKind.IO);

    private final String words;
    private final FailureKind failureKind;

    Kind(String words, FailureKind failureKind) {
      this.words = words;
      this.failureKind = failureKind;
    }

    public String words() {
      return words;
    }

    public FailureKind failureKind() {
      return failureKind;
    }
  }

  private final Kind kind;

  public SnmpFailure(Kind kind, @Nullable String detail) {
    super(
        kind.failureKind(),
        kind.words() + (detail == null || detail.isEmpty() ? "" : ": " + detail));
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
