package io.vigie.model.contract;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A client's service contract ({@code contract:} under the client in the inventory): the
 * availability it promises, over which targets, in which hours.
 *
 * @param slo the availability promised, in percent (for example 99.9), over a calendar month
 * @param covers the ids of the targets it covers; empty for every target of the client
 * @param hours when availability counts; null for all the time
 * @param warningIsUp whether WARNING counts as up (the default) or as down
 */
public record Contract(
    double slo, List<String> covers, @Nullable ServiceHours hours, boolean warningIsUp) {
  public Contract {
    covers = List.copyOf(covers);
  }

  /** Whether the contract covers this target of its client. */
  public boolean covers(String target) {
    return covers.isEmpty() || covers.contains(target);
  }
}
