package io.vigie.dashboards.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A syslog sender over TCP, RFC 5424 messages with octet counting (RFC 6587), from a loopback
 * address of its choosing: the collector attributes a line by its sender's address and the host
 * name it carries, and util-linux {@code logger} can set neither (it binds no source address and
 * writes the machine's own host name).
 */
final class SyslogSender {
  /** Telegraf's severity names, in code order (0 emerg .. 7 debug). */
  static final List<String> SEVERITIES =
      List.of("emerg", "alert", "crit", "err", "warning", "notice", "info", "debug");

  /** Facility local0, as a device's syslog usually sends. */
  private static final int LOCAL0 = 16;

  private final InetAddress from;
  private final int port;

  /**
   * @param from the loopback address to send from (127.0.0.0/8 is all loopback on Linux)
   * @param port the collector's syslog TCP port on 127.0.0.1
   */
  SyslogSender(String from, int port) throws IOException {
    this.from = InetAddress.getByName(from);
    this.port = port;
  }

  /** Sends one line per severity, from {@code appname} on {@code hostname}, on one connection. */
  void send(String hostname, String appname, List<String> severities, String text)
      throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port, from, 0);
        OutputStream out = socket.getOutputStream()) {
      for (String severity : severities) {
        int pri = LOCAL0 * 8 + SEVERITIES.indexOf(severity);
        // RFC 5424 allows six digits of a second at most: milliseconds, not the JDK's nanoseconds.
        String message =
            "<"
                + pri
                + ">1 "
                + Instant.now().truncatedTo(ChronoUnit.MILLIS)
                + " "
                + hostname
                + " "
                + appname
                + " - - - "
                + text
                + " ("
                + severity
                + ")";
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        out.write((bytes.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
      }
      out.flush();
    }
  }
}
