package io.vigie.alerting.notify;

import io.vigie.model.inventory.Secret;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How to reach the SMTP server.
 *
 * @param security {@code STARTTLS} (port 587, the usual submission), {@code TLS} (implicit, port
 *     465) or {@code NONE} (a relay on the same host or in a test)
 * @param password null without authentication; never logged
 */
public record MailSettings(
    String host,
    int port,
    Security security,
    @Nullable String username,
    @Nullable Secret password,
    String from,
    Duration timeout) {

  public enum Security {
    NONE,
    STARTTLS,
    TLS
  }

  @Override
  public String toString() {
    return "MailSettings["
        + host
        + ":"
        + port
        + ", "
        + security
        + ", user="
        + username
        + ", from="
        + from
        + "]";
  }
}
