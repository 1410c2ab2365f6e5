package io.vigie.alerting.report;

import io.vigie.alerting.status.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The longest incidents of a client's targets. An incident is a maximal span of a target's counted
 * time in which it is down (ERROR or DEAD; WARNING too when the contract does not count it as up):
 * it ends where the target is up again, and also where the counted time is cut, by a maintenance
 * window, unknown time, or the end of the service hours (an outage from Friday 18:00 to Monday
 * 09:00 with service hours 08:00–19:00 is two incidents of one hour, each as long as it counted).
 * Going from ERROR to DEAD does not end one. It carries the status and cause of the change that
 * started it; its check and cause are empty when that change is older than the history read.
 */
public final class Incidents {
  private static final Comparator<ClientReport.Incident> LONGEST_FIRST =
      Comparator.comparing(ClientReport.Incident::length)
          .reversed()
          .thenComparing(ClientReport.Incident::from)
          .thenComparing(ClientReport.Incident::target);

  private Incidents() {}

  /** The {@code limit} longest incidents, longest first, ties by start then target. */
  public static List<ClientReport.Incident> longest(
      List<TargetTime> targets, boolean warningIsUp, int limit) {
    List<ClientReport.Incident> all = new ArrayList<>();
    for (TargetTime target : targets) {
      all.addAll(of(target, warningIsUp));
    }
    all.sort(LONGEST_FIRST);
    return List.copyOf(all.subList(0, Math.min(limit, all.size())));
  }

  /** Every incident of one target, in time order. */
  public static List<ClientReport.Incident> of(TargetTime target, boolean warningIsUp) {
    List<ClientReport.Incident> out = new ArrayList<>();
    TargetTime.Stretch first = null;
    TargetTime.Stretch last = null;
    for (TargetTime.Stretch stretch : target.stretches()) {
      boolean down = stretch.category().isDown(warningIsUp);
      boolean continues = last != null && last.span().to().equals(stretch.span().from());
      if (first != null && last != null && !(down && continues)) {
        out.add(incident(target, first, last));
        first = null;
      }
      if (down) {
        if (first == null) {
          first = stretch;
        }
        last = stretch;
      } else {
        last = null;
      }
    }
    if (first != null && last != null) {
      out.add(incident(target, first, last));
    }
    return out;
  }

  private static ClientReport.Incident incident(
      TargetTime target, TargetTime.Stretch first, TargetTime.Stretch last) {
    TargetHistory.Change change = first.change();
    Status status = change == null ? statusOf(first.category()) : change.to();
    return new ClientReport.Incident(
        target.history().target(),
        first.span().from(),
        last.span().to(),
        status,
        change == null ? "" : change.check(),
        change == null ? "" : change.cause());
  }

  private static Status statusOf(Category category) {
    return switch (category) {
      case RUN -> Status.RUN;
      case WARNING -> Status.WARNING;
      case ERROR -> Status.ERROR;
      case DEAD -> Status.DEAD;
      case MAINTENANCE, UNKNOWN -> throw new IllegalArgumentException("not a status: " + category);
    };
  }
}
