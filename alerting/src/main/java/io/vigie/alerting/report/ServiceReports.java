package io.vigie.alerting.report;

import io.vigie.alerting.service.AlertingService;
import io.vigie.alerting.status.Silence;
import io.vigie.alerting.status.Status;
import io.vigie.alerting.status.Transition;
import io.vigie.model.contract.Contract;
import io.vigie.model.inventory.Client;
import io.vigie.model.inventory.Target;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reports from the running service's own state, until the journal's loader ({@code ReportInputs})
 * is wired in: the inventory's clients and targets, the stored transitions, the silences. What the
 * service does not record yet is assumed, and said here: every client is reported in UTC under a
 * 99.9 % contract over all its targets, every target counts from the period's start, and the
 * service is taken to have evaluated all along.
 */
public final class ServiceReports implements Reports {
  /** The most transitions read per target and report. */
  private static final int HISTORY = 100_000;

  private final AlertingService service;

  public ServiceReports(AlertingService service) {
    this.service = service;
  }

  @Override
  public List<ReportClient> clients() {
    return service.inventory().clients().stream()
        .map(ServiceReports::of)
        .sorted(Comparator.comparing(ReportClient::id))
        .toList();
  }

  @Override
  public Optional<ReportClient> client(String id) {
    return service.inventory().client(id).map(ServiceReports::of);
  }

  @Override
  public ClientReport report(ReportClient client, Interval period) {
    List<TargetHistory> targets = new ArrayList<>();
    for (Target t : service.inventory().targets()) {
      if (t.client().equals(client.id())) {
        targets.add(history(t, period));
      }
    }
    targets.sort(Comparator.comparing(TargetHistory::target));
    List<Silence> silences =
        service.silences().stream()
            .filter(s -> mine(s, client.id()))
            .filter(s -> s.starts().isBefore(period.to()) && s.ends().isAfter(period.from()))
            .sorted(Comparator.comparing(Silence::starts).thenComparing(Silence::id))
            .toList();
    ReportInput input =
        new ReportInput(
            client.id(),
            client.name(),
            client.language(),
            client.zone(),
            new Contract(99.9, List.of(), null, true),
            period,
            targets,
            silences,
            List.of(period));
    return Availability.report(input);
  }

  private TargetHistory history(Target t, Interval period) {
    List<Transition> newestFirst = service.history(t.id(), HISTORY);
    Status initial = Status.RUN;
    List<TargetHistory.Change> changes = new ArrayList<>();
    for (Transition tr : newestFirst) {
      if (tr.time().isBefore(period.from())) {
        // The newest before the period: the status the period starts in.
        initial = tr.to();
        break;
      }
      if (tr.time().isBefore(period.to())) {
        changes.add(new TargetHistory.Change(tr.time(), tr.to(), tr.check(), tr.cause()));
      }
    }
    changes.sort(Comparator.comparing(TargetHistory.Change::at));
    return new TargetHistory(
        t.id(), t.kind().code(), period.from(), null, initial, changes, List.of());
  }

  private boolean mine(Silence s, String client) {
    if (s.target() != null) {
      return client.equals(service.clientOf(s.target()));
    }
    return client.equals(s.client());
  }

  private static ReportClient of(Client c) {
    return new ReportClient(c.id(), c.name(), c.language(), ZoneOffset.UTC, c.logo());
  }
}
