package io.vigie.alerting.report;

import io.vigie.model.contract.Contract;
import io.vigie.model.inventory.Client;
import io.vigie.model.inventory.Inventory;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reports from what the running service recorded (its journal: the spans it evaluated, the targets'
 * lives and stale spans, the status transitions, the silences), under each client's contract and in
 * its zone from the inventory. A client without a contract is reported as if it had one of {@value
 * #DEFAULT_SLO} % over all its targets, WARNING counted as up, every hour: the NOC can read any
 * client's figures; only clients with a contract get the monthly mail.
 */
public final class ServiceReports implements Reports {
  static final double DEFAULT_SLO = 99.9;
  private static final Contract DEFAULT = new Contract(DEFAULT_SLO, List.of(), null, true);

  private final Supplier<Inventory> inventory;
  private final ReportInputs inputs;

  public ServiceReports(Supplier<Inventory> inventory, ReportInputs inputs) {
    this.inventory = inventory;
    this.inputs = inputs;
  }

  @Override
  public List<ReportClient> clients() {
    return inventory.get().clients().stream()
        .map(ServiceReports::of)
        .sorted(Comparator.comparing(ReportClient::id))
        .toList();
  }

  @Override
  public Optional<ReportClient> client(String id) {
    return inventory.get().client(id).map(ServiceReports::of);
  }

  @Override
  public ClientReport report(ReportClient client, Interval period) {
    Contract contract =
        inventory.get().client(client.id()).map(ServiceReports::contract).orElse(DEFAULT);
    return Availability.report(inputs.load(client.id(), client.zone(), contract, period));
  }

  private static Contract contract(Client c) {
    Contract contract = c.contract();
    return contract == null ? DEFAULT : contract;
  }

  private static ReportClient of(Client c) {
    return new ReportClient(c.id(), c.name(), c.language(), c.zone(), c.logo());
  }
}
