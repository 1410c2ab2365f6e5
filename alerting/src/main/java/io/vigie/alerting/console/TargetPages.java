package io.vigie.alerting.console;

import static io.vigie.alerting.console.Html.escape;
import static io.vigie.alerting.console.Html.say;

import io.vigie.alerting.app.AlertingProperties;
import io.vigie.alerting.influx.InfluxReadException;
import io.vigie.alerting.influx.PollHistory;
import io.vigie.alerting.service.AlertingService;
import io.vigie.alerting.status.TargetState;
import io.vigie.alerting.status.Transition;
import io.vigie.alerting.users.Scope;
import io.vigie.alerting.users.UsersDetailsService;
import io.vigie.model.inventory.Client;
import io.vigie.model.inventory.Language;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The targets list ({@code /console/targets}, a client's portal home) and a target's page ({@code
 * /console/targets/{id}}), limited to the user's scope: another client's target answers exactly as
 * a target that does not exist.
 */
@Controller
@RequestMapping("/console/targets")
class TargetPages {
  private static final Logger LOG = LoggerFactory.getLogger(TargetPages.class);
  private static final String HTML = MediaType.TEXT_HTML_VALUE + ";charset=UTF-8";

  /** Polls shown on a target's page. */
  static final int POLLS = 20;

  /** Transitions read for the bar: enough for a week of a target that changes often. */
  static final int HISTORY = 1_000;

  private final AlertingService service;
  private final PollHistory polls;
  private final @Nullable String grafana;

  TargetPages(AlertingService service, PollHistory polls, AlertingProperties properties) {
    this.service = service;
    this.polls = polls;
    this.grafana = properties.console().grafana();
  }

  @GetMapping(produces = HTML)
  @ResponseBody
  String list(
      HttpServletRequest request,
      Authentication who,
      @RequestParam(required = false) @Nullable String client,
      @RequestParam(required = false) @Nullable String q) {
    Language l = Html.language(request.getLocale());
    Scope scope = UsersDetailsService.scopeOf(who);
    ProblemFilter filter = ProblemFilter.of(client, null, null, q);
    List<Client> clients = service.inventory().clients();
    TargetsList list =
        new TargetsList(
            service.statuses(),
            service.silences(),
            service.acknowledgements(),
            clients.stream().collect(Collectors.toMap(Client::id, Client::name)),
            languages(clients),
            Instant.now());
    String title = say(l, "Targets", "Cibles");
    String body =
        header(l, title, scope, who, request)
            + list.form(scope, filter, l)
            + "<main id=\"targets\">\n"
            + list.render(scope, filter, l)
            + "</main>";
    return Html.page(l, title, body, false);
  }

  @GetMapping(value = "/{id}", produces = HTML)
  @ResponseBody
  ResponseEntity<String> target(
      @PathVariable String id,
      HttpServletRequest request,
      Authentication who,
      @RequestParam(required = false) @Nullable String span) {
    Language l = Html.language(request.getLocale());
    Scope scope = UsersDetailsService.scopeOf(who);
    TargetState t = service.target(id);
    if (t == null || !scope.sees(t.client())) {
      String title = say(l, "Unknown target", "Cible inconnue");
      String body =
          header(l, title, scope, who, request)
              + "<main><p class=\"notice error\" role=\"alert\">"
              + say(l, "There is no target “", "Il n'y a pas de cible «\u00a0")
              + escape(id)
              + say(l, "”.", "\u00a0».")
              + "</p><p><a href=\"/console/targets\">"
              + say(l, "All targets", "Toutes les cibles")
              + "</a></p></main>";
      return ResponseEntity.status(HttpStatus.NOT_FOUND)
          .contentType(MediaType.parseMediaType(HTML))
          .body(Html.page(l, title, body, false));
    }
    Instant now = Instant.now();
    List<PollHistory.Poll> last = null;
    String failure = null;
    try {
      last = polls.last(t.id(), now, POLLS);
    } catch (InfluxReadException e) {
      failure = e.getMessage();
      LOG.warn("the last polls of {} cannot be read from InfluxDB: {}", t.id(), failure);
    }
    List<Client> clients = service.inventory().clients();
    List<Transition> history =
        service.history(t.id(), HISTORY).stream().filter(tr -> scope.sees(tr.client())).toList();
    TargetPage page =
        new TargetPage(
            t,
            clients.stream()
                .filter(c -> c.id().equals(t.client()))
                .map(Client::name)
                .findFirst()
                .orElse(t.client()),
            languages(clients),
            service.acknowledgements().get(t.id()),
            service.silences().stream().anyMatch(s -> s.mutes(t, now)),
            history,
            last,
            failure,
            grafana,
            now);
    Duration shown = "7d".equals(span) ? Duration.ofDays(7) : Duration.ofDays(1);
    boolean operator =
        who.getAuthorities().stream().anyMatch(a -> "ROLE_OPERATOR".equals(a.getAuthority()));
    String body =
        header(l, t.id(), scope, who, request)
            + page.render(scope, l, shown, operator ? ConsoleController.csrf(request) : null);
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(HTML))
        .body(Html.page(l, t.id(), body, false));
  }

  private static String header(
      Language l, String title, Scope scope, Authentication who, HttpServletRequest request) {
    return Html.header(
        l,
        title,
        Html.Section.TARGETS,
        scope.all(),
        who.getName(),
        ConsoleController.csrf(request));
  }

  private static Map<String, Language> languages(List<Client> clients) {
    return clients.stream().collect(Collectors.toMap(Client::id, Client::language));
  }
}
