package io.vigie.model.logs;

import java.util.Locale;
import java.util.Optional;

/**
 * Syslog's eight severities (RFC 5424 §6.2.1), named as Telegraf's syslog input and journald name
 * them; a lower code is more severe.
 */
public enum Severity {
  EMERG(0),
  ALERT(1),
  CRIT(2),
  ERR(3),
  WARNING(4),
  NOTICE(5),
  INFO(6),
  DEBUG(7);

  private final int code;

  Severity(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The name written in tags and inventories: {@code err}, {@code warning}... */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether a line of {@code code} is this severe or more. */
  public boolean includes(int code) {
    return code <= this.code;
  }

  /** The severity of a code from 0 to 7. */
  public static Severity ofCode(int code) {
    return values()[code];
  }

  /**
   * The severity a person wrote: the labels, the code, and the usual other spellings (error, warn,
   * critical, emergency, panic).
   */
  public static Optional<Severity> parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    Severity alias =
        switch (t) {
          case "error" -> ERR;
          case "warn" -> WARNING;
          case "critical" -> CRIT;
          case "emergency", "panic" -> EMERG;
          default -> null;
        };
    if (alias != null) {
      return Optional.of(alias);
    }
    for (Severity s : values()) {
      if (s.label().equals(t) || String.valueOf(s.code).equals(t)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
