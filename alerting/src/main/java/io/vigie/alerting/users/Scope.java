package io.vigie.alerting.users;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The clients a user may see and act on: every client for a NOC user, a fixed set for a client's
 * user. Whatever lies outside is answered for as if it did not exist (the same 404 or 400 as an
 * unknown id), so that a client's user cannot learn another client's target ids.
 *
 * @param clients the client ids; {@code null} for every client
 */
public record Scope(@Nullable Set<String> clients) {
  /** A NOC user's scope: every client, and the pipeline (conditions, metrics, health details). */
  public static final Scope ALL = new Scope(null);

  public Scope {
    clients = clients == null ? null : Set.copyOf(clients);
  }

  public static Scope of(java.util.Collection<String> clients) {
    return new Scope(Set.copyOf(clients));
  }

  public boolean all() {
    return clients == null;
  }

  /** Whether a thing of this client may be shown; a thing of no client only to a NOC user. */
  public boolean sees(@Nullable String client) {
    return clients == null || (client != null && clients.contains(client));
  }
}
