package io.vigie.alerting.report;

import io.vigie.alerting.status.Silence;
import io.vigie.model.contract.Contract;
import io.vigie.model.inventory.Language;
import java.time.ZoneId;
import java.util.List;

/**
 * Everything one client's report over one period is computed from, gathered from the service's
 * store: no figure of a report comes from anywhere else, so that a re-run gives the same report.
 *
 * @param period the span reported on, in the client's zone
 * @param targets the histories of the client's targets that the contract covers and that were in
 *     the inventory at some time of the period
 * @param silences the client's silences and maintenance windows that overlap the period (only those
 *     marked maintenance are left out of the figures)
 * @param evaluated the spans in which the service evaluated, reading InfluxDB: outside them (the
 *     service stopped, InfluxDB unreadable) every status is unknown
 */
public record ReportInput(
    String client,
    String clientName,
    Language language,
    ZoneId zone,
    Contract contract,
    Interval period,
    List<TargetHistory> targets,
    List<Silence> silences,
    List<Interval> evaluated) {
  public ReportInput {
    targets = List.copyOf(targets);
    silences = List.copyOf(silences);
    evaluated = List.copyOf(evaluated);
  }
}
