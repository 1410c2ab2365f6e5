package io.vigie.alerting.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigie.alerting.status.Decision;
import io.vigie.alerting.status.Status;
import io.vigie.alerting.users.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The live stream hears of a decision only when its user's scope sees the decision's client. */
class ConsoleEventsTest {

  /** A stream that keeps what would be sent to the browser. */
  static final class Recorded extends SseEmitter {
    final List<String> sent = new CopyOnWriteArrayList<>();

    @Override
    public void send(SseEventBuilder builder) {
      sent.add(
          builder.build().stream()
              .map(DataWithMediaType::getData)
              .map(String::valueOf)
              .collect(Collectors.joining()));
    }

    @Override
    public void send(Object object, @Nullable MediaType mediaType) {
      sent.add(String.valueOf(object));
    }
  }

  static Decision decision(long seq, @Nullable String client) {
    Instant now = Instant.parse("2026-11-30T12:00:00Z");
    return new Decision(
        seq,
        now,
        client == null ? Decision.Kind.CONDITION_RAISED : Decision.Kind.PROBLEM,
        client,
        client == null ? null : client + "-web",
        Status.ERROR,
        Status.RUN,
        "reachability",
        "host key changed",
        null,
        null,
        now,
        "status changed");
  }

  @Test
  void statusChangesToldOrNotReachOnlyTheirClientsStreams() {
    List<Consumer<io.vigie.alerting.status.Transition>> watchers = new CopyOnWriteArrayList<>();
    try (ConsoleEvents events = new ConsoleEvents(l -> {})) {
      events.watch(watchers::add);
      Recorded acme = new Recorded();
      Recorded noc = new Recorded();
      events.open(Scope.of(Set.of("acme")), acme);
      events.open(Scope.ALL, noc);
      watchers.forEach(w -> w.accept(change("globex", 1_000)));
      watchers.forEach(w -> w.accept(change("acme", 2_000)));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> noc.sent.size() == 3 && acme.sent.size() == 2);
      assertThat(acme.sent.get(1)).contains("event:change").contains("data:2000");
      assertThat(acme.sent).noneMatch(s -> s.contains("1000"));
      assertThat(noc.sent).anyMatch(s -> s.contains("data:1000"));
    }
  }

  static io.vigie.alerting.status.Transition change(String client, long millis) {
    return new io.vigie.alerting.status.Transition(
        client + "-web",
        client,
        "local",
        Instant.ofEpochMilli(millis),
        Status.RUN,
        Status.ERROR,
        "reachability",
        "host key changed",
        false,
        false);
  }

  @Test
  void eachStreamHearsOnlyItsScopesClientsAndConditionsOnlyTheNoc() {
    List<Consumer<Decision>> listeners = new CopyOnWriteArrayList<>();
    try (ConsoleEvents events = new ConsoleEvents(listeners::add)) {
      Recorded acme = new Recorded();
      Recorded noc = new Recorded();
      events.open(Scope.of(Set.of("acme")), acme);
      events.open(Scope.ALL, noc);
      assertThat(events.listeners()).isEqualTo(2);
      listeners.forEach(l -> l.accept(decision(7, "globex")));
      listeners.forEach(l -> l.accept(decision(8, null)));
      listeners.forEach(l -> l.accept(decision(9, "acme")));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> noc.sent.size() == 4 && acme.sent.size() == 2);
      assertThat(noc.sent).anyMatch(s -> s.contains("7")).anyMatch(s -> s.contains("8"));
      assertThat(acme.sent).noneMatch(s -> s.contains("7") || s.contains("8"));
      assertThat(acme.sent.get(1)).contains("9");
    }
  }
}
