package io.vigie.alerting.status;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A silence or maintenance window: mutes the notifications of a target or of a whole client for a
 * time; the status is still computed and recorded.
 *
 * @param maintenance declared as planned work: besides muting, its time is left out of the
 *     service-level figures. A plain silence only mutes (an operator hushing a known problem), and
 *     its time still counts against availability.
 */
public record Silence(
    String id,
    @Nullable String target,
    @Nullable String client,
    Instant starts,
    Instant ends,
    String author,
    String reason,
    Instant created,
    boolean maintenance) {

  public boolean mutes(TargetState target, Instant now) {
    boolean inForce = !now.isBefore(starts) && now.isBefore(ends);
    boolean matches =
        (this.target != null && this.target.equals(target.id()))
            || (client != null && this.target == null && client.equals(target.client()));
    return inForce && matches;
  }
}
