package io.vigie.model.probe;

import java.util.Locale;
import java.util.Optional;

/**
 * What a probe asks of a service. An {@code https} probe is an {@link #HTTP} probe whose URL says
 * {@code https}: the same settings, plus the certificate checks.
 */
public enum ProbeType {
  /** A TCP connection, optionally a line sent and a banner expected. */
  TCP,
  /** An HTTP(S) request: status, body, redirects, and the certificate for https. */
  HTTP,
  /** ICMP echo requests: loss and round-trip times. */
  ICMP,
  /** A DNS query to a named server: RCODE and answers. */
  DNS,
  /** SIP OPTIONS over UDP or TCP: is the telephony server answering. */
  SIP,
  /** RTSP OPTIONS and DESCRIBE: does the camera offer a stream. */
  RTSP;

  /** The lower-case name used in the inventory and as the {@code type} tag. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type written {@code code} ({@code https} is {@link #HTTP}), if there is one. */
  public static Optional<ProbeType> fromCode(String code) {
    if ("https".equals(code)) {
      return Optional.of(HTTP);
    }
    for (ProbeType type : values()) {
      if (type.code().equals(code)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
