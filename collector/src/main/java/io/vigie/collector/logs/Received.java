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
 * @param source the {@code source} tag: the sender's address, or for a followed source what was
 *     followed ({@code journal}, a file's path)
 */
public record Received(
    Instant at,
    InetAddress sender,
    Transport transport,
    String text,
    boolean truncated,
    String source) {

  /** A message from the network: its source is its sender's address. */
  public Received(
      Instant at, InetAddress sender, Transport transport, String text, boolean truncated) {
    this(at, sender, transport, text, truncated, sender.getHostAddress());
  }

  public Received {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(source, "source");
  }

  /** How a message came. */
  public enum Transport {
    UDP,
    TCP,
    TLS,
    /** Followed over the target's SSH session (its journal or a file). */
    SSH
  }
}
