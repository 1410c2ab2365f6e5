package io.vigie.alerting.report;

import java.time.Duration;

/**
 * Time in each state over a period, for one target or summed over a client's targets. Only the time
 * in the contract's service hours is counted; maintenance and unknown time take precedence over the
 * status in that time (maintenance first: planned work is planned work, known or not).
 *
 * @param maintenance time in a maintenance window
 * @param unknown time whose status is not known: the service not evaluating, InfluxDB unreadable,
 *     the collector silent, or the target not yet (or no longer) in the inventory
 */
public record Figures(
    Duration counted,
    Duration run,
    Duration warning,
    Duration error,
    Duration dead,
    Duration maintenance,
    Duration unknown,
    boolean warningIsUp) {

  /** Up time: RUN, and WARNING unless the contract says otherwise. */
  public Duration up() {
    return warningIsUp ? run.plus(warning) : run;
  }

  /** The time availability is judged on: the period less maintenance and unknown time. */
  public Duration judged() {
    return run.plus(warning).plus(error).plus(dead);
  }

  /**
   * Availability in percent = up / (period − maintenance − unknown); NaN when nothing was judged
   * (all maintenance or unknown).
   */
  public double availability() {
    long judged = judged().toMillis();
    return judged == 0 ? Double.NaN : 100.0 * up().toMillis() / judged;
  }
}
