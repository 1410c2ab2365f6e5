package io.vigie.model.ssh;

import java.nio.file.Path;
import java.time.Duration;

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
    Duration commandTimeout) {}
