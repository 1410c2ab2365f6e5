package io.vigie.collector.ssh;

import io.vigie.model.poll.FailureKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether the host key a target offers is the one expected: the fingerprint pinned in the
 * inventory or read from its known_hosts file, or, with trust on first use, the first key offered,
 * which is then pinned, logged and recorded in a file (one {@code target fingerprint} per line) so
 * that a restart keeps it pinned. Knows nothing of connections: {@link SshSessions} asks it from
 * MINA's server key verifier and when it explains a refused connection.
 */
final class HostKeys {
  /** What a target expects: a fingerprint, or none (then only trust on first use lets it in). */
  private record Check(@Nullable String expected, boolean trustOnFirstUse) {}

  private final @Nullable Path trusted;
  private final Map<String, Check> checks = new ConcurrentHashMap<>();
  // The key each target offered last, to name it when a connection is refused.
  private final Map<String, String> offered = new ConcurrentHashMap<>();
  // Keys trusted on first use, in this run or (read from the file) in an earlier one.
  private final Map<String, String> recorded = new ConcurrentHashMap<>();

  /**
   * @param trusted the file where keys trusted on first use are recorded; null to keep them in
   *     memory only (they last until restart)
   */
  HostKeys(@Nullable Path trusted) {
    this.trusted = trusted;
    load();
  }

  private void load() {
    Path file = trusted;
    if (file == null || !Files.exists(file)) {
      return;
    }
    try {
      for (String line : Files.readAllLines(file)) {
        // The line is trimmed: no trailing empty field can come out, with or without the limit.
        String[] f = line.trim().split("\\s+", -1);
        if (f.length == 2 && !line.startsWith("#")) {
          recorded.put(f[0], f[1]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the trusted host keys in " + file, e);
    }
  }

  /**
   * Sets what a target expects, the first time it connects only: a key pinned by trust on first use
   * must outlive the login that asked for it.
   */
  void expect(String target, @Nullable String hostKey, boolean trustOnFirstUse) {
    @Nullable String expected = hostKey;
    if (expected == null && trustOnFirstUse) {
      // A key trusted before (in an earlier run) stays pinned: a different one is a mismatch.
      expected = recorded.get(target);
    }
    checks.putIfAbsent(target, new Check(expected, trustOnFirstUse));
  }

  /** Whether the key a target's server offers is accepted; with trust on first use, pins it. */
  boolean accept(@Nullable String target, PublicKey key) {
    return accept(target, fingerprint(key));
  }

  boolean accept(@Nullable String target, String fingerprint) {
    Check check = target == null ? null : checks.get(target);
    offered.put(String.valueOf(target), fingerprint);
    if (target == null || check == null) {
      return false;
    }
    String expected = check.expected();
    if (expected == null) {
      if (check.trustOnFirstUse()) {
        // Trust on first use, as asked for: from now on this key is the pinned one.
        checks.put(target, new Check(fingerprint, false));
        record(target, fingerprint);
        return true;
      }
      return false;
    }
    return expected.equals(fingerprint);
  }

  private synchronized void record(String target, String fingerprint) {
    recorded.put(target, fingerprint);
    // Logged under SshSessions, the logger operators already know from before this class was split.
    org.slf4j.LoggerFactory.getLogger(SshSessions.class)
        .warn(
            "ssh target {}: host key {} trusted on first use and recorded{}; pin it in the inventory"
                + " with host_key: {}",
            target,
            fingerprint,
            trusted == null ? "" : " in " + trusted,
            fingerprint);
    Path file = trusted;
    if (file == null) {
      return;
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(
          file,
          target + " " + fingerprint + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the trusted host key in " + file, e);
    }
  }

  /** The fingerprint a target is pinned to now (after trust on first use, the recorded one). */
  @Nullable String pinned(String target) {
    Check check = checks.get(target);
    return check == null ? null : check.expected();
  }

  /**
   * Why a target's server key was refused, or null when it was not (or not seen): the failure of a
   * connection whose error said {@code message}.
   */
  @Nullable SshFailure refusal(String target, String message) {
    String expected = pinned(target);
    String seen = offered.get(target);
    if (seen != null && expected != null && !expected.equals(seen)) {
      return new SshFailure(
          FailureKind.HOST_KEY_MISMATCH,
          "host key mismatch: expected " + expected + ", offered " + seen);
    }
    if (message.contains("Server key did not validate")) {
      return new SshFailure(
          FailureKind.HOST_KEY_NOT_TRUSTED, "host key not trusted: offered " + seen);
    }
    return null;
  }

  static String fingerprint(PublicKey key) {
    return KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
  }

  /**
   * The fingerprint a known_hosts file gives for a host and port, or null (then the connection is
   * refused, unless trust on first use is on). Hashed host names are matched too; revoked and CA
   * entries (with a marker) are not keys to pin.
   */
  static @Nullable String fromKnownHosts(@Nullable Path file, String host, int port) {
    if (file == null) {
      return null;
    }
    try {
      for (KnownHostEntry entry : KnownHostEntry.readKnownHostEntries(file)) {
        if (entry.isHostMatch(host, port) && entry.getMarker() == null) {
          PublicKey key =
              entry.getKeyEntry().resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
          if (key != null) {
            return fingerprint(key);
          }
        }
      }
    } catch (IOException | GeneralSecurityException e) {
      return null;
    }
    return null;
  }
}
