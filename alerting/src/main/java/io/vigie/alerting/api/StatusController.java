package io.vigie.alerting.api;

import io.vigie.alerting.service.AlertingService;
import io.vigie.alerting.status.Acknowledgement;
import io.vigie.alerting.status.CheckState;
import io.vigie.alerting.status.Condition;
import io.vigie.alerting.status.Decision;
import io.vigie.alerting.status.Status;
import io.vigie.alerting.status.StatusEngine;
import io.vigie.alerting.status.TargetState;
import io.vigie.alerting.status.Transition;
import io.vigie.alerting.users.Scope;
import io.vigie.alerting.users.UsersDetailsService;
import io.vigie.model.cause.CauseText;
import io.vigie.model.inventory.Client;
import io.vigie.model.inventory.Language;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * What is broken right now and since when; history; acknowledgements; the decision stream. Every
 * answer is limited to the user's clients ({@link Scope}): another client's target, client or
 * decision is answered for exactly as one that does not exist.
 */
@RestController
@RequestMapping("/api")
class StatusController {
  private final AlertingService service;

  StatusController(AlertingService service) {
    this.service = service;
  }

  /**
   * A target's status as the API shows it. {@code says} is the cause as a sentence in the target's
   * client's language, built from typed fields (null where the engine has none yet); a client's
   * user gets it as {@code cause} too, never the engine's raw text (a poll's reason can quote an
   * exception), as in mails. NOC users keep the raw text in {@code cause}.
   */
  record TargetView(
      String target,
      String client,
      String kind,
      Status status,
      int code,
      String check,
      String cause,
      @Nullable String says,
      Instant since,
      @Nullable Instant lastData,
      boolean suppressed,
      boolean flapping,
      boolean stale,
      boolean silenced,
      @Nullable Acknowledgement acknowledged,
      List<CheckState> checks) {}

  /** A client's status: its worst target. */
  record ClientView(String client, String name, Status status, Map<Status, Long> targets) {}

  @GetMapping("/statuses")
  List<TargetView> statuses(
      @RequestParam(required = false) @Nullable String client,
      @RequestParam(required = false) @Nullable String status,
      Authentication who) {
    Scope scope = UsersDetailsService.scopeOf(who);
    Status wanted = status == null ? null : parseStatus(status);
    if (client != null && (service.inventory().client(client).isEmpty() || !scope.sees(client))) {
      throw new AlertingService.BadRequest("client: unknown client \"" + client + "\"");
    }
    List<TargetView> views = new ArrayList<>();
    Context context = context(scope);
    for (TargetState t : service.statuses()) {
      if (scope.sees(t.client())
          && (client == null || client.equals(t.client()))
          && (wanted == null || t.status() == wanted)) {
        views.add(view(t, false, context));
      }
    }
    views.sort(Comparator.comparing(TargetView::code).reversed().thenComparing(TargetView::target));
    return views;
  }

  @GetMapping("/clients")
  List<ClientView> clients(Authentication who) {
    Scope scope = UsersDetailsService.scopeOf(who);
    List<TargetState> all = service.statuses();
    List<ClientView> views = new ArrayList<>();
    for (Client client : service.inventory().clients()) {
      if (!scope.sees(client.id())) {
        continue;
      }
      List<TargetState> own = all.stream().filter(t -> t.client().equals(client.id())).toList();
      Map<Status, Long> counts = new java.util.EnumMap<>(Status.class);
      own.forEach(t -> counts.merge(t.status(), 1L, Long::sum));
      views.add(new ClientView(client.id(), client.name(), StatusEngine.worst(own), counts));
    }
    return views;
  }

  @GetMapping("/targets/{id}")
  ResponseEntity<?> target(@PathVariable String id, Authentication who) {
    Scope scope = UsersDetailsService.scopeOf(who);
    TargetState t = service.target(id);
    if (t == null || !scope.sees(t.client())) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND)
          .body(Map.of("error", "unknown target \"" + id + "\" (or not evaluated yet)"));
    }
    return ResponseEntity.ok(view(t, true, context(scope)));
  }

  @GetMapping("/targets/{id}/history")
  List<Transition> history(
      @PathVariable String id, @RequestParam(defaultValue = "100") int limit, Authentication who) {
    Scope scope = UsersDetailsService.scopeOf(who);
    String client = service.clientOf(id);
    if (client == null || !scope.sees(client)) {
      throw new AlertingService.BadRequest("target: unknown target \"" + id + "\"");
    }
    // A target id that once belonged to another client keeps that client's transitions.
    return service.history(id, Math.max(1, Math.min(limit, 10_000))).stream()
        .filter(t -> scope.sees(t.client()))
        .toList();
  }

  record AckRequest(@Nullable String comment) {}

  @PostMapping("/targets/{id}/ack")
  @ResponseStatus(HttpStatus.CREATED)
  Acknowledgement acknowledge(
      @PathVariable String id,
      @RequestBody(required = false) @Nullable AckRequest body,
      Authentication who) {
    return service.acknowledge(
        id, who.getName(), body == null ? null : body.comment(), UsersDetailsService.scopeOf(who));
  }

  /** Pipeline conditions concern every client and name collectors: for NOC users only. */
  @GetMapping("/conditions")
  List<Condition> conditions(Authentication who) {
    return UsersDetailsService.scopeOf(who).all() ? service.conditions() : List.of();
  }

  /** The decision stream, oldest first, after a sequence number the reader keeps. */
  @GetMapping("/decisions")
  List<Decision> decisions(
      @RequestParam(defaultValue = "0") long after,
      @RequestParam(defaultValue = "100") int limit,
      Authentication who) {
    return service.decisionsAfter(
        after, Math.max(1, Math.min(limit, 10_000)), UsersDetailsService.scopeOf(who));
  }

  /** What every view of one request shares, read once rather than once per target. */
  private record Context(
      Instant now,
      List<io.vigie.alerting.status.Silence> silences,
      Map<String, Acknowledgement> acks,
      Map<String, Language> languages,
      Scope scope) {}

  private Context context(Scope scope) {
    return new Context(
        Instant.now(),
        service.silences(scope),
        service.acknowledgements(),
        service.inventory().clients().stream()
            .collect(Collectors.toMap(Client::id, Client::language)),
        scope);
  }

  private static final CauseText SAYS = new CauseText(ZoneOffset.UTC);

  private TargetView view(TargetState t, boolean withChecks, Context context) {
    boolean silenced = context.silences().stream().anyMatch(s -> s.mutes(t, context.now()));
    List<CheckState> checks =
        withChecks
            ? t.checks().values().stream().sorted(Comparator.comparing(CheckState::name)).toList()
            : List.of();
    Language language = context.languages().getOrDefault(t.client(), Language.EN);
    String says = t.typedCause() == null ? null : SAYS.render(t.typedCause(), language);
    return new TargetView(
        t.id(),
        t.client(),
        t.kind(),
        t.status(),
        t.status().code(),
        t.check(),
        context.scope().all() || says == null ? t.cause() : says,
        says,
        t.since(),
        t.lastData(),
        t.suppressed(),
        t.flapping(),
        t.stale(),
        silenced,
        context.acks().get(t.id()),
        checks);
  }

  static Status parseStatus(String text) {
    try {
      return Status.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new AlertingService.BadRequest(
          "status: RUN, WARNING, ERROR or DEAD, found \"" + text + "\"");
    }
  }
}
