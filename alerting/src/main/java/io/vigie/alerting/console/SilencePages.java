package io.vigie.alerting.console;

import static io.vigie.alerting.console.Html.say;

import io.vigie.alerting.service.AlertingService;
import io.vigie.alerting.service.SilenceRequest;
import io.vigie.alerting.users.Scope;
import io.vigie.alerting.users.UsersDetailsService;
import io.vigie.model.inventory.Client;
import io.vigie.model.inventory.Language;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The silences page and its two actions, made through the service's scoped requests as the API's
 * are: a new silence or maintenance window (a target or a client of the user's scope), and ending
 * one. The security chain lets only operators POST here; another client's target or silence is
 * refused with the words of one that does not exist.
 */
@Controller
@RequestMapping("/console/silences")
class SilencePages {
  private static final String HTML = MediaType.TEXT_HTML_VALUE + ";charset=UTF-8";

  private final AlertingService service;
  private final Clock clock;

  SilencePages(AlertingService service, Clock clock) {
    this.service = service;
    this.clock = clock;
  }

  /** The page; {@code ?target=ID} or {@code ?client=ID} fills the form (the problems' links). */
  @GetMapping(produces = HTML)
  @ResponseBody
  String page(
      HttpServletRequest request,
      Authentication who,
      @RequestParam(required = false) @Nullable String target,
      @RequestParam(required = false) @Nullable String client) {
    // Only a target of the scope fills the form: another client's id is left out, as an unknown
    // one.
    Scope scope = UsersDetailsService.scopeOf(who);
    String mine =
        target == null
            ? null
            : service
                .inventory()
                .target(target)
                .filter(t -> scope.sees(t.client()))
                .map(t -> t.id())
                .orElse(null);
    return page(request, who, SilencesPage.Form.empty(mine, client));
  }

  /** A new silence; the form again with the problems in words when it cannot be made. */
  @PostMapping(produces = HTML)
  @ResponseBody
  ResponseEntity<String> create(
      HttpServletRequest request,
      Authentication who,
      @RequestParam(defaultValue = "") String target,
      @RequestParam(defaultValue = "") String client,
      @RequestParam(defaultValue = "") String starts,
      @RequestParam(defaultValue = "60") String minutes,
      @RequestParam(defaultValue = "") String reason,
      @RequestParam(required = false) @Nullable String maintenance) {
    Language l = Html.language(request.getLocale());
    int length = SilencesPage.DURATIONS.get(1);
    String problem = null;
    Instant from = null;
    try {
      length = Integer.parseInt(minutes.trim());
      if (length < 1 || length > 366 * 1440) {
        problem = say(l, "minutes: out of range: ", "minutes : hors limites : ") + minutes;
      }
    } catch (NumberFormatException notANumber) {
      problem = say(l, "minutes: not a number: ", "minutes : pas un nombre : ") + minutes;
    }
    if (!starts.isBlank()) {
      try {
        from = LocalDateTime.parse(starts.trim()).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notADate) {
        problem = say(l, "starts: not a date: ", "début : pas une date : ") + starts;
      }
    }
    boolean planned = maintenance != null;
    SilencesPage.Form form =
        new SilencesPage.Form(target, client, starts, length, reason, planned, problem);
    if (problem != null) {
      return refused(request, who, form);
    }
    Instant start = from == null ? clock.instant() : from;
    try {
      service.silence(
          UsersDetailsService.scopeOf(who),
          new SilenceRequest(
              blankToNull(target),
              blankToNull(client),
              start,
              start.plus(Duration.ofMinutes(length)),
              reason,
              planned),
          who.getName());
    } catch (AlertingService.BadRequest refused) {
      return refused(
          request,
          who,
          new SilencesPage.Form(
              target,
              client,
              starts,
              length,
              reason,
              planned,
              String.valueOf(refused.getMessage())));
    }
    return backToList();
  }

  /** Ends a silence now (one not started yet is cancelled); another client's is unknown. */
  @PostMapping(value = "/{id}/end", produces = HTML)
  @ResponseBody
  ResponseEntity<String> end(
      @PathVariable String id, HttpServletRequest request, Authentication who) {
    if (service.endSilence(id, UsersDetailsService.scopeOf(who))) {
      return backToList();
    }
    SilencesPage.Form form =
        new SilencesPage.Form(
            "",
            "",
            "",
            60,
            "",
            false,
            say(
                    Html.language(request.getLocale()),
                    "No silence with id ",
                    "Aucune mise en silence ")
                + id);
    String body = page(request, who, form);
    return ResponseEntity.status(HttpStatus.NOT_FOUND)
        .contentType(MediaType.parseMediaType(HTML))
        .body(body);
  }

  private ResponseEntity<String> refused(
      HttpServletRequest request, Authentication who, SilencesPage.Form form) {
    return ResponseEntity.badRequest()
        .contentType(MediaType.parseMediaType(HTML))
        .body(page(request, who, form));
  }

  private static ResponseEntity<String> backToList() {
    return ResponseEntity.status(HttpStatus.SEE_OTHER)
        .header(HttpHeaders.LOCATION, "/console/silences#list")
        .build();
  }

  private String page(HttpServletRequest request, Authentication who, SilencesPage.Form form) {
    Language l = Html.language(request.getLocale());
    Scope scope = UsersDetailsService.scopeOf(who);
    Map<String, String> clients = new TreeMap<>();
    for (Client c : service.inventory().clients()) {
      if (scope.sees(c.id())) {
        clients.put(c.id(), c.name());
      }
    }
    boolean operator =
        who.getAuthorities().stream().anyMatch(a -> "ROLE_OPERATOR".equals(a.getAuthority()));
    String csrf = ConsoleController.csrf(request);
    String title = say(l, "Silences", "Silences");
    String body =
        Html.header(l, title, Html.Section.SILENCES, scope.all(), who.getName(), csrf)
            + "<main id=\"silences\">\n"
            + new SilencesPage(service.silences(scope), clients, clock.instant())
                .render(l, operator ? csrf : null, form)
            + "</main>";
    return Html.page(l, title, body, false);
  }

  private static @Nullable String blankToNull(String value) {
    return value.isBlank() ? null : value.trim();
  }
}
