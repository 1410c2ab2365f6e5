package io.vigie.model.cause;

import io.vigie.model.inventory.Language;

/** The sentences of log rules' causes, apart from {@link CauseText} to keep each file short. */
final class LogCauseText {
  private LogCauseText() {}

  /**
   * "12 lignes de journal correspondent à la règle auth en 5 min" / "12 log lines matched the rule
   * auth in 5 min"; the lines themselves are quoted apart, by the mail.
   */
  static String logMatched(Cause.LogMatched l, Language language) {
    boolean fr = language == Language.FR;
    boolean one = l.matches() == 1;
    String lines =
        fr
            ? (one ? " ligne de journal correspond" : " lignes de journal correspondent")
            : (one ? " log line matched" : " log lines matched");
    return l.matches()
        + lines
        + (fr ? " à la règle " : " the rule ")
        + l.rule()
        + (fr ? " en " : " in ")
        + CauseText.duration(l.within(), language)
        + (l.count() > 1 ? (fr ? " (alerte à partir de " : " (alert from ") + l.count() + ")" : "");
  }
}
