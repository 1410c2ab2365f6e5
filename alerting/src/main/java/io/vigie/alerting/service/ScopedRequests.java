package io.vigie.alerting.service;

import io.vigie.alerting.service.AlertingService.BadRequest;
import io.vigie.alerting.status.Acknowledgement;
import io.vigie.alerting.status.Decision;
import io.vigie.alerting.status.EngineState;
import io.vigie.alerting.status.Silence;
import io.vigie.alerting.status.Status;
import io.vigie.alerting.status.TargetState;
import io.vigie.alerting.store.StateStore;
import io.vigie.alerting.users.Scope;
import io.vigie.model.inventory.Inventory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What the API asks on a user's behalf, checked against the user's scope: silences and
 * acknowledgements (created, removed, listed) and the decision stream filtered to the scope's
 * clients. Apart from {@link AlertingService}, which keeps the evaluation cycle (read, judge,
 * store, write, publish), because these serve one user's request and keep a client's user to its
 * own targets, where the cycle works on observations for everyone.
 *
 * <p>Not thread-safe on its own: the silences and acknowledgements work on the service's state, so
 * {@link AlertingService} calls them only while holding its own lock, the one evaluations hold;
 * each change is stored before it is put in the state, as before. The decision stream reads only
 * the store, as it did before, without that lock.
 */
final class ScopedRequests {
  private final Supplier<Inventory> inventory;
  private final StateStore store;
  private final Clock clock;
  private final EngineState state;
  private final List<Consumer<String>> marked = new CopyOnWriteArrayList<>();

  ScopedRequests(Supplier<Inventory> inventory, StateStore store, Clock clock, EngineState state) {
    this.inventory = inventory;
    this.store = store;
    this.clock = clock;
    this.state = state;
  }

  /**
   * Told the client whose marks changed (a silence made or ended, an acknowledgement), after the
   * change is stored: the console's other browsers show it at once.
   */
  void onMarked(Consumer<String> watcher) {
    marked.add(watcher);
  }

  private void marked(@Nullable String client) {
    if (client != null) {
      marked.forEach(w -> w.accept(client));
    }
  }

  private @Nullable String clientOf(Silence silence) {
    if (silence.client() != null) {
      return silence.client();
    }
    String target = silence.target();
    return target == null ? null : inventory.get().target(target).map(t -> t.client()).orElse(null);
  }

  /** The silences a user may see: those of a target or client of their scope. */
  List<Silence> silences(Scope scope) {
    return state.silences().values().stream().filter(s -> visible(s, scope)).toList();
  }

  /**
   * A silence's client: its own, or its target's (from the inventory, else from the last known
   * state); {@code null} when neither knows the target, which only a NOC user then sees.
   */
  private boolean visible(Silence silence, Scope scope) {
    if (scope.all()) {
      return true;
    }
    if (silence.target() == null) {
      return scope.sees(silence.client());
    }
    return scope.sees(clientOf(silence.target()));
  }

  /** The client of a target, from the inventory or else from its last state; null if unknown. */
  @Nullable String clientOf(String target) {
    return inventory
        .get()
        .target(target)
        .map(io.vigie.model.inventory.Target::client)
        .orElseGet(
            () -> {
              TargetState known = state.targets().get(target);
              return known == null ? null : known.client();
            });
  }

  /**
   * Creates a silence on a target or client of the scope; one outside it is refused with the very
   * words used for an id that does not exist.
   */
  Silence silence(Scope scope, SilenceRequest request, String author) {
    String target = request.target();
    String client = request.client();
    Instant starts = request.starts();
    Instant ends = request.ends();
    String reason = request.reason();
    Inventory current = inventory.get();
    List<String> problems = new ArrayList<>();
    if ((target == null) == (client == null)) {
      problems.add("give either target or client, not both and not neither");
    }
    if (target != null && current.target(target).filter(t -> scope.sees(t.client())).isEmpty()) {
      problems.add("target: unknown target \"" + target + "\"");
    }
    if (client != null && (current.client(client).isEmpty() || !scope.sees(client))) {
      problems.add("client: unknown client \"" + client + "\"");
    }
    Instant now = clock.instant();
    Instant from = starts == null ? now : starts;
    if (ends == null) {
      problems.add("ends: required (a silence always ends)");
    } else if (!ends.isAfter(from)) {
      problems.add("ends: must be after starts (" + from + "), found " + ends);
    }
    if (reason == null || reason.isBlank()) {
      problems.add("reason: required, found nothing");
    }
    if (!problems.isEmpty()) {
      throw new BadRequest(String.join("; ", problems));
    }
    // Both were refused above when missing.
    Silence silence =
        new Silence(
            UUID.randomUUID().toString(),
            target,
            client,
            from,
            Objects.requireNonNull(ends, "ends"),
            author,
            Objects.requireNonNull(reason, "reason"),
            now,
            request.maintenance());
    store.saveSilence(silence);
    state.silences().put(silence.id(), silence);
    marked(clientOf(silence));
    return silence;
  }

  /** Removes a silence of the scope; false if there was none with that id in it. */
  boolean deleteSilence(String id, Scope scope) {
    Silence silence = state.silences().get(id);
    if (silence == null || !visible(silence, scope)) {
      return false;
    }
    store.deleteSilence(id);
    state.silences().remove(id);
    marked(clientOf(silence));
    return true;
  }

  /**
   * Ends a silence of the scope now: one in force is cut short and kept (its time stays on record,
   * which a maintenance window's must for the service-level figures); one that has not started is
   * removed, as it never was. False if there was none with that id in the scope; an ended one is
   * left as it is.
   */
  boolean endSilence(String id, Scope scope) {
    Silence silence = state.silences().get(id);
    if (silence == null || !visible(silence, scope)) {
      return false;
    }
    Instant now = clock.instant();
    if (!silence.ends().isAfter(now)) {
      return true;
    }
    if (silence.starts().isAfter(now)) {
      return deleteSilence(id, scope);
    }
    Silence ended =
        new Silence(
            silence.id(),
            silence.target(),
            silence.client(),
            silence.starts(),
            now,
            silence.author(),
            silence.reason(),
            silence.created(),
            silence.maintenance());
    store.saveSilence(ended);
    state.silences().put(id, ended);
    marked(clientOf(ended));
    return true;
  }

  /** Acknowledges a problem of a target of the scope; any other target is unknown. */
  Acknowledgement acknowledge(String target, String author, @Nullable String comment, Scope scope) {
    if (inventory.get().target(target).filter(t -> scope.sees(t.client())).isEmpty()) {
      throw new BadRequest("target: unknown target \"" + target + "\"");
    }
    TargetState current = state.targets().get(target);
    if (current == null || current.status().compareTo(Status.ERROR) < 0) {
      throw new BadRequest(
          "target "
              + target
              + " is "
              + (current == null ? "not evaluated yet" : current.status())
              + ": only ERROR or DEAD can be acknowledged");
    }
    Acknowledgement ack =
        new Acknowledgement(
            target, current.status(), author, comment == null ? "" : comment, clock.instant());
    store.saveAck(ack);
    state.acks().put(target, ack);
    marked(current.client());
    return ack;
  }

  /**
   * The decisions of the scope's clients after {@code seq}. Read page by page until {@code limit}
   * are found or the stream ends, so that a reader whose clients are quiet while others' are not
   * still reaches the end rather than getting an empty page and stopping short. Reads only the
   * store, which has its own lock: not called under the service's.
   */
  List<Decision> decisionsAfter(long seq, int limit, Scope scope) {
    if (scope.all()) {
      return store.decisionsAfter(seq, limit);
    }
    List<Decision> found = new ArrayList<>();
    long after = seq;
    while (found.size() < limit) {
      List<Decision> page = store.decisionsAfter(after, limit);
      for (Decision d : page) {
        if (found.size() < limit && scope.sees(d.client())) {
          found.add(d);
        }
      }
      if (page.size() < limit) {
        break;
      }
      after = page.get(page.size() - 1).seq();
    }
    return found;
  }
}
