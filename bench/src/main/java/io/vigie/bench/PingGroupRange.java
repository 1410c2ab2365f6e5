package io.vigie.bench;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code net.ipv4.ping_group_range}: which groups may open unprivileged ICMP datagram sockets, and
 * so whether Vigie's icmp probes ping in-process or through fping. Debian hosts with systemd allow
 * every group (systemd's {@code 50-default.conf} sets {@code 0 2147483647}); containers and hosts
 * without systemd keep the kernel's {@code 1 0}, which allows none.
 */
final class PingGroupRange implements AutoCloseable {
  private static final Path SYSCTL = Path.of("/proc/sys/net/ipv4/ping_group_range");

  /** What systemd's Debian packaging sets. */
  static final String SYSTEMD_DEFAULT = "0 2147483647";

  private final String before;
  private final boolean changed;

  private PingGroupRange(String before, boolean changed) {
    this.before = before;
    this.changed = changed;
  }

  /** The range now, as {@code low high}, or {@code unknown}. */
  static String read() {
    // Files.readString reads a sysctl short (its size is 0): a stream reads it whole.
    try (InputStream in = new FileInputStream(SYSCTL.toFile())) {
      String range = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      return String.join(" ", range.trim().split("\\s+", -1));
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * With {@code asSystemd}, sets systemd's range when the current one is narrower (root only), and
   * puts the range found back on {@link #close}; otherwise leaves it as found.
   */
  static PingGroupRange set(boolean asSystemd) {
    String before = read();
    if (!asSystemd || before.equals(SYSTEMD_DEFAULT) || before.equals("unknown")) {
      return new PingGroupRange(before, false);
    }
    try {
      Files.writeString(SYSCTL, SYSTEMD_DEFAULT);
      return new PingGroupRange(before, true);
    } catch (IOException e) {
      WriterBench.log(
          "cannot set net.ipv4.ping_group_range (%s): icmp probes go through fping",
          String.valueOf(e.getMessage()));
      return new PingGroupRange(before, false);
    }
  }

  /** The range the run found, before any change. */
  String found() {
    return before;
  }

  boolean changed() {
    return changed;
  }

  @Override
  public void close() {
    if (changed) {
      try {
        Files.writeString(SYSCTL, before);
      } catch (IOException e) {
        WriterBench.log("cannot put net.ipv4.ping_group_range back to %s: %s", before, e);
      }
    }
  }
}
