package io.vigie.alerting.api;

import io.vigie.alerting.report.ClientReport;
import io.vigie.alerting.report.Interval;
import io.vigie.alerting.report.ReportHtml;
import io.vigie.alerting.report.ReportPdf;
import io.vigie.alerting.report.ReportPeriod;
import io.vigie.alerting.report.Reports;
import io.vigie.alerting.users.Scope;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A report as an HTTP answer, for the API and the console alike: scoped (another client's id is
 * answered exactly as an unknown one), in HTML or PDF, for a month or a range of days.
 */
public final class ReportAnswers {
  private static final MediaType PDF = MediaType.APPLICATION_PDF;
  private static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);

  private ReportAnswers() {}

  /**
   * The answer to one request.
   *
   * @param format {@code html} or {@code pdf}; null to go by the Accept header (PDF only when it
   *     names PDF, HTML otherwise)
   */
  public static ResponseEntity<?> answer(
      Reports reports,
      Scope scope,
      String client,
      @Nullable String month,
      @Nullable String from,
      @Nullable String to,
      @Nullable String format,
      @Nullable String accept,
      Clock clock) {
    Optional<Reports.ReportClient> found =
        scope.sees(client) ? reports.client(client) : Optional.empty();
    if (found.isEmpty()) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND)
          .contentType(MediaType.APPLICATION_JSON)
          .body(Map.of("error", "unknown client \"" + client + "\""));
    }
    boolean pdf;
    if (format == null) {
      pdf = accept != null && accept.toLowerCase(Locale.ROOT).contains("application/pdf");
    } else if (format.equalsIgnoreCase("pdf") || format.equalsIgnoreCase("html")) {
      pdf = format.equalsIgnoreCase("pdf");
    } else {
      return bad("format: html or pdf, found \"" + format + "\"");
    }
    Reports.ReportClient c = found.get();
    Interval period;
    try {
      period = ReportPeriod.of(month, from, to, c.zone(), clock);
    } catch (ReportPeriod.BadPeriod e) {
      return bad(String.valueOf(e.getMessage()));
    }
    ClientReport report = reports.report(c, period);
    String name =
        "vigie-report-" + safe(c.id()) + "-" + stamp(period, c) + (pdf ? ".pdf" : ".html");
    HttpHeaders headers = new HttpHeaders();
    headers.setContentDisposition(ContentDisposition.inline().filename(name).build());
    if (pdf) {
      headers.setContentType(PDF);
      return new ResponseEntity<>(ReportPdf.render(report, c.logo()), headers, HttpStatus.OK);
    }
    headers.setContentType(HTML);
    return new ResponseEntity<>(ReportHtml.render(report, c.logo()), headers, HttpStatus.OK);
  }

  private static ResponseEntity<?> bad(String message) {
    return ResponseEntity.badRequest()
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("error", message));
  }

  /** The period in a file name: the month, or the first and last days. */
  private static String stamp(Interval period, Reports.ReportClient c) {
    ZonedDateTime from = period.from().atZone(c.zone());
    ZonedDateTime to = period.to().atZone(c.zone());
    if (from.getDayOfMonth() == 1 && to.toLocalDate().equals(from.toLocalDate().plusMonths(1))) {
      return DateTimeFormatter.ofPattern("yyyy-MM", Locale.ROOT).format(from);
    }
    return from.toLocalDate() + "-" + to.toLocalDate().minusDays(1);
  }

  /** An id as a file name's part: letters, digits, dot, dash and underscore only. */
  private static String safe(String id) {
    return id.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
