package io.vigie.alerting.it;

import io.vigie.alerting.status.Cycle;
import io.vigie.alerting.status.EngineState;
import io.vigie.alerting.store.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * The same stops as {@link MailStopIT}, in the middle of the monthly report's mails: the client has
 * a contract (in UTC, reports at 00:00 on the 1st, so last month's is due whatever the day), web1
 * stays RUN (no alert mail), and the service's journal says it was already evaluating last month.
 * Killed with SIGKILL or stopped with SIGTERM while the slow SMTP server takes the reports, then
 * started again: each contact's report arrives once.
 */
class ReportMailStopIT extends MailStopIT {
  @Override
  String clientExtra() {
    return ", timezone: UTC, contract: {slo: 99.9}";
  }

  @Override
  int cpu() {
    return 50;
  }

  /** Before the first start only: an evaluation on last month's 1st, as a service running then. */
  @Override
  void beforeStart(Path data) throws Exception {
    if (Files.exists(data)) {
      return;
    }
    Files.createDirectories(data);
    try (StateStore store = StateStore.open(data, Duration.ofMinutes(1))) {
      java.time.Instant lastMonth =
          LocalDate.now(ZoneOffset.UTC)
              .withDayOfMonth(1)
              .minusMonths(1)
              .atStartOfDay(ZoneOffset.UTC)
              .toInstant();
      store.commit(
          new Cycle(List.of(), List.of(), Set.of(), Set.of(), false, lastMonth), new EngineState());
    }
  }
}
