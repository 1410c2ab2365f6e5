package io.vigie.alerting.console;

import io.vigie.alerting.status.Decision;
import io.vigie.alerting.status.Transition;
import io.vigie.alerting.users.Scope;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The console's live stream: each browser's server-sent events, fed by the service's decisions and
 * limited to the browser's user's scope (a client's user never hears of another client's decision;
 * pipeline conditions go to NOC users only). Events are sent from one thread of their own, so that
 * a slow browser never holds the evaluation up.
 */
final class ConsoleEvents implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleEvents.class);
  private static final long TIMEOUT_MILLIS = 30 * 60_000L; // the browser reconnects by itself

  private final Map<SseEmitter, Scope> emitters = new ConcurrentHashMap<>();
  // When each client's last event was sent (the pipeline's under ""): a new stream's first event
  // says when its scope's last one was, so that a page rendered since asks nothing again.
  private final Map<String, Long> lastSent = new ConcurrentHashMap<>();
  private final ExecutorService sender =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "console-events");
            t.setDaemon(true);
            return t;
          });

  /** Listens to the decisions through {@code subscribe} ({@code AlertingService::onDecision}). */
  ConsoleEvents(Consumer<Consumer<Decision>> subscribe) {
    subscribe.accept(d -> sender.execute(() -> publish("decision", d.client(), d.seq())));
  }

  /**
   * Also tells of every status change, told to the client or not (a silenced target's too), through
   * {@code watch} ({@code AlertingService::onTransition}).
   */
  void watch(Consumer<Consumer<Transition>> watch) {
    watch.accept(t -> sender.execute(() -> publish("change", t.client(), t.time().toEpochMilli())));
  }

  /**
   * Also tells of marks a user changed (a silence made or ended, an acknowledgement), through the
   * API or another browser, through {@code watch} ({@code AlertingService::onMarked}).
   */
  void watchMarks(Consumer<Consumer<String>> watch) {
    watch.accept(
        client -> sender.execute(() -> publish("mark", client, System.currentTimeMillis())));
  }

  /**
   * A new stream for one browser of a user of this scope. Its first event, {@code hello}, carries
   * the time (epoch milliseconds) of the last event its scope would have heard: a page rendered
   * after it is current.
   */
  SseEmitter open(Scope scope) {
    return open(scope, new SseEmitter(TIMEOUT_MILLIS));
  }

  /** Registers a stream for one browser of a user of this scope. */
  SseEmitter open(Scope scope, SseEmitter emitter) {
    emitter.onCompletion(() -> emitters.remove(emitter));
    emitter.onTimeout(() -> emitters.remove(emitter));
    emitter.onError(e -> emitters.remove(emitter));
    emitters.put(emitter, scope);
    long last = 0;
    for (Map.Entry<String, Long> sent : lastSent.entrySet()) {
      boolean sees = sent.getKey().isEmpty() ? scope.all() : scope.sees(sent.getKey());
      if (sees) {
        last = Math.max(last, sent.getValue());
      }
    }
    try {
      emitter.send(SseEmitter.event().name("hello").data(Long.toString(last)));
    } catch (IOException e) {
      emitters.remove(emitter);
    }
    return emitter;
  }

  /** How many browsers listen now. */
  int listeners() {
    return emitters.size();
  }

  private void publish(String name, @Nullable String client, long id) {
    // Recorded before any browser is told: a stream opened meanwhile hears it either way.
    lastSent.put(client == null ? "" : client, System.currentTimeMillis());
    List<SseEmitter> gone = new ArrayList<>();
    for (Map.Entry<SseEmitter, Scope> e : emitters.entrySet()) {
      Scope scope = e.getValue();
      boolean sees = client == null ? scope.all() : scope.sees(client);
      if (!sees) {
        continue;
      }
      try {
        e.getKey().send(SseEmitter.event().name(name).data(Long.toString(id)));
      } catch (IOException | IllegalStateException left) {
        LOG.debug("a console browser left: {}", left.toString());
        gone.add(e.getKey());
      }
    }
    gone.forEach(emitters::remove);
  }

  @Override
  public void close() {
    sender.shutdownNow();
    emitters.keySet().forEach(SseEmitter::complete);
    emitters.clear();
  }
}
