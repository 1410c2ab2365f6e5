package io.vigie.model.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

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
    @Nullable String hostKey,
    @Nullable Path knownHosts,
    boolean trustOnFirstUse,
    Duration connectTimeout,
    Duration commandTimeout,
    List<Check> checks) {

  /** The server's port when the inventory gives none. */
  public static final int DEFAULT_PORT = 22;

  /** How long connecting and logging in may take when the inventory sets no connect_timeout. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** How long one command may run when the inventory sets no command_timeout. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(30);

  public SshSettings {
    checks = checks == null ? List.of() : List.copyOf(checks);
  }

  /**
   * A command following the Nagios plugin convention (exit 0/1/2/3, perfdata after {@code |}).
   *
   * @param timeout null for the target's command timeout
   */
  public record Check(String name, String command, @Nullable Duration timeout) {}
}
