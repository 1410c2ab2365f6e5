package io.vigie.alerting.report;

import io.vigie.model.contract.ServiceHours;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The counted time of a period: the instants of the period that fall in the contract's service
 * hours, read on the client's wall clock.
 *
 * <p>An instant counts when its local date is one of the contract's days of the week and not a
 * holiday, and its local time is in {@code [from, to)}. Taken literally this settles the clock
 * changes: local times skipped in spring do not exist, so they are not counted (service hours of
 * 01:00–05:00 in Paris are 3 h on the last Sunday of March); local times repeated in autumn happen
 * twice, so they count twice in real time (5 h on the last Sunday of October). Without service
 * hours the whole period counts, and a month is as long as its real time: 743 h in March and 745 h
 * in October in Europe/Paris.
 */
public final class ServiceTime {
  private ServiceTime() {}

  /** The instants of {@code period} within {@code hours} in {@code zone}; all of it if null. */
  public static IntervalSet counted(Interval period, ZoneId zone, @Nullable ServiceHours hours) {
    if (hours == null) {
      return IntervalSet.of(period);
    }
    if (!hours.to().isAfter(hours.from())) {
      throw new IllegalArgumentException(
          "contract hours: 'to' must be after 'from', found from "
              + hours.from()
              + " to "
              + hours.to());
    }
    Set<LocalDate> holidays = new HashSet<>(hours.holidays());
    // A day before and after: a local day can start before (or end after) its UTC date.
    LocalDate last = period.to().atZone(zone).toLocalDate().plusDays(1);
    List<Interval> windows = new ArrayList<>();
    for (LocalDate date = period.from().atZone(zone).toLocalDate().minusDays(1);
        !date.isAfter(last);
        date = date.plusDays(1)) {
      if (hours.days().contains(date.getDayOfWeek()) && !holidays.contains(date)) {
        windows.addAll(local(date.atTime(hours.from()), date.atTime(hours.to()), zone).intervals());
      }
    }
    return IntervalSet.of(windows).intersect(period);
  }

  /**
   * The instants whose local date-time in {@code zone} is in {@code [from, to)}: one interval
   * usually, none for a span entirely skipped in spring, two for one that reaches into the hour
   * repeated in autumn without covering it.
   */
  public static IntervalSet local(LocalDateTime from, LocalDateTime to, ZoneId zone) {
    ZoneRules rules = zone.getRules();
    // Between two offset changes the wall clock is the instant plus a fixed offset: walk those
    // stretches over every instant that could show a time of [from, to) (offsets are ±18 h).
    Instant end = to.toInstant(ZoneOffset.MIN);
    List<Interval> out = new ArrayList<>();
    Instant at = from.toInstant(ZoneOffset.MAX);
    while (at.isBefore(end)) {
      ZoneOffset offset = rules.getOffset(at);
      ZoneOffsetTransition next = rules.nextTransition(at);
      Instant stretchEnd = next == null || next.getInstant().isAfter(end) ? end : next.getInstant();
      Instant a = IntervalSet.later(at, from.toInstant(offset));
      Instant b = IntervalSet.earlier(stretchEnd, to.toInstant(offset));
      if (a.isBefore(b)) {
        out.add(new Interval(a, b));
      }
      at = stretchEnd;
    }
    return IntervalSet.of(out);
  }
}
