package io.vigie.collector.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.collector.Collector;
import io.vigie.collector.it.Fixtures;
import io.vigie.collector.metrics.CollectorMetrics;
import io.vigie.collector.schedule.ProbeSources;
import io.vigie.collector.snmp.SnmpEngine;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.testkit.InfluxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Logs followed over SSH with nothing installed on the target: a real systemd-journald (a namespace
 * of its own, started by the test) read with journalctl, and a file read with tail -F, through the
 * loopback sshd. The collector stops while lines keep coming and starts again: every line is in
 * InfluxDB once.
 */
class SshLogsIT {
  @RegisterExtension static final Sshd SSHD = new Sshd();
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();

  @TempDir Path dir;
  private String namespace;
  private Process journald;
  private Path file;
  private Path inventory;
  private final SnmpEngine snmp = new SnmpEngine(8);
  private final SshSessions ssh = new SshSessions();

  @BeforeEach
  void start() throws Exception {
    Path binary = Path.of("/lib/systemd/systemd-journald");
    assertThat(binary).as("systemd-journald (package systemd) is needed").isExecutable();
    namespace = "vigie" + ProcessHandle.current().pid() + "x" + (System.nanoTime() % 100000);
    journald =
        new ProcessBuilder(binary.toString(), namespace)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("journald.log").toFile())
            .start();
    await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(socket()));
    file = Files.writeString(dir.resolve("app.log"), "before the collector\n");
    inventory =
        Files.writeString(
            dir.resolve("inventory.yml"),
            """
            clients: [{id: acme, name: ACME}]
            targets:
              - id: web
                client: acme
                kind: ssh
                address: 127.0.0.1
                interval: 60s
                credentials: {private_key: {file: %s}}
                ssh: {user: %s, port: %d, host_key: "%s"}
                logs:
                  journal: {namespace: %s}
                  files: [%s]
                log_rules:
                  - {name: panic, match: "kernel panic", level: ERROR}
            """
                .formatted(
                    SSHD.userKey(),
                    System.getProperty("user.name"),
                    SSHD.port(),
                    SSHD.hostKeyFingerprint(),
                    namespace,
                    file));
  }

  @AfterEach
  void stop() throws Exception {
    journald.destroy();
    journald.waitFor(10, TimeUnit.SECONDS);
    ssh.close();
    snmp.close();
    try (var journals = Files.list(Path.of("/var/log/journal"))) {
      for (Path p : journals.filter(p -> p.toString().endsWith("." + namespace)).toList()) {
        try (var files = Files.walk(p)) {
          for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(f);
          }
        }
      }
    }
  }

  private Path socket() {
    return Path.of("/run/systemd/journal." + namespace, "dev-log");
  }

  private Collector collector(String database) throws Exception {
    return Collector.start(
        Fixtures.settings(inventory, dir.resolve("data"), INFLUX.url(), database),
        InventoryLoader.withSystemSecrets(),
        Collector.defaultSources(snmp, ssh, Clock.systemUTC()),
        ProbeSources.NONE,
        ssh,
        new CollectorMetrics(new SimpleMeterRegistry()),
        Clock.systemUTC());
  }

  private void journal(int from, int to) throws Exception {
    for (int i = from; i <= to; i++) {
      Process p =
          new ProcessBuilder(
                  "logger",
                  "-u",
                  socket().toString(),
                  "-t",
                  "shop",
                  "-p",
                  "daemon.err",
                  "journal line " + i)
              .redirectErrorStream(true)
              .start();
      assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();
    }
  }

  private void warmUp(int n) throws Exception {
    Process p = new ProcessBuilder("logger", "-u", socket().toString(), "warm-up " + n).start();
    assertThat(p.waitFor()).isZero();
  }

  private void append(int from, int to) throws Exception {
    StringBuilder s = new StringBuilder();
    for (int i = from; i <= to; i++) {
      s.append("file line ").append(i).append('\n');
    }
    Files.writeString(file, s.toString(), StandardOpenOption.APPEND);
  }

  private Set<String> messages(String database, String source) {
    Set<String> seen = new HashSet<>();
    List<JsonNode> rows =
        INFLUX.rows(
            database,
            "SELECT message FROM logs.syslog WHERE target = 'web' AND client = 'acme' AND source = '"
                + source
                + "'");
    for (JsonNode row : rows) {
      assertThat(seen.add(row.get(1).asString())).as("once: " + row.get(1)).isTrue();
    }
    return seen;
  }

  @Test
  void theJournalAndAFileAreFollowedAndResumedAfterARestartWithoutLossOrDuplicate()
      throws Exception {
    String db = "follow";
    Set<String> journalExpected = new HashSet<>();
    Set<String> fileExpected = new HashSet<>();
    try (Collector c = collector(db)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> c.followed().following() == 2);
      // The followers start at the end: what was there before is not read again, nor now.
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> c.logs().positions().snapshot().size() == 1); // tail -F runs
      // journalctl starts at the end (--lines=0): lines are read from when it runs.
      int[] warmUps = {0};
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(300))
          .until(
              () -> {
                warmUp(++warmUps[0]);
                return c.logs().positions().snapshot().size() == 2;
              });
      journal(1, 20);
      append(1, 20);
      for (int i = 1; i <= 20; i++) {
        journalExpected.add("journal line " + i);
        fileExpected.add("file line " + i);
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(messages(db, "journal")).containsAll(journalExpected);
                assertThat(messages(db, file.toString())).isEqualTo(fileExpected);
              });
    }
    // Lines written while the collector is stopped, and a file replaced (rotated) meanwhile.
    journal(21, 40);
    append(21, 30);
    for (int i = 21; i <= 40; i++) {
      journalExpected.add("journal line " + i);
      fileExpected.add("file line " + i);
    }
    try (Collector c = collector(db)) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(messages(db, "journal")).containsAll(journalExpected);
                assertThat(messages(db, file.toString()))
                    .containsAll(
                        fileExpected.stream().filter(l -> !l.matches(".* 3[1-9]|.* 40")).toList());
              });
      Files.move(file, dir.resolve("app.log.1"));
      Files.writeString(file, "");
      append(31, 40);
      journal(41, 41);
      journalExpected.add("journal line 41");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(messages(db, "journal")).containsAll(journalExpected);
                assertThat(messages(db, file.toString())).isEqualTo(fileExpected);
              });
    }
    assertThat(messages(db, "journal").stream().filter(m -> m.startsWith("journal line ")))
        .hasSize(41);
    List<JsonNode> severity =
        INFLUX.rows(
            db, "SELECT severity_code, appname FROM logs.syslog WHERE message = 'journal line 1'");
    assertThat(severity.get(0).get(1).asLong()).as("daemon.err").isEqualTo(3);
    assertThat(severity.get(0).get(2).asString()).isEqualTo("shop");
  }
}
