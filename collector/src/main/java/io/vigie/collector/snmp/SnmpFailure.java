package io.vigie.collector.snmp;

/** Why an SNMP request failed, in the words an operator needs to act on it. */
public final class SnmpFailure extends Exception {
  private static final long serialVersionUID = 1L;

  /** The kinds of failure the poll point's reason distinguishes. */
  public enum Kind {
    TIMEOUT("timeout"),
    AUTHENTICATION("authentication failure"),
    UNKNOWN_USER("unknown user"),
    AGENT_ERROR("agent error"),
    BUDGET("time budget exceeded"),
    IO("I/O error");

    private final String words;

    Kind(String words) {
      this.words = words;
    }

    public String words() {
      return words;
    }
  }

  private final Kind kind;

  public SnmpFailure(Kind kind, String detail) {
    super(kind.words() + (detail == null || detail.isEmpty() ? "" : ": " + detail));
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
