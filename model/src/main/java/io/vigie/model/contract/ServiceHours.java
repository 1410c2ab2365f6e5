package io.vigie.model.contract;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;

/**
 * The hours in which a contract's availability counts, in the client's time zone: some days of the
 * week from one time to another (the same every day; {@code to} after {@code from}), holidays
 * aside.
 */
public record ServiceHours(
    Set<DayOfWeek> days, LocalTime from, LocalTime to, List<LocalDate> holidays) {
  public ServiceHours {
    days = Set.copyOf(days);
    holidays = List.copyOf(holidays);
  }
}
