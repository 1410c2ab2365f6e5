package io.vigie.ansible;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.collector.Collector;
import io.vigie.collector.it.Fixtures;
import io.vigie.collector.metrics.CollectorMetrics;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.testkit.InfluxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** add_source.yml and remove_source.yml run for real against this machine's files. */
class AnsiblePlaybooksIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();
  private static final io.vigie.collector.snmp.SnmpEngine SNMP =
      new io.vigie.collector.snmp.SnmpEngine(4);
  private static final io.vigie.collector.ssh.SshSessions SSH =
      new io.vigie.collector.ssh.SshSessions();

  @TempDir Path dir;

  @BeforeAll
  static void installed() {
    Ansible.requireInstalled();
  }

  @AfterAll
  static void close() throws Exception {
    SSH.close();
    SNMP.close();
  }

  @Test
  void everyPlaybookPassesTheSyntaxCheckAndAnsibleLint() throws Exception {
    List<Path> playbooks;
    try (Stream<Path> files = Files.list(Ansible.DIR)) {
      playbooks = files.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    }
    assertThat(playbooks)
        .extracting(p -> p.getFileName().toString())
        .contains(
            "add_source.yml",
            "remove_source.yml",
            "site.yml",
            "users.yml",
            "ssh_target.yml",
            "snmp_target.yml",
            "syslog_target.yml");
    for (Path playbook : playbooks) {
      Ansible.Run run =
          Ansible.run(
              List.of("ansible-playbook", "--syntax-check", playbook.toString()), Ansible.DIR);
      assertThat(run.exit()).as(playbook + "\n" + run.output()).isZero();
    }
    Ansible.Run lint = Ansible.run(List.of("ansible-lint", "--offline"), Ansible.DIR);
    assertThat(lint.exit()).as(lint.output()).isZero();
  }

  @Test
  void aSourceIsAddedOnceValidatedKeptReadableAndPickedUpByTheRunningCollector() throws Exception {
    Path inventory = dir.resolve("inventory.yml");
    Files.copy(Ansible.DIR.resolve("../examples/inventory.yml"), inventory);
    String before = Files.readString(inventory);
    Path hosts = Ansible.localCollectors(dir, "");
    Path vars = Ansible.vars(dir, inventory);
    // The example source, with its key file somewhere this test can write: the collector checks
    // that secrets resolve before it takes a new inventory.
    Path key = Files.writeString(dir.resolve("collector-ssh-key"), "not a key, never read\n");
    Path source =
        Files.writeString(
            dir.resolve("source.yml"),
            Files.readString(Ansible.DIR.resolve("sources/example-ssh.yml"))
                .replace("/etc/vigie/secrets/collector-ssh-key", key.toString()));

    try (Collector collector =
        Collector.start(
            Fixtures.settings(inventory, dir.resolve("data"), INFLUX.url(), "ansible"),
            InventoryLoader.withSystemSecrets(),
            Collector.defaultSources(SNMP, SSH, Clock.systemUTC()),
            new CollectorMetrics(new SimpleMeterRegistry()),
            Clock.systemUTC())) {
      // The example's local target and its service targets' probes (one job each).
      int jobs = collector.scheduler().size();
      assertThat(jobs).isGreaterThan(1);

      Ansible.Run first =
          Ansible.playbook("add_source.yml", hosts, "-e", "@" + source, "-e", "@" + vars);
      assertThat(first.exit()).as(first.output()).isZero();
      assertThat(first.changed()).as(first.output()).isEqualTo(1);
      // The collector watches the file: the new target is scheduled without a restart.
      await().atMost(Duration.ofSeconds(20)).until(() -> collector.scheduler().size() == jobs + 1);
    }

    String after = Files.readString(inventory);
    assertThat(after).contains("  - id: dupont-web-1\n    client: dupont\n    kind: ssh\n");
    assertThat(after).contains("  - id: dupont\n    name: Dupont et Fils\n");
    // Nothing else moved: every line of the original is still there, in the same order.
    assertThat(linesInOrder(before, after)).isTrue();

    Ansible.Run second =
        Ansible.playbook("add_source.yml", hosts, "-e", "@" + source, "-e", "@" + vars);
    assertThat(second.exit()).as(second.output()).isZero();
    assertThat(second.changed()).as(second.output()).isZero();
    assertThat(Files.readString(inventory)).isEqualTo(after);

    // An update of the same target changes it in place.
    Path update =
        Files.writeString(
            dir.resolve("update.yml"),
            Files.readString(source).replace("interval: 30s", "interval: 1m"));
    Ansible.Run updated =
        Ansible.playbook("add_source.yml", hosts, "-e", "@" + update, "-e", "@" + vars);
    assertThat(updated.changed()).as(updated.output()).isEqualTo(1);
    assertThat(Files.readString(inventory))
        .contains("    address: 192.0.2.61\n    interval: 1m\n    credentials:\n");
  }

  /**
   * A target's logs (senders, journal, files) and log rules go into the inventory as written,
   * checked by {@code vigie validate} before the file goes live, and a second run changes nothing.
   */
  @Test
  void aTargetsLogSourcesAndLogRulesGoInAsWritten() throws Exception {
    Path inventory = dir.resolve("inventory.yml");
    Files.copy(Ansible.DIR.resolve("../examples/inventory.yml"), inventory);
    String before = Files.readString(inventory);
    Path hosts = Ansible.localCollectors(dir, "");
    Path vars = Ansible.vars(dir, inventory);
    Path source =
        Files.writeString(
            dir.resolve("source.yml"),
            Files.readString(Ansible.DIR.resolve("sources/example-logs.yml"))
                .replace("/etc/vigie/secrets/collector-ssh-key", dir.resolve("key").toString()));
    Files.writeString(dir.resolve("key"), "not a key, never read\n");

    Ansible.Run first =
        Ansible.playbook("add_source.yml", hosts, "-e", "@" + source, "-e", "@" + vars);
    assertThat(first.exit()).as(first.output()).isZero();
    assertThat(first.changed()).as(first.output()).isEqualTo(1);
    String after = Files.readString(inventory);
    assertThat(after)
        .contains(
            """
                logs:
                  senders: [192.0.2.72, web-1.martin.lan]
                  journal:
                    units: [nginx.service]
                    priority: warning
                  files: [/var/log/nginx/error.log]
                log_rules:
                  - {name: oom, match: Out of memory, level: ERROR}
                  - {name: nginx-emerg, match: '\\[emerg\\]', level: ERROR}
            """);
    assertThat(linesInOrder(before, after)).isTrue();

    Ansible.Run second =
        Ansible.playbook("add_source.yml", hosts, "-e", "@" + source, "-e", "@" + vars);
    assertThat(second.exit()).as(second.output()).isZero();
    assertThat(second.changed()).as(second.output()).isZero();
    assertThat(Files.readString(inventory)).isEqualTo(after);

    // A changed rule is changed in place; the other keys stay as they were.
    Path update =
        Files.writeString(
            dir.resolve("update.yml"),
            Files.readString(source)
                .replace("\"Out of memory\", level: ERROR", "\"oom-kill\", level: WARNING"));
    Ansible.Run updated =
        Ansible.playbook("add_source.yml", hosts, "-e", "@" + update, "-e", "@" + vars);
    assertThat(updated.changed()).as(updated.output()).isEqualTo(1);
    assertThat(Files.readString(inventory))
        .contains("      - {name: oom, match: oom-kill, level: WARNING}\n")
        .contains("        priority: warning\n");

    Ansible.Run validate =
        Ansible.run(
            List.of(
                "java",
                "-jar",
                Ansible.COLLECTOR_JAR.toString(),
                "validate",
                "--offline",
                inventory.toString()),
            dir);
    assertThat(validate.exit()).as(validate.output()).isZero();
    assertThat(validate.output()).contains(": valid (");
  }

  @Test
  void anInvalidSourceIsRefusedAndTheLiveFileIsUntouched() throws Exception {
    Path inventory = dir.resolve("inventory.yml");
    Files.copy(Ansible.DIR.resolve("../examples/inventory.yml"), inventory);
    byte[] before = Files.readAllBytes(inventory);
    Path bad =
        Files.writeString(
            dir.resolve("bad.yml"),
            """
            vigie_target:
              id: web-9
              client: nobody
              kind: ssh
              address: 192.0.2.9
            """);
    Ansible.Run run =
        Ansible.playbook(
            "add_source.yml",
            Ansible.localCollectors(dir, ""),
            "-e",
            "@" + bad,
            "-e",
            "@" + Ansible.vars(dir, inventory));
    assertThat(run.exit()).as(run.output()).isNotZero();
    assertThat(run.failed()).isEqualTo(1);
    // vigie validate's own words reach the operator: the key and the value.
    assertThat(run.output()).contains("failed to validate").contains("nobody");
    assertThat(Files.readAllBytes(inventory)).isEqualTo(before);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no temp or half-written file left beside the inventory")
          .containsExactlyInAnyOrder("inventory.yml", "bad.yml", "hosts.yml", "vars.yml");
    }
  }

  @Test
  void aSourceIsRemovedUnlessAnotherTargetStillDependsOnIt() throws Exception {
    Path inventory =
        Files.writeString(
            dir.resolve("inventory.yml"),
            """
            # Two clients' gear.
            clients:
              - {id: acme, name: ACME, language: fr, contacts: [it@acme.example]}
            targets:
              - id: sw1   # the switch
                client: acme
                kind: local
              - id: web1
                client: acme
                kind: local
                parent: sw1
              - id: web2
                client: acme
                kind: local
            thresholds:
              targets:
                web2:
                  - {metric: cpu.usage_percent, warning: 80, error: 90}
            """);
    Path hosts = Ansible.localCollectors(dir, "");
    Path vars = Ansible.vars(dir, inventory);

    Ansible.Run removed =
        Ansible.playbook(
            "remove_source.yml", hosts, "-e", "vigie_target_id=web2", "-e", "@" + vars);
    assertThat(removed.exit()).as(removed.output()).isZero();
    assertThat(removed.changed()).isEqualTo(1);
    String text = Files.readString(inventory);
    assertThat(text)
        .doesNotContain("web2")
        .contains("# Two clients' gear.")
        .contains("# the switch");
    Ansible.Run again =
        Ansible.playbook(
            "remove_source.yml", hosts, "-e", "vigie_target_id=web2", "-e", "@" + vars);
    assertThat(again.changed()).as(again.output()).isZero();

    byte[] before = Files.readAllBytes(inventory);
    Ansible.Run refused =
        Ansible.playbook("remove_source.yml", hosts, "-e", "vigie_target_id=sw1", "-e", "@" + vars);
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.output()).contains("sw1");
    assertThat(Files.readAllBytes(inventory)).isEqualTo(before);
  }

  /** Whether every line of {@code before} appears in {@code after}, in the same order. */
  static boolean linesInOrder(String before, String after) {
    List<String> kept = after.lines().toList();
    int at = 0;
    for (String line : before.lines().toList()) {
      while (at < kept.size() && !kept.get(at).equals(line)) {
        at++;
      }
      if (at == kept.size()) {
        return false;
      }
      at++;
    }
    return true;
  }
}
