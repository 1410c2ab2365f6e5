package io.vigie.model.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to reach one SSH target. Secrets are the target's credentials: {@code private_key} (an
 * OpenSSH private key file, with an optional {@code passphrase}) or {@code password}.
 *
 * <p>Host keys are verified: pinned with {@code hostKey} (a fingerprint as {@code ssh-keygen -l}
 * prints it, {@code SHA256:...}), or read from a {@code knownHosts} file. Trust on first use only
 * when asked for.
 */
public record SshSettings(
    int port,
    String user,
    String hostKey,
    Path knownHosts,
    boolean trustOnFirstUse,
    Duration connectTimeout,
    Duration commandTimeout,
    List<Check> checks) {
  public SshSettings {
    checks = checks == null ? List.of() : List.copyOf(checks);
  }

  /**
   * A command following the Nagios plugin convention (exit 0/1/2/3, perfdata after {@code |}).
   *
   * @param timeout null for the target's command timeout
   */
  public record Check(String name, String command, Duration timeout) {}
}
