package io.vigie.alerting.api;

import io.vigie.alerting.service.AlertingService;
import io.vigie.alerting.service.SilenceRequest;
import io.vigie.alerting.status.Silence;
import io.vigie.alerting.users.UsersDetailsService;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Silences and maintenance windows: they mute notifications, never the recorded status. */
@RestController
@RequestMapping("/api/silences")
class SilenceController {
  private final AlertingService service;

  SilenceController(AlertingService service) {
    this.service = service;
  }

  /**
   * A new silence: {@code target} or {@code client}, {@code ends} (ISO-8601), {@code reason};
   * {@code starts} defaults to now; {@code maintenance} (default false) declares planned work. The
   * author is the user who asks.
   */
  record Body(
      @Nullable String target,
      @Nullable String client,
      @Nullable Instant starts,
      @Nullable Instant ends,
      @Nullable String reason,
      @Nullable Boolean maintenance) {}

  @GetMapping
  List<Silence> list(Authentication who) {
    return service.silences(UsersDetailsService.scopeOf(who));
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Silence create(@RequestBody Body body, Authentication who) {
    return service.silence(
        UsersDetailsService.scopeOf(who),
        new SilenceRequest(
            body.target(),
            body.client(),
            body.starts(),
            body.ends(),
            body.reason(),
            Boolean.TRUE.equals(body.maintenance())),
        who.getName());
  }

  /** Ends a silence now; one in force stays on record with its new end (DELETE removes it). */
  @PostMapping("/{id}/end")
  ResponseEntity<?> end(@PathVariable String id, Authentication who) {
    return service.endSilence(id, UsersDetailsService.scopeOf(who))
        ? ResponseEntity.noContent().build()
        : ResponseEntity.status(HttpStatus.NOT_FOUND)
            .body(Map.of("error", "no silence with id \"" + id + "\""));
  }

  @DeleteMapping("/{id}")
  ResponseEntity<?> delete(@PathVariable String id, Authentication who) {
    return service.deleteSilence(id, UsersDetailsService.scopeOf(who))
        ? ResponseEntity.noContent().build()
        : ResponseEntity.status(HttpStatus.NOT_FOUND)
            .body(Map.of("error", "no silence with id \"" + id + "\""));
  }
}
