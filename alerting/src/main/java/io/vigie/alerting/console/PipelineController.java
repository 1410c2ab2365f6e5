package io.vigie.alerting.console;

import static io.vigie.alerting.console.Html.escape;
import static io.vigie.alerting.console.Html.say;

import io.vigie.alerting.app.AlertingProperties;
import io.vigie.alerting.influx.InfluxReplicas;
import io.vigie.alerting.notify.Outbox;
import io.vigie.alerting.service.AlertingService;
import io.vigie.alerting.status.Condition;
import io.vigie.alerting.status.TargetState;
import io.vigie.alerting.users.UsersDetailsService;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.Language;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
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
import org.springframework.web.server.ResponseStatusException;

/**
 * The pipeline page, for NOC users: a client's user is answered as for a path that does not exist
 * (here, and before that by the security chain), and only operators resend a dead letter. Resending
 * is the outbox's own, as for the API.
 */
@Controller
@RequestMapping("/console")
class PipelineController {
  private static final String HTML = MediaType.TEXT_HTML_VALUE + ";charset=UTF-8";
  private static final int DEAD_LETTERS = 50;
  private static final int LAST_SENT = 20;

  private final AlertingService service;
  private final Outbox outbox;
  private final AlertingProperties properties;
  private final Clock clock;

  PipelineController(
      AlertingService service, Outbox outbox, AlertingProperties properties, Clock clock) {
    this.service = service;
    this.outbox = outbox;
    this.properties = properties;
    this.clock = clock;
  }

  @GetMapping(value = "/pipeline", produces = HTML)
  @ResponseBody
  String page(
      HttpServletRequest request,
      Authentication who,
      @RequestParam(required = false) @Nullable String resent) {
    nocOnly(who);
    Language l = Html.language(request.getLocale());
    String title = say(l, "Pipeline", "Chaîne de collecte");
    String notice =
        resent == null
            ? ""
            : "<p class=\"notice\" role=\"status\" id=\"notice\">"
                + say(
                    l,
                    "The mail is back in the queue: it goes as soon as the SMTP server takes it,"
                        + " and is then listed under the last mails sent.",
                    "Le mail est de nouveau en file : il part dès que le serveur SMTP l'accepte,"
                        + " puis figure parmi les derniers mails envoyés.")
                + "</p>\n";
    // Refreshed every 10 s (ages, counts) and at once on a decision (a condition raised or
    // cleared), by console.js.
    String body =
        Html.header(
                l,
                title,
                Html.Section.PIPELINE,
                true,
                who.getName(),
                ConsoleController.csrf(request))
            + "<main id=\"pipeline\" data-source=\"/console/pipeline/live\""
            + " data-events=\"/console/events\" data-every=\"10000\">\n"
            + notice
            + "<div class=\"live\">\n"
            + view().render(l, actFields(request, who))
            + "</div>\n</main>";
    return Html.page(l, title, body, true);
  }

  /** The page's live part alone: what the page's script swaps in. */
  @GetMapping(value = "/pipeline/live", produces = HTML)
  @ResponseBody
  String live(HttpServletRequest request, Authentication who) {
    nocOnly(who);
    return view().render(Html.language(request.getLocale()), actFields(request, who));
  }

  /**
   * Puts a dead letter back in the queue, for an operator of the NOC (the security chain refuses
   * anyone else), with its Message-ID, as the API does; then back to the page with a notice.
   */
  @PostMapping(value = "/mails/{key}/resend", produces = HTML)
  @ResponseBody
  ResponseEntity<String> resend(
      @PathVariable String key, HttpServletRequest request, Authentication who) {
    nocOnly(who);
    Language l = Html.language(request.getLocale());
    Outbox.Resend done =
        outbox.resend(key, who.getName(), clock.instant(), UsersDetailsService.scopeOf(who)::sees);
    return switch (done) {
      case QUEUED ->
          ResponseEntity.status(HttpStatus.SEE_OTHER)
              .header(HttpHeaders.LOCATION, "/console/pipeline?resent")
              .build();
      case UNKNOWN ->
          refused(
              HttpStatus.NOT_FOUND,
              l,
              say(l, "No mail has the key ", "Aucun mail n'a la clé ") + escape(key) + ".");
      case NOT_DEAD ->
          refused(
              HttpStatus.CONFLICT,
              l,
              say(
                  l,
                  "This mail is not a dead letter: it was sent, or it is waiting to be. Only a dead"
                      + " letter can be resent (resending a sent mail would send it twice).",
                  "Ce mail n'est pas abandonné : il est parti, ou attend de partir. Seul un mail"
                      + " abandonné peut être renvoyé (renvoyer un mail parti le doublerait)."));
    };
  }

  private static ResponseEntity<String> refused(HttpStatus status, Language l, String message) {
    String body =
        "<main><p class=\"notice error\" role=\"alert\">"
            + message
            + "</p><p><a href=\"/console/pipeline\">"
            + say(l, "Back to the pipeline", "Retour à la chaîne de collecte")
            + "</a></p></main>";
    return ResponseEntity.status(status)
        .contentType(MediaType.parseMediaType(HTML))
        .body(Html.page(l, say(l, "Refused", "Refusé"), body, false));
  }

  /** A client's user gets what a path that does not exist gets. */
  private static void nocOnly(Authentication who) {
    if (!UsersDetailsService.scopeOf(who).all()) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
  }

  private static @Nullable String actFields(HttpServletRequest request, Authentication who) {
    boolean operator =
        who.getAuthorities().stream().anyMatch(a -> "ROLE_OPERATOR".equals(a.getAuthority()));
    return operator ? ConsoleController.csrf(request) : null;
  }

  /** What the page shows, read now from the service, the outbox and the settings. */
  private PipelinePage view() {
    Instant now = clock.instant();
    List<Condition> conditions = service.conditions();
    Set<String> keys = conditions.stream().map(Condition::key).collect(Collectors.toSet());
    Map<String, Integer> targets = new HashMap<>();
    for (TargetState t : service.statuses()) {
      if (t.collector() != null) {
        targets.merge(t.collector(), 1, Integer::sum);
      }
    }
    Inventory inventory = service.inventory();
    List<PipelinePage.Collector> collectors =
        service.collectors().entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(
                c ->
                    new PipelinePage.Collector(
                        c.getKey(),
                        c.getValue(),
                        targets.getOrDefault(c.getKey(), 0),
                        keys.contains("collector:" + c.getKey())
                            || groupSilent(inventory, keys, c.getKey()),
                        keys.contains("collector:" + c.getKey() + ":rejected")))
            .toList();
    AlertingService.Health health = service.health();
    AlertingProperties.Influx influx = properties.influx();
    AlertingProperties.Smtp smtp = properties.smtp();
    return new PipelinePage(
        conditions,
        collectors,
        new PipelinePage.Influx(
            shown(influx.url()),
            influx.database(),
            health.lastEvaluation(),
            health.readFailure(),
            health.writeFailure()),
        new PipelinePage.Mail(
            smtp.host() == null || smtp.host().isBlank() ? null : smtp.host() + ":" + smtp.port(),
            outbox.count("PENDING"),
            outbox.count("SENT"),
            outbox.count("DEAD"),
            outbox.stuck(),
            outbox.deadLetters(DEAD_LETTERS),
            outbox.lastSent(LAST_SENT)),
        now);
  }

  /** Whether a declared member of a collector group is lost, or its group silent as a whole. */
  private static boolean groupSilent(Inventory inventory, Set<String> keys, String collector) {
    return inventory
        .groupOfMember(collector)
        .map(
            g ->
                keys.contains("group:" + g.id())
                    || keys.contains("group:" + g.id() + ":member:" + collector))
        .orElse(false);
  }

  /**
   * InfluxDB's address, or its replicas' separated by commas, as they may be shown: no user part,
   * no query (where a password may sit).
   */
  private static String shown(String urls) {
    return String.join(
        ", ", InfluxReplicas.split(urls).stream().map(InfluxReplicas::shown).toList());
  }
}
