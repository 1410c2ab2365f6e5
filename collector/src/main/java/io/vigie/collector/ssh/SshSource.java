package io.vigie.collector.ssh;

import io.vigie.collector.agent.LocalAgentSource;
import io.vigie.collector.source.PollResult;
import io.vigie.collector.source.Sample;
import io.vigie.collector.source.Source;
import io.vigie.model.inventory.Secret;
import io.vigie.model.inventory.SecretRef;
import io.vigie.model.inventory.SecretResolver;
import io.vigie.model.inventory.Target;
import io.vigie.model.poll.FailureKind;
import io.vigie.model.ssh.SshSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Polls a Linux host over SSH without installing anything on it: one command per poll (the {@link
 * LinuxProbe}), over the target's kept-open session. Writes the local agent's measurements.
 */
public final class SshSource implements Source {
  /** The Linux probe's command, for benchmarks and for running it by hand. */
  public static final String PROBE_COMMAND = LinuxProbe.COMMAND;

  private static final int MAX_OUTPUT = 1024 * 1024;
  private static final int CHECK_OUTPUT = 64 * 1024;

  private final SshSessions sessions;
  private final SshSessions.Login login;
  private final SshSettings settings;
  private final Clock clock;
  private final ProbeHost host = new ProbeHost();
  // Made with the first probe reading, the baseline of CPU and network rates.
  private @Nullable LocalAgentSource agent;

  public SshSource(SshSessions sessions, Target target, SecretResolver secrets, Clock clock) {
    this.sessions = sessions;
    this.settings = Objects.requireNonNull(target.ssh(), "an SSH source polls an ssh target");
    this.clock = clock;
    this.login = login(target, secrets);
  }

  /** How to log in to an ssh target: for its polls, and for its followed logs. */
  static SshSessions.Login login(Target target, SecretResolver secrets) {
    SshSettings settings = Objects.requireNonNull(target.ssh(), "an ssh target has ssh settings");
    return new SshSessions.Login(
        target.id(),
        target.address(),
        settings.port(),
        settings.user(),
        settings.hostKey() != null ? settings.hostKey() : fromKnownHosts(target),
        settings.trustOnFirstUse(),
        secret(secrets, target.credentials().get("private_key")),
        secret(secrets, target.credentials().get("passphrase")),
        secret(secrets, target.credentials().get("password")),
        settings.connectTimeout());
  }

  /**
   * The fingerprint the target's known_hosts file gives for its address and port, or null (then the
   * connection is refused, unless trust on first use is on). Hashed host names are matched too.
   * Read when the source is made: a changed file is picked up with the next inventory reload.
   */
  static @Nullable String fromKnownHosts(Target target) {
    SshSettings ssh = Objects.requireNonNull(target.ssh(), "known hosts are read for ssh targets");
    return HostKeys.fromKnownHosts(ssh.knownHosts(), target.address(), ssh.port());
  }

  private static @Nullable Secret secret(SecretResolver secrets, @Nullable SecretRef ref) {
    return ref == null ? null : secrets.resolve(ref).orElse(null);
  }

  /**
   * Runs the probe, then each check in turn, over the kept session. No thread waits: a hung command
   * holds nothing but its channel until its timeout closes it.
   */
  @Override
  public CompletionStage<PollResult> poll() {
    long time = clock.millis();
    List<Sample> samples = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    CompletableFuture<Void> done =
        sessions
            .exec(login, LinuxProbe.COMMAND, settings.commandTimeout(), MAX_OUTPUT)
            .thenAccept(probe -> samples.addAll(probe(probe, time)));
    for (SshSettings.Check check : settings.checks()) {
      Duration timeout = check.timeout() == null ? settings.commandTimeout() : check.timeout();
      done =
          done.thenCompose(v -> sessions.exec(login, check.command(), timeout, CHECK_OUTPUT))
              .thenAccept(result -> samples.add(checkSample(check, timeout, result, warnings)));
    }
    return done.thenApply(
        v ->
            new PollResult(
                samples,
                true,
                FailureKind.NONE,
                "",
                String.join("; ", warnings),
                0,
                sessions.takeTimings(login.target())));
  }

  /** The probe's samples; anything but a complete, readable run fails the poll. */
  private List<Sample> probe(SshSessions.CommandResult result, long time) {
    if (result.timedOut()) {
      throw new CompletionException(
          new SshFailure(
              FailureKind.TIMEOUT,
              "command timeout after " + settings.commandTimeout().toMillis() + " ms"));
    }
    if (result.truncated()) {
      throw new CompletionException(
          new SshFailure(
              FailureKind.COMMAND_FAILED, "command output larger than " + MAX_OUTPUT + " bytes"));
    }
    try {
      host.snapshot = LinuxProbe.parse(result.output(), time);
    } catch (RuntimeException e) {
      throw new CompletionException(
          new SshFailure(FailureKind.COMMAND_FAILED, "unreadable probe output: " + e.getMessage()));
    }
    if (agent == null) {
      // The first reading is the baseline: CPU and network rates start with the second poll.
      agent = new LocalAgentSource(host);
    }
    return agent.collect();
  }

  /** One Nagios-plugin check: its state is data, whatever happens to it. */
  private static Sample checkSample(
      SshSettings.Check check,
      Duration timeout,
      SshSessions.CommandResult result,
      List<String> warnings) {
    if (result.timedOut()) {
      return NagiosResult.parse(
              check.name(), 3, "UNKNOWN - timeout after " + timeout.toMillis() + " ms")
          .sample();
    }
    if (result.truncated()) {
      return NagiosResult.parse(
              check.name(), 3, "UNKNOWN - output larger than " + CHECK_OUTPUT + " bytes")
          .sample();
    }
    int exit = result.exitCode() == null ? 3 : result.exitCode();
    NagiosResult.Parsed parsed = NagiosResult.parse(check.name(), exit, result.output());
    parsed.problems().forEach(p -> warnings.add(check.name() + ": " + p));
    return parsed.sample();
  }

  @Override
  public void close() {
    sessions.close(login.target());
  }

  /** The latest probe reading, seen by the local agent's arithmetic as its host. */
  private static final class ProbeHost implements io.vigie.collector.agent.HostStats {
    // Set by each poll before the agent reads it: the agent is made after the first reading.
    private LinuxProbe.@Nullable Snapshot snapshot;

    private LinuxProbe.Snapshot snapshot() {
      return Objects.requireNonNull(
          snapshot, "the agent reads the host only after a probe reading");
    }

    @Override
    public long[] cpuTicks() {
      return snapshot().cpuTicks();
    }

    @Override
    public long[][] coreTicks() {
      return snapshot().coreTicks();
    }

    @Override
    public double[] loadAverage() {
      return snapshot().loadAverage();
    }

    @Override
    public int logicalCores() {
      return snapshot().logicalCores();
    }

    @Override
    public Memory memory() {
      return snapshot().memory();
    }

    @Override
    public List<FileSystemUsage> fileSystems() {
      return snapshot().fileSystems();
    }

    @Override
    public List<InterfaceCounters> interfaces() {
      return snapshot().interfaces();
    }

    @Override
    public long uptimeSeconds() {
      return snapshot().uptimeSeconds();
    }

    @Override
    public int processCount() {
      return snapshot().processCount();
    }
  }
}
