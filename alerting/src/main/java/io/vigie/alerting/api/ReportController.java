package io.vigie.alerting.api;

import io.vigie.alerting.report.Reports;
import io.vigie.alerting.users.UsersDetailsService;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A client's service-level report: {@code GET /api/reports/{client}?month=2026-11} (or {@code
 * from=2026-11-03&to=2026-11-09}, or by default the last whole month), in HTML or PDF by {@code
 * format} or the Accept header. A client's user gets its own clients' only.
 */
@RestController
class ReportController {
  private final Reports reports;
  private final Clock clock;

  ReportController(Reports reports, Clock clock) {
    this.reports = reports;
    this.clock = clock;
  }

  @GetMapping("/api/reports/{client}")
  ResponseEntity<?> report(
      @PathVariable String client,
      @RequestParam(required = false) @Nullable String month,
      @RequestParam(required = false) @Nullable String from,
      @RequestParam(required = false) @Nullable String to,
      @RequestParam(required = false) @Nullable String format,
      @RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept,
      Authentication who) {
    return ReportAnswers.answer(
        reports, UsersDetailsService.scopeOf(who), client, month, from, to, format, accept, clock);
  }
}
