package io.vigie.alerting.api;

import io.vigie.alerting.notify.Outbox;
import io.vigie.alerting.users.Scope;
import io.vigie.alerting.users.UsersDetailsService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The outbox as operators see it: counts, dead letters, and their resend. Reading is for viewers,
 * resending for operators (the security chain's rule for every {@code /api} POST). A client's user
 * sees and resends only its own clients' letters (another client's key is answered as an unknown
 * one); the outbox's counts are the pipeline's, for NOC users only, like the actuator.
 */
@RestController
@RequestMapping("/api/mails")
class MailController {
  private final Outbox outbox;
  private final Clock clock;

  MailController(Outbox outbox, Clock clock) {
    this.outbox = outbox;
    this.clock = clock;
  }

  /**
   * Counts read from the store, so they survive a restart.
   *
   * @param waiting mails in the queue now; {@code dead}: dead letters not resent
   * @param totals mails ever sent, attempts ever failed, mails ever dead-lettered
   * @param stuck null unless some mail is waiting after a failed attempt
   */
  record Summary(
      long waiting, long sent, long dead, Map<String, Long> totals, Outbox.@Nullable Stuck stuck) {}

  @GetMapping
  ResponseEntity<?> summary(Authentication who) {
    if (!UsersDetailsService.scopeOf(who).all()) {
      return ResponseEntity.status(HttpStatus.FORBIDDEN)
          .body(Map.of("error", "the outbox's counts are for NOC users"));
    }
    return ResponseEntity.ok(summary());
  }

  private Summary summary() {
    return new Summary(
        outbox.count("PENDING"),
        outbox.count("SENT"),
        outbox.count("DEAD"),
        Map.of(
            "sent", outbox.total("SENT"),
            "retry", outbox.total("RETRY"),
            "dead", outbox.total("DEAD")),
        outbox.stuck());
  }

  @GetMapping("/dead")
  List<Outbox.Letter> dead(@RequestParam(defaultValue = "100") int limit, Authentication who) {
    Scope scope = UsersDetailsService.scopeOf(who);
    return outbox.deadLetters(Math.max(1, Math.min(limit, 10_000)), scope.clients());
  }

  record Resent(String key, String messageId, String state, String resentBy, Instant resentAt) {}

  /**
   * Queues a dead letter again, with its Message-ID: a recipient whose server did take it in the
   * end (an answer lost in a timeout) sees the same message, not a new one. A mail that is not a
   * dead letter is refused (409): resending a sent mail would double it.
   */
  @PostMapping("/dead/{key}/resend")
  ResponseEntity<?> resend(@PathVariable String key, Authentication who) {
    Instant now = clock.instant();
    Scope scope = UsersDetailsService.scopeOf(who);
    Outbox.Resend done = outbox.resend(key, who.getName(), now, scope::sees);
    return switch (done) {
      case QUEUED ->
          ResponseEntity.status(HttpStatus.ACCEPTED)
              .body(new Resent(key, Outbox.messageId(key), "PENDING", who.getName(), now));
      case UNKNOWN ->
          ResponseEntity.status(HttpStatus.NOT_FOUND)
              .body(Map.of("error", "unknown mail \"" + key + "\""));
      case NOT_DEAD ->
          ResponseEntity.status(HttpStatus.CONFLICT)
              .body(
                  Map.of(
                      "error",
                      "mail \""
                          + key
                          + "\" is not a dead letter (sent or waiting): only a dead letter can be"
                          + " resent"));
    };
  }
}
