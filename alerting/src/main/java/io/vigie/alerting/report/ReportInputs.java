package io.vigie.alerting.report;

import io.vigie.alerting.status.Silence;
import io.vigie.alerting.status.Status;
import io.vigie.alerting.status.Transition;
import io.vigie.alerting.store.Journal;
import io.vigie.alerting.store.StateStore;
import io.vigie.model.contract.Contract;
import io.vigie.model.inventory.Client;
import io.vigie.model.inventory.Inventory;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Gathers one client's {@link ReportInput} over a period from the state store (transitions and
 * journal), the inventory (the client's name and language) and the stored silences.
 *
 * <p>Never takes the service's evaluation lock: it reads the store, whose lock each query takes on
 * its own. For a client of n targets that costs 1 + 3n short indexed queries (lives by client; per
 * target the last transition before the period, the transitions in it, the stale spans) plus one
 * read of the silences; a month of 10,000 targets reads each target's rows of that month only, and
 * an evaluation waits for one query at most, not for the report. Measured once on this project's
 * 2-core machine: 5,000 targets of one client in a store of 10,000 targets and 200,000 transitions
 * (100,000 of them the client's, in the month), 0.6 s (2.8 s the first time, cold).
 */
public final class ReportInputs {
  /** The status of a target when it enters the inventory, and its cause then. */
  private static final String FRESH_CAUSE = "waiting for the first poll";

  private final StateStore store;
  private final Supplier<Inventory> inventory;

  public ReportInputs(StateStore store, Supplier<Inventory> inventory) {
    this.store = store;
    this.inventory = inventory;
  }

  /** A calendar month in a zone, as a report's period: from its first midnight to the next's. */
  public static Interval month(YearMonth month, ZoneId zone) {
    return new Interval(
        month.atDay(1).atStartOfDay(zone).toInstant(),
        month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant());
  }

  /**
   * The input of {@code client}'s report over {@code period}.
   *
   * @throws IllegalArgumentException when the inventory has no such client
   */
  public ReportInput load(String client, ZoneId zone, Contract contract, Interval period) {
    Client known =
        inventory
            .get()
            .client(client)
            .orElseThrow(
                () -> new IllegalArgumentException("clients: no client with id " + client));
    Journal journal = store.journal();
    Instant from = period.from();
    Instant to = period.to();
    Map<String, List<Journal.Life>> lives = new LinkedHashMap<>();
    for (Journal.Life life : journal.lives(client, from, to)) {
      if (contract.covers(life.target())) {
        lives.computeIfAbsent(life.target(), t -> new ArrayList<>()).add(life);
      }
    }
    List<TargetHistory> targets = new ArrayList<>();
    for (List<Journal.Life> stays : lives.values()) {
      targets.add(history(journal, stays, period));
    }
    Set<String> ids = lives.keySet();
    List<Silence> silences =
        store.silences().stream()
            .filter(s -> s.starts().isBefore(to) && s.ends().isAfter(from))
            .filter(s -> s.target() != null ? ids.contains(s.target()) : client.equals(s.client()))
            .sorted(java.util.Comparator.comparing(Silence::starts).thenComparing(Silence::id))
            .collect(Collectors.toList());
    List<Interval> evaluated = new ArrayList<>();
    for (Journal.Span span : journal.evaluated(from, to)) {
      Interval clipped = clip(span, period);
      if (clipped != null) {
        evaluated.add(clipped);
      }
    }
    return new ReportInput(
        client,
        known.name(),
        known.language(),
        zone,
        contract,
        period,
        targets,
        silences,
        evaluated);
  }

  /**
   * One target's history from its lives that meet the period (in time order). A target removed and
   * added again in the period makes one history, not two, so that its time is counted once: the
   * time between its lives is given as stale (not known), and its status at each return is RUN
   * again, as for any new target.
   */
  private static TargetHistory history(Journal journal, List<Journal.Life> stays, Interval period) {
    Journal.Life first = stays.get(0);
    Journal.Life last = stays.get(stays.size() - 1);
    String target = first.target();
    Journal.Transitions found = journal.transitions(target, period.from(), period.to());
    // Before the period the target was not in the inventory: it enters it RUN, as new.
    Transition before = found.before();
    Status initial =
        !first.added().isAfter(period.from()) && before != null ? before.to() : Status.RUN;
    List<TargetHistory.Change> changes = new ArrayList<>();
    List<Interval> stale = new ArrayList<>();
    Status current = initial;
    int next = 0;
    List<Transition> within = found.within();
    for (int i = 0; i < stays.size(); i++) {
      Journal.Life life = stays.get(i);
      if (i > 0) {
        Instant away = stays.get(i - 1).removed();
        Interval gone = away == null ? null : clip(new Journal.Span(away, life.added()), period);
        if (gone != null) {
          stale.add(gone);
        }
        if (current != Status.RUN && life.added().isAfter(period.from())) {
          changes.add(new TargetHistory.Change(life.added(), Status.RUN, "", FRESH_CAUSE));
          current = Status.RUN;
        }
      }
      Instant end = life.removed();
      while (next < within.size() && (end == null || within.get(next).time().isBefore(end))) {
        Transition t = within.get(next++);
        changes.add(new TargetHistory.Change(t.time(), t.to(), t.check(), t.cause()));
        current = t.to();
      }
    }
    for (Journal.Span span : journal.stale(target, period.from(), period.to())) {
      Interval clipped = clip(span, period);
      if (clipped != null) {
        stale.add(clipped);
      }
    }
    stale.sort(java.util.Comparator.comparing(Interval::from));
    return new TargetHistory(
        target, last.kind(), first.added(), last.removed(), initial, changes, stale);
  }

  /** A span cut to the period (a span still open runs to its end); null if nothing is left. */
  private static @Nullable Interval clip(Journal.Span span, Interval period) {
    Instant from = span.from().isBefore(period.from()) ? period.from() : span.from();
    Instant end = span.to();
    Instant to = end == null || end.isAfter(period.to()) ? period.to() : end;
    return to.isAfter(from) ? new Interval(from, to) : null;
  }
}
