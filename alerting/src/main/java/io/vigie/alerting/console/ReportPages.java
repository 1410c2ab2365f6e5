package io.vigie.alerting.console;

import static io.vigie.alerting.console.Html.escape;
import static io.vigie.alerting.console.Html.say;

import io.vigie.alerting.api.ReportAnswers;
import io.vigie.alerting.report.Reports;
import io.vigie.alerting.users.Scope;
import io.vigie.alerting.users.UsersDetailsService;
import io.vigie.model.inventory.Language;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The service-level reports in the console: the last twelve whole months of each of the user's
 * clients, each as HTML and PDF, served here under the console's session as the API serves them
 * (the same scope, the same answers: {@link ReportAnswers}).
 */
@Controller
class ReportPages {
  private static final String HTML = MediaType.TEXT_HTML_VALUE + ";charset=UTF-8";
  private static final int MONTHS = 12;

  private final Reports reports;
  private final Clock clock;

  ReportPages(Reports reports, Clock clock) {
    this.reports = reports;
    this.clock = clock;
  }

  @GetMapping(value = "/console/reports", produces = HTML)
  @ResponseBody
  String list(HttpServletRequest request, Authentication who) {
    Language l = Html.language(request.getLocale());
    Scope scope = UsersDetailsService.scopeOf(who);
    String title = say(l, "Reports", "Rapports");
    DateTimeFormatter monthWords =
        DateTimeFormatter.ofPattern("MMMM yyyy", l == Language.FR ? Locale.FRENCH : Locale.ENGLISH);
    StringBuilder body =
        new StringBuilder(
            Html.header(
                l,
                title,
                Html.Section.REPORTS,
                scope.all(),
                who.getName(),
                ConsoleController.csrf(request)));
    body.append("<main id=\"reports\">\n<p>")
        .append(
            say(
                l,
                "Each client's availability against its contract, month by month, in the"
                    + " client's language.",
                "La disponibilité de chaque client au regard de son contrat, mois par mois, dans"
                    + " la langue du client."))
        .append("</p>\n");
    boolean any = false;
    for (Reports.ReportClient c : reports.clients()) {
      if (!scope.sees(c.id())) {
        continue;
      }
      any = true;
      String path = "/console/reports/" + escape(Html.path(c.id()));
      YearMonth last = YearMonth.now(clock.withZone(c.zone())).minusMonths(1);
      body.append("<section class=\"client-reports\" data-client=\"")
          .append(escape(c.id()))
          .append("\">\n<h2>")
          .append(escape(c.name()))
          .append("</h2>\n<table>\n<thead><tr><th>")
          .append(say(l, "Month", "Mois"))
          .append("</th><th>HTML</th><th>PDF</th></tr></thead>\n<tbody>\n");
      for (int i = 0; i < MONTHS; i++) {
        YearMonth m = last.minusMonths(i);
        String words = monthWords.format(m);
        body.append("<tr><td>")
            .append(escape(words))
            .append("</td><td><a href=\"")
            .append(path)
            .append("?month=")
            .append(m)
            .append("&amp;format=html\">")
            .append(say(l, "Read", "Lire"))
            .append("<span class=\"visually-hidden\"> ")
            .append(escape(words))
            .append("</span></a></td><td><a href=\"")
            .append(path)
            .append("?month=")
            .append(m)
            .append("&amp;format=pdf\">")
            .append(say(l, "Download", "Télécharger"))
            .append("<span class=\"visually-hidden\"> ")
            .append(escape(words))
            .append(" (PDF)</span></a></td></tr>\n");
      }
      body.append("</tbody>\n</table>\n</section>\n");
    }
    if (!any) {
      body.append("<p>").append(say(l, "No client.", "Aucun client.")).append("</p>\n");
    }
    body.append("</main>");
    return Html.page(l, title, body.toString(), false);
  }

  /** One report, as {@code GET /api/reports/{client}} answers it. */
  @GetMapping("/console/reports/{client}")
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
