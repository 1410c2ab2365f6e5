package io.vigie.alerting.report;

/**
 * Computes a client's report from what the service recorded. To be written (issue 19): see
 * ReportInput, Figures and ClientReport for what goes in and what comes out.
 */
public final class Availability {
  private Availability() {}

  /** The report of {@code input}'s client over its period. */
  // A stub until the computation is merged (then this line goes with it).
  @SuppressWarnings("DoNotCallSuggester")
  public static ClientReport report(ReportInput input) {
    throw new UnsupportedOperationException("not written yet");
  }
}
