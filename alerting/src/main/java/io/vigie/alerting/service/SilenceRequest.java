package io.vigie.alerting.service;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A user's request for a silence or a maintenance window, as the API and the console receive it;
 * checked by the service (one of target or client, an end after the start, a reason).
 *
 * @param starts null for now
 * @param maintenance planned work, left out of the service-level figures; a plain silence only
 *     mutes
 */
public record SilenceRequest(
    @Nullable String target,
    @Nullable String client,
    @Nullable Instant starts,
    @Nullable Instant ends,
    @Nullable String reason,
    boolean maintenance) {}
