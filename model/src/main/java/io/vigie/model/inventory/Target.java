package io.vigie.model.inventory;

import java.time.Duration;
import java.util.Map;

/**
 * Something that is polled.
 *
 * @param address host name or IP; for a {@code local} target, the host the collector runs on
 * @param parent the target in front of this one (the switch before a server), or null
 * @param credentials secret references by role ({@code community}, {@code password}, ...)
 * @param labels free key/value pairs written as tags
 */
public record Target(
    String id,
    String client,
    TargetKind kind,
    String address,
    Duration interval,
    String parent,
    Map<String, SecretRef> credentials,
    Map<String, String> labels) {
  public Target {
    credentials = Map.copyOf(credentials);
    labels = Map.copyOf(labels);
  }
}
