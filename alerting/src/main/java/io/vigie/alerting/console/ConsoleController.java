package io.vigie.alerting.console;

import static io.vigie.alerting.console.Html.escape;
import static io.vigie.alerting.console.Html.say;

import io.vigie.alerting.service.AlertingService;
import io.vigie.alerting.users.Scope;
import io.vigie.alerting.users.UsersDetailsService;
import io.vigie.model.inventory.Client;
import io.vigie.model.inventory.Language;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The NOC console and client portal pages: the login form, the problems page, its list alone (for
 * the live update) and its event stream. Every page is limited to the user's scope, as the API is.
 */
@Controller
@RequestMapping("/console")
class ConsoleController {
  private static final String HTML = MediaType.TEXT_HTML_VALUE + ";charset=UTF-8";

  private final AlertingService service;
  private final ConsoleEvents events;

  ConsoleController(AlertingService service, ConsoleEvents events) {
    this.service = service;
    this.events = events;
  }

  @GetMapping(value = "/login", produces = HTML)
  @ResponseBody
  String login(
      HttpServletRequest request,
      @RequestParam(required = false) @Nullable String error,
      @RequestParam(required = false) @Nullable String logout,
      @RequestParam(required = false) @Nullable String locked) {
    Language l = Html.language(request.getLocale());
    String notice = "";
    if (error != null) {
      notice =
          "<p class=\"notice error\" role=\"alert\">"
              + say(l, "Wrong name or password.", "Nom ou mot de passe incorrect.")
              + "</p>";
    } else if (locked != null) {
      notice =
          "<p class=\"notice error\" role=\"alert\">"
              + say(
                  l,
                  "Too many failed logins for this name: try again in a few minutes.",
                  "Trop d'échecs de connexion pour ce nom : réessayez dans quelques minutes.")
              + "</p>";
    } else if (logout != null) {
      notice =
          "<p class=\"notice\" role=\"status\">"
              + say(l, "You are logged out.", "Vous êtes déconnecté.")
              + "</p>";
    }
    String body =
        "<main class=\"login\">\n<h1>Vigie</h1>\n"
            + notice
            + "\n<form method=\"post\" action=\"/console/login\">\n"
            + csrf(request)
            + "<label for=\"username\">"
            + say(l, "Name", "Nom")
            + "</label>\n<input id=\"username\" name=\"username\" autocomplete=\"username\" required autofocus>\n"
            + "<label for=\"password\">"
            + say(l, "Password", "Mot de passe")
            + "</label>\n<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>\n"
            + "<button type=\"submit\">"
            + say(l, "Log in", "Se connecter")
            + "</button>\n</form>\n</main>";
    return Html.page(l, say(l, "Log in", "Connexion"), body, false);
  }

  @GetMapping(value = "/", produces = HTML)
  @ResponseBody
  String problems(HttpServletRequest request, Authentication who) {
    Language l = Html.language(request.getLocale());
    Scope scope = UsersDetailsService.scopeOf(who);
    ProblemFilter filter = filter(request);
    // Taken before the state is read: an event sent after it makes the page ask again.
    long rendered = System.currentTimeMillis();
    ProblemsPage page = page();
    java.util.Map<String, String> clients = new java.util.TreeMap<>();
    page.clientNames()
        .forEach(
            (id, name) -> {
              if (scope.sees(id)) {
                clients.put(id, name);
              }
            });
    java.util.SortedSet<String> kinds = new java.util.TreeSet<>();
    page.targets().stream().filter(t -> scope.sees(t.client())).forEach(t -> kinds.add(t.kind()));
    String body =
        Html.header(
                l,
                say(l, "Problems", "Problèmes"),
                Html.Section.PROBLEMS,
                scope.all(),
                who.getName(),
                csrf(request))
            + filter.form(clients, kinds, l)
            + "<main id=\"problems\" aria-live=\"polite\""
            + " data-source=\"/console/problems\" data-events=\"/console/events\""
            + " data-rendered=\""
            + rendered
            + "\">\n"
            + page.render(scope, filter, l, actFields(request, who))
            + "</main>";
    return Html.page(l, say(l, "Problems", "Problèmes"), body, true);
  }

  /** The problems list alone, as the page shows it: what the page's script swaps in. */
  @GetMapping(value = "/problems", produces = HTML)
  @ResponseBody
  String problemList(HttpServletRequest request, Authentication who) {
    return page()
        .render(
            UsersDetailsService.scopeOf(who),
            filter(request),
            Html.language(request.getLocale()),
            actFields(request, who));
  }

  /**
   * Acknowledges a problem for an operator (the security chain refuses anyone else), in the user's
   * scope: another client's target is refused with the words of a target that does not exist.
   */
  @PostMapping(value = "/targets/{id}/ack", produces = HTML)
  @ResponseBody
  ResponseEntity<String> acknowledge(
      @PathVariable String id,
      @RequestParam(required = false) @Nullable String comment,
      @RequestParam(required = false) @Nullable String back,
      HttpServletRequest request,
      Authentication who) {
    Language l = Html.language(request.getLocale());
    try {
      service.acknowledge(id, who.getName(), comment, UsersDetailsService.scopeOf(who));
    } catch (AlertingService.BadRequest refused) {
      String body =
          "<main><p class=\"notice error\" role=\"alert\">"
              + escape(String.valueOf(refused.getMessage()))
              + "</p><p><a href=\"/console/\">"
              + say(l, "Back to the problems", "Retour aux problèmes")
              + "</a></p></main>";
      return ResponseEntity.badRequest()
          .contentType(MediaType.parseMediaType(HTML))
          .body(Html.page(l, say(l, "Refused", "Refusé"), body, false));
    }
    // Back where the form was: the target's page, or the problems.
    String location = "target".equals(back) ? "/console/targets/" + Html.path(id) : "/console/";
    return ResponseEntity.status(HttpStatus.SEE_OTHER)
        .header(HttpHeaders.LOCATION, location)
        .build();
  }

  @GetMapping(value = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter events(Authentication who) {
    return events.open(UsersDetailsService.scopeOf(who));
  }

  /** The CSRF field of the action forms, for operators only; null for anyone else. */
  private static @Nullable String actFields(HttpServletRequest request, Authentication who) {
    boolean operator =
        who.getAuthorities().stream().anyMatch(a -> "ROLE_OPERATOR".equals(a.getAuthority()));
    return operator ? csrf(request) : null;
  }

  private static ProblemFilter filter(HttpServletRequest request) {
    return ProblemFilter.of(
        request.getParameter("client"),
        request.getParameter("status"),
        request.getParameter("kind"),
        request.getParameter("q"));
  }

  private ProblemsPage page() {
    List<Client> clients = service.inventory().clients();
    return new ProblemsPage(
        service.statuses(),
        service.conditions(),
        service.silences(),
        service.acknowledgements(),
        clients.stream().collect(Collectors.toMap(Client::id, Client::name)),
        clients.stream().collect(Collectors.toMap(Client::id, Client::language)),
        Instant.now());
  }

  static String csrf(HttpServletRequest request) {
    Object token = request.getAttribute(CsrfToken.class.getName());
    if (!(token instanceof CsrfToken csrf)) {
      return "";
    }
    return "<input type=\"hidden\" name=\""
        + escape(csrf.getParameterName())
        + "\" value=\""
        + escape(csrf.getToken())
        + "\">\n";
  }
}
