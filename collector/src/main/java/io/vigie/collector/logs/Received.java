package io.vigie.collector.logs;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * One syslog message as it came off the network, before it is parsed.
 *
 * @param at when the receiver read it
 * @param sender the address it came from (the relay's, when a relay forwarded it)
 * @param transport how it came
 * @param text the message, framing removed, decoded as UTF-8 (invalid bytes replaced)
 * @param truncated whether it was cut at the receiver's limit
 */
public record Received(
    Instant at, InetAddress sender, Transport transport, String text, boolean truncated) {

  public Received {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(text, "text");
  }

  /** How a message came. */
  public enum Transport {
    UDP,
    TCP,
    TLS
  }
}
