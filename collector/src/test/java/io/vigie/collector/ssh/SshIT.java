package io.vigie.collector.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.collector.source.PollFailure;
import io.vigie.collector.source.PollResult;
import io.vigie.collector.source.Sample;
import io.vigie.model.inventory.SecretRef;
import io.vigie.model.inventory.SecretResolver;
import io.vigie.model.inventory.Target;
import io.vigie.model.inventory.TargetKind;
import io.vigie.model.poll.FailureKind;
import io.vigie.model.ssh.SshSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Agentless polls of this very machine through a real OpenSSH sshd. */
class SshIT {
  @RegisterExtension static final Sshd SSHD = new Sshd();
  private static final SshSessions SESSIONS = new SshSessions();

  @AfterAll
  static void close() {
    SESSIONS.close();
  }

  private static Target target(String id, String hostKey) {
    return target(
        id,
        SSHD.userKey(),
        ssh(SSHD.port(), hostKey, null, false, Duration.ofSeconds(5), List.of()));
  }

  /** An SSH target on the loopback sshd (or another port) logging in with {@code key}. */
  private static Target target(String id, Path key, SshSettings ssh) {
    return target(id, "private_key", key, ssh);
  }

  /** An SSH target whose credential {@code secret} ("private_key", "password") is a file. */
  private static Target target(String id, String secret, Path file, SshSettings ssh) {
    return new Target(
        id,
        "acme",
        TargetKind.SSH,
        "127.0.0.1",
        Duration.ofSeconds(10),
        null,
        Map.of(secret, SecretRef.file(file.toString())),
        Map.of(),
        null,
        ssh);
  }

  private static SshSettings ssh(
      int port,
      String hostKey,
      Path knownHosts,
      boolean tofu,
      Duration connect,
      List<SshSettings.Check> checks) {
    return new SshSettings(
        port,
        System.getProperty("user.name"),
        hostKey,
        knownHosts,
        tofu,
        connect,
        Duration.ofSeconds(10),
        checks);
  }

  private static PollResult poll(SshSource source) throws Exception {
    return source.poll().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static Optional<Sample> find(
      PollResult result, String measurement, String tag, String value) {
    return result.samples().stream()
        .filter(s -> s.measurement().equals(measurement))
        .filter(s -> tag == null || value.equals(s.tags().get(tag)))
        .findFirst();
  }

  @Test
  void keyLoginAndTheLinuxProbeReadThisMachineOnOneKeptSession() throws Exception {
    long loginsBefore = SSHD.logLines("Accepted publickey");
    SshSource source =
        new SshSource(
            SESSIONS,
            target("me", SSHD.hostKeyFingerprint()),
            SecretResolver.fromSystem(),
            Clock.systemUTC());
    PollResult first = poll(source);
    assertThat(first.failure()).isEmpty();
    long memTotal =
        Files.readAllLines(Path.of("/proc/meminfo")).stream()
            .filter(l -> l.startsWith("MemTotal:"))
            .mapToLong(l -> Long.parseLong(l.split("\\s+")[1]) * 1024)
            .findFirst()
            .orElseThrow();
    assertThat(find(first, "mem", null, null).orElseThrow().fields())
        .containsEntry("total_bytes", memTotal);
    assertThat(find(first, "load", null, null).orElseThrow().fields())
        .containsKeys("load1", "load5", "load15")
        .containsEntry("cores", (long) Runtime.getRuntime().availableProcessors());
    assertThat(find(first, "disk", "mount", "/")).isPresent();
    long uptime =
        (long) Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split("\\s")[0]);
    assertThat((Long) find(first, "system", null, null).orElseThrow().fields().get("uptime_s"))
        .isBetween(uptime - 5, uptime + 5);
    assertThat(find(first, "net", "interface", "lo").orElseThrow().fields())
        .doesNotContainKey("bytes_recv_per_sec");

    assertThat(first.timings()).containsKeys("connect_ms", "auth_ms");
    assertThat(first.timings().get("connect_ms")).isPositive();
    PollResult second = poll(source);
    assertThat(second.timings()).as("the kept session opened nothing").isEmpty();
    PollResult third = poll(source);
    assertThat(find(third, "net", "interface", "lo").orElseThrow().fields())
        .containsKey("bytes_recv_per_sec");
    assertThat(find(third, "cpu", "cpu", "total")).isPresent();
    assertThat(second.failure()).isEmpty();
    assertThat(SSHD.logLines("Accepted publickey") - loginsBefore)
        .as("one session for three polls")
        .isEqualTo(1);
  }

  @Test
  void aWrongPinnedHostKeyIsRefusedBeforeAnyLoginWithBothFingerprints() throws Exception {
    long loginsBefore = SSHD.logLines("Accepted publickey");
    String wrong = "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s";
    SshSource source =
        new SshSource(
            SESSIONS, target("spoofed", wrong), SecretResolver.fromSystem(), Clock.systemUTC());
    ExecutionException failure =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            ExecutionException.class, () -> poll(source));
    assertThat(failure.getCause())
        .hasMessage(
            "host key mismatch: expected " + wrong + ", offered " + SSHD.hostKeyFingerprint());
    assertThat(((PollFailure) failure.getCause()).failureKind())
        .isEqualTo(FailureKind.HOST_KEY_MISMATCH);
    assertThat(SSHD.logLines("Accepted publickey"))
        .as("no login, so no command ran")
        .isEqualTo(loginsBefore);
  }

  @Test
  void theSessionIsOpenedAgainAfterSshdRestarts() throws Exception {
    SshSource source =
        new SshSource(
            SESSIONS,
            target("restarted", SSHD.hostKeyFingerprint()),
            SecretResolver.fromSystem(),
            Clock.systemUTC());
    assertThat(poll(source).failure()).isEmpty();
    SSHD.restart();
    PollResult after =
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofSeconds(20))
            .ignoreExceptions()
            .until(() -> poll(source), r -> r.failure().isEmpty());
    assertThat(find(after, "mem", null, null)).isPresent();
  }

  @Test
  void theHostKeyCanComeFromAKnownHostsFile(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path knownHosts =
        Files.writeString(
            dir.resolve("known_hosts"),
            "[127.0.0.1]:"
                + SSHD.port()
                + " "
                + Files.readString(SSHD.hostPublicKey()).trim()
                + "\n");
    Target target =
        target(
            "known",
            SSHD.userKey(),
            ssh(SSHD.port(), null, knownHosts, false, Duration.ofSeconds(5), List.of()));
    assertThat(SshSource.fromKnownHosts(target)).isEqualTo(SSHD.hostKeyFingerprint());
    assertThat(
            poll(new SshSource(SESSIONS, target, SecretResolver.fromSystem(), Clock.systemUTC()))
                .failure())
        .isEmpty();
  }

  @Test
  void nagiosChecksGiveEveryStateWithPerfdataAndTimeoutsAndFloodsStayLocal(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    java.nio.file.Files.setPosixFilePermissions(
        dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    record Plugin(String name, String script) {}
    List<Plugin> plugins =
        List.of(
            new Plugin("ok", "echo 'OK - all good | load=0.5;1;2;0; free=10MB'; exit 0"),
            new Plugin("warn", "echo 'WARNING - hot | temp=71;70;80'; exit 1"),
            new Plugin("crit", "echo 'CRITICAL - down'; exit 2"),
            new Plugin("unknown", "echo 'UNKNOWN - no idea'; exit 3"),
            new Plugin("malformed", "echo 'OK | =;;; garbage load=abc good=1'; exit 0"),
            new Plugin("slow", "sleep 5; echo OK; exit 0"),
            new Plugin("flood", "head -c 300000 /dev/zero | tr '\\\\0' x; exit 0"));
    List<SshSettings.Check> checks = new java.util.ArrayList<>();
    for (Plugin plugin : plugins) {
      Path script =
          Files.writeString(
              dir.resolve(plugin.name() + ".sh"), "#!/bin/sh\n" + plugin.script() + "\n");
      java.nio.file.Files.setPosixFilePermissions(
          script, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      checks.add(
          new SshSettings.Check(
              plugin.name(),
              script.toString(),
              plugin.name().equals("slow") ? Duration.ofSeconds(1) : null));
    }
    Target target =
        target(
            "checks",
            SSHD.userKey(),
            ssh(
                SSHD.port(),
                SSHD.hostKeyFingerprint(),
                null,
                false,
                Duration.ofSeconds(5),
                checks));
    long start = System.nanoTime();
    PollResult result =
        poll(new SshSource(SESSIONS, target, SecretResolver.fromSystem(), Clock.systemUTC()));
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("the slow check was cut at its timeout")
        .isLessThan(Duration.ofSeconds(4));
    assertThat(result.failure()).isEmpty();
    assertThat(find(result, "mem", null, null)).as("the probe still ran").isPresent();
    assertThat(find(result, "check", "check", "ok").orElseThrow().fields())
        .containsEntry("status", 0L)
        .containsEntry("message", "OK - all good")
        .containsEntry("load", 0.5)
        .containsEntry("load_crit", 2.0)
        .containsEntry("free", 10.0 * 1024 * 1024);
    assertThat(find(result, "check", "check", "warn").orElseThrow().fields())
        .containsEntry("status", 1L)
        .containsEntry("temp", 71.0);
    assertThat(find(result, "check", "check", "crit").orElseThrow().fields())
        .containsEntry("status", 2L)
        .containsEntry("state", "CRITICAL");
    assertThat(find(result, "check", "check", "unknown").orElseThrow().fields())
        .containsEntry("status", 3L);
    assertThat(find(result, "check", "check", "malformed").orElseThrow().fields())
        .containsEntry("status", 0L)
        .containsEntry("good", 1.0);
    assertThat(result.warnings()).contains("malformed: perfdata not understood");
    assertThat(find(result, "check", "check", "slow").orElseThrow().fields())
        .containsEntry("status", 3L)
        .containsEntry("message", "UNKNOWN - timeout after 1000 ms");
    assertThat(
            (String) find(result, "check", "check", "flood").orElseThrow().fields().get("message"))
        .startsWith("UNKNOWN - output larger than");
  }

  @Test
  void refusedSilentAndUnauthorizedTargetsEachGiveTheirReason(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    int closed = io.vigie.testkit.FreePort.pick();
    PollFailure refused =
        failed(target("refused", SSHD.hostKeyFingerprint(), closed, SSHD.userKey()));
    assertThat(refused.getMessage()).startsWith("connection refused: 127.0.0.1:" + closed);
    assertThat(refused.failureKind()).isEqualTo(FailureKind.REFUSED);
    long start = System.nanoTime();
    PollFailure again =
        failed(target("refused", SSHD.hostKeyFingerprint(), closed, SSHD.userKey()));
    assertThat(again.getMessage())
        .as("right after a failure the target is left alone, with the last reason")
        .startsWith("connection refused: 127.0.0.1:" + closed)
        .contains("next attempt in");
    assertThat(again.failureKind()).as("and the last kind").isEqualTo(FailureKind.REFUSED);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));

    try (java.net.ServerSocket silent =
        new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
      // Accepts TCP and never says a word: the connect timeout (1 s here) must end the wait.
      long silentStart = System.nanoTime();
      PollFailure timeout =
          failed(
              target("silent", SSHD.hostKeyFingerprint(), silent.getLocalPort(), SSHD.userKey()));
      assertThat(timeout.getMessage()).startsWith("timeout");
      assertThat(timeout.failureKind()).isEqualTo(FailureKind.TIMEOUT);
      assertThat(Duration.ofNanos(System.nanoTime() - silentStart))
          .isLessThan(Duration.ofSeconds(5));
    }

    Process keygen =
        new ProcessBuilder(
                "ssh-keygen",
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-f",
                dir.resolve("stranger").toString())
            .redirectErrorStream(true)
            .start();
    assertThat(keygen.waitFor()).isZero();
    PollFailure stranger =
        failed(target("stranger", SSHD.hostKeyFingerprint(), SSHD.port(), dir.resolve("stranger")));
    assertThat(stranger.getMessage()).startsWith("authentication failed");
    assertThat(stranger.failureKind()).isEqualTo(FailureKind.AUTHENTICATION);
  }

  private static Target target(String id, String hostKey, int port, Path key) {
    return target(id, key, ssh(port, hostKey, null, false, Duration.ofSeconds(1), List.of()));
  }

  private static String failure(Target target) {
    return failed(target).getMessage();
  }

  /** The failure of a poll of the target, which must fail. */
  private static PollFailure failed(Target target) {
    ExecutionException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            ExecutionException.class,
            () ->
                poll(
                    new SshSource(
                        SESSIONS, target, SecretResolver.fromSystem(), Clock.systemUTC())));
    assertThat(e).as("the poll of %s must fail", target.id()).isNotNull();
    assertThat(e.getCause()).isInstanceOf(PollFailure.class);
    return (PollFailure) e.getCause();
  }

  @Test
  void trustOnFirstUsePinsAndRecordsTheFirstKey(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path trusted = dir.resolve("trusted");
    Target tofu =
        target(
            "tofu",
            SSHD.userKey(),
            ssh(SSHD.port(), null, null, true, Duration.ofSeconds(5), List.of()));
    try (SshSessions sessions = new SshSessions(trusted)) {
      assertThat(
              poll(new SshSource(sessions, tofu, SecretResolver.fromSystem(), Clock.systemUTC()))
                  .failure())
          .isEmpty();
      assertThat(sessions.pinned("tofu")).isEqualTo(SSHD.hostKeyFingerprint());
    }
    assertThat(Files.readString(trusted)).isEqualTo("tofu " + SSHD.hostKeyFingerprint() + "\n");

    // After a restart the recorded key stays pinned: a server offering another key is refused.
    Files.writeString(trusted, "tofu SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s\n");
    try (SshSessions sessions = new SshSessions(trusted)) {
      ExecutionException e =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              ExecutionException.class,
              () ->
                  poll(
                      new SshSource(
                          sessions, tofu, SecretResolver.fromSystem(), Clock.systemUTC())));
      assertThat(e.getCause().getMessage())
          .startsWith("host key mismatch: expected SHA256:uNiVztks");
    }
  }

  @Test
  void passwordLoginWorksAndAWrongPasswordIsAnAuthenticationFailure(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Sshd.Account account = SSHD.passwordAccount();
    long loginsBefore = SSHD.logLines("Accepted password for " + account.user());
    Path good = Files.writeString(dir.resolve("good"), account.password() + "\n");
    Path bad = Files.writeString(dir.resolve("bad"), "not-" + account.password() + "\n");
    PollResult result =
        poll(
            new SshSource(
                SESSIONS,
                passwordTarget("pw", account, good),
                SecretResolver.fromSystem(),
                Clock.systemUTC()));
    assertThat(result.failure()).isEmpty();
    assertThat(find(result, "mem", null, null)).as("the probe ran as that account").isPresent();
    assertThat(SSHD.logLines("Accepted password for " + account.user()) - loginsBefore)
        .isEqualTo(1);
    PollFailure wrong = failed(passwordTarget("pw-wrong", account, bad));
    assertThat(wrong.getMessage()).startsWith("authentication failed");
    assertThat(wrong.failureKind()).isEqualTo(FailureKind.AUTHENTICATION);
  }

  private static Target passwordTarget(String id, Sshd.Account account, Path passwordFile)
      throws Exception {
    SshSettings ssh =
        ssh(SSHD.port(), SSHD.hostKeyFingerprint(), null, false, Duration.ofSeconds(5), List.of());
    return target(
        id,
        "password",
        passwordFile,
        new SshSettings(
            ssh.port(),
            account.user(),
            ssh.hostKey(),
            null,
            false,
            ssh.connectTimeout(),
            ssh.commandTimeout(),
            List.of()));
  }

  /**
   * Hung commands on many targets, one worker thread: a healthy target is still polled on time,
   * because a running command holds a channel, not a thread.
   */
  @Test
  void hungCommandsOnOtherTargetsNeverDelayAHealthyOne() throws Exception {
    List<Target> targets = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      targets.add(
          target(
              "hung" + i,
              SSHD.userKey(),
              ssh(
                  SSHD.port(),
                  SSHD.hostKeyFingerprint(),
                  null,
                  false,
                  Duration.ofSeconds(5),
                  List.of(new SshSettings.Check("hang", "sleep 60", Duration.ofSeconds(4))))));
    }
    Target healthy = target("healthy", SSHD.hostKeyFingerprint());
    targets.add(
        new Target(
            healthy.id(),
            healthy.client(),
            healthy.kind(),
            healthy.address(),
            Duration.ofMillis(300),
            null,
            healthy.credentials(),
            Map.of(),
            null,
            healthy.ssh()));
    Map<String, List<io.vigie.collector.point.Point>> polls =
        new java.util.concurrent.ConcurrentHashMap<>();
    try (io.vigie.collector.schedule.PollScheduler scheduler =
        new io.vigie.collector.schedule.PollScheduler(
            new io.vigie.collector.source.Sources(
                Map.of(
                    TargetKind.SSH,
                    t ->
                        new SshSource(
                            SESSIONS, t, SecretResolver.fromSystem(), Clock.systemUTC()))),
            batch -> {
              io.vigie.collector.point.Point poll = batch.get(batch.size() - 1);
              polls
                  .computeIfAbsent(
                      poll.tags().get("target"),
                      k -> java.util.Collections.synchronizedList(new java.util.ArrayList<>()))
                  .add(poll);
            },
            new io.vigie.collector.metrics.CollectorMetrics(
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
            Clock.systemUTC(),
            "test",
            1)) {
      scheduler.apply(
          new io.vigie.model.inventory.Inventory(
              "hung",
              Duration.ofSeconds(10),
              List.of(
                  new io.vigie.model.inventory.Client(
                      "acme", "Acme", List.of(), io.vigie.model.inventory.Language.EN, null)),
              targets,
              io.vigie.model.inventory.Thresholds.none()));
      TimeUnit.MILLISECONDS.sleep(3_500);
    }
    List<io.vigie.collector.point.Point> healthyPolls = List.copyOf(polls.get("healthy"));
    assertThat(healthyPolls.size())
        .as("polls of the healthy target in 3.5 s at 300 ms while six commands hang")
        .isGreaterThanOrEqualTo(8);
    // The first polls open the seven sessions at once on a small machine: judged from the third.
    assertThat(healthyPolls.subList(2, healthyPolls.size()))
        .allSatisfy(
            p -> {
              assertThat(p.fields()).containsEntry("up", 1L).containsEntry("reason", "");
              assertThat((Double) p.fields().get("duration_ms")).isLessThan(300.0);
            });
    assertThat(polls.keySet()).as("the hung polls have not ended yet").containsOnly("healthy");
  }
}
