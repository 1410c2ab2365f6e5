package io.vigie.ansible;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.collector.Collector;
import io.vigie.collector.it.Fixtures;
import io.vigie.collector.metrics.CollectorMetrics;
import io.vigie.collector.probe.Probers;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.testkit.InfluxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * add_source.yml and remove_source.yml with service probes (docs/inventory.md#probes), run for real
 * against this machine's files, with a real collector probing this test's InfluxDB.
 */
class AnsibleProbesIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();
  private static final String DATABASE = "ansible";
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
  void aServiceTargetAndAnotherTargetsProbesAreAddedReplacedRemovedAndProbedByTheCollector()
      throws Exception {
    Path inventory = dir.resolve("inventory.yml");
    Files.copy(Ansible.DIR.resolve("../examples/inventory.yml"), inventory);
    Path hosts = Ansible.localCollectors(dir, "");
    Path vars = Ansible.vars(dir, inventory);
    int port = INFLUX.port();
    Path service =
        Files.writeString(
            dir.resolve("service.yml"),
            """
            vigie_target:
              id: acme-influxdb
              client: acme
              kind: service
              address: 127.0.0.1
              interval: 1s
              probes:
                - {name: port, type: tcp, port: %d}
                - name: ping
                  type: http
                  url: "http://{address}:%d/ping"
                  expect_status: [204]
            """
                .formatted(port, port));
    Path probes =
        Files.writeString(
            dir.resolve("probes.yml"),
            """
            vigie_target_id: collector-host
            vigie_probes:
              - {name: influx, type: tcp, host: 127.0.0.1, port: %d, interval: 1s}
            """
                .formatted(port));

    try (Probers probers = Collector.defaultProbers(null);
        Collector collector =
            Collector.start(
                Fixtures.settings(inventory, dir.resolve("data"), INFLUX.url(), DATABASE),
                InventoryLoader.withSystemSecrets(),
                Collector.defaultSources(SNMP, SSH, Clock.systemUTC()),
                probers,
                new CollectorMetrics(new SimpleMeterRegistry()),
                Clock.systemUTC())) {
      int jobs = collector.scheduler().size();

      // A service target with two probes: added once, then no change.
      Ansible.Run first =
          Ansible.playbook("add_source.yml", hosts, "-e", "@" + service, "-e", "@" + vars);
      assertThat(first.exit()).as(first.output()).isZero();
      assertThat(first.changed()).as(first.output()).isEqualTo(1);
      String added = Files.readString(inventory);
      Ansible.Run again =
          Ansible.playbook("add_source.yml", hosts, "-e", "@" + service, "-e", "@" + vars);
      assertThat(again.exit()).as(again.output()).isZero();
      assertThat(again.changed()).as(again.output()).isZero();
      assertThat(Files.readString(inventory)).isEqualTo(added);
      // The collector reloads the file by itself and runs both probes: points in InfluxDB.
      await().atMost(Duration.ofSeconds(30)).until(() -> collector.scheduler().size() == jobs + 2);
      awaitUp("acme-influxdb", "port");
      awaitUp("acme-influxdb", "ping");

      // A probe on a target already there (the local host), its other keys untouched.
      Ansible.Run probe =
          Ansible.playbook("add_source.yml", hosts, "-e", "@" + probes, "-e", "@" + vars);
      assertThat(probe.exit()).as(probe.output()).isZero();
      assertThat(probe.changed()).as(probe.output()).isEqualTo(1);
      String withProbe = Files.readString(inventory);
      assertThat(AnsiblePlaybooksIT.linesInOrder(added, withProbe)).isTrue();
      // The comment that introduces the next target stays before it, after the new probe.
      assertThat(withProbe)
          .contains("        interval: 1s\n  # Services checked from the collector");
      Ansible.Run probeAgain =
          Ansible.playbook("add_source.yml", hosts, "-e", "@" + probes, "-e", "@" + vars);
      assertThat(probeAgain.changed()).as(probeAgain.output()).isZero();
      assertThat(Files.readString(inventory)).isEqualTo(withProbe);
      awaitUp("collector-host", "influx");

      // The same name replaces the probe in place: still one probe of that name.
      Path replaced =
          Files.writeString(
              dir.resolve("replaced.yml"),
              Files.readString(probes).replace("interval: 1s", "interval: 2s"));
      Ansible.Run replace =
          Ansible.playbook("add_source.yml", hosts, "-e", "@" + replaced, "-e", "@" + vars);
      assertThat(replace.changed()).as(replace.output()).isEqualTo(1);
      String text = Files.readString(inventory);
      assertThat(text).contains("        interval: 2s\n").doesNotContain("        interval: 1s\n");
      assertThat(text.split("name: influx\n", -1)).hasSize(2);

      // One probe removed by name, then the whole service target.
      Ansible.Run removeProbe =
          Ansible.playbook(
              "remove_source.yml",
              hosts,
              "-e",
              "vigie_target_id=collector-host",
              "-e",
              "vigie_probe_name=influx",
              "-e",
              "@" + vars);
      assertThat(removeProbe.exit()).as(removeProbe.output()).isZero();
      assertThat(removeProbe.changed()).as(removeProbe.output()).isEqualTo(1);
      assertThat(Files.readString(inventory)).isEqualTo(added);
      Ansible.Run removeService =
          Ansible.playbook(
              "remove_source.yml", hosts, "-e", "vigie_target_id=acme-influxdb", "-e", "@" + vars);
      assertThat(removeService.changed()).as(removeService.output()).isEqualTo(1);
      assertThat(Files.readString(inventory)).doesNotContain("acme-influxdb");
      await().atMost(Duration.ofSeconds(30)).until(() -> collector.scheduler().size() == jobs);
    }
  }

  @Test
  void theExampleSourcesAreValidAndASecondRunChangesNothing() throws Exception {
    Path inventory = dir.resolve("inventory.yml");
    Files.copy(Ansible.DIR.resolve("../examples/inventory.yml"), inventory);
    String before = Files.readString(inventory);
    Path hosts = Ansible.localCollectors(dir, "");
    Path vars = Ansible.vars(dir, inventory);
    for (String source : new String[] {"example-service.yml", "example-ssh.yml"}) {
      Path file = Ansible.DIR.resolve("sources").resolve(source);
      Ansible.Run first =
          Ansible.playbook("add_source.yml", hosts, "-e", "@" + file, "-e", "@" + vars);
      assertThat(first.exit()).as(first.output()).isZero();
      assertThat(first.changed()).as(first.output()).isEqualTo(1);
    }
    // Probes for the server the SSH example added.
    Path probes = Ansible.DIR.resolve("sources/example-probes.yml");
    Ansible.Run first =
        Ansible.playbook("add_source.yml", hosts, "-e", "@" + probes, "-e", "@" + vars);
    assertThat(first.exit()).as(first.output()).isZero();
    assertThat(first.changed()).as(first.output()).isEqualTo(1);
    String after = Files.readString(inventory);
    assertThat(after)
        .contains("  - id: acme-website\n    client: acme\n    kind: service\n")
        .contains("      - name: home\n        type: https\n");
    assertThat(AnsiblePlaybooksIT.linesInOrder(before, after)).isTrue();
    for (String source : new String[] {"example-service.yml", "example-probes.yml"}) {
      Path file = Ansible.DIR.resolve("sources").resolve(source);
      Ansible.Run second =
          Ansible.playbook("add_source.yml", hosts, "-e", "@" + file, "-e", "@" + vars);
      assertThat(second.exit()).as(second.output()).isZero();
      assertThat(second.changed()).as(source + "\n" + second.output()).isZero();
    }
    assertThat(Files.readString(inventory)).isEqualTo(after);
  }

  @Test
  void aBadProbeIsRefusedWithTheValidatorsLineAndTheLiveFileIsUntouched() throws Exception {
    Path inventory = dir.resolve("inventory.yml");
    Files.copy(Ansible.DIR.resolve("../examples/inventory.yml"), inventory);
    byte[] before = Files.readAllBytes(inventory);
    Path hosts = Ansible.localCollectors(dir, "");
    Path vars = Ansible.vars(dir, inventory);

    // A misspelt key, on a target that is there.
    Path bad =
        Files.writeString(
            dir.resolve("bad.yml"),
            """
            vigie_target_id: collector-host
            vigie_probes:
              - {name: ssh, type: tcp, prot: 22}
            """);
    Ansible.Run run = Ansible.playbook("add_source.yml", hosts, "-e", "@" + bad, "-e", "@" + vars);
    assertThat(run.exit()).as(run.output()).isNotZero();
    assertThat(run.failed()).isEqualTo(1);
    assertThat(run.output())
        .contains("failed to validate")
        .containsPattern(
            ":\\d+:\\d+: targets\\[collector-host\\]\\.probes\\[ssh\\]\\.prot: unknown key")
        .containsPattern(
            ":\\d+:\\d+: targets\\[collector-host\\]\\.probes\\[ssh\\]\\.port: missing");
    assertThat(Files.readAllBytes(inventory)).isEqualTo(before);

    // A service target with a bad probe, added whole.
    Path badService =
        Files.writeString(
            dir.resolve("bad-service.yml"),
            """
            vigie_target:
              id: acme-shop
              client: acme
              kind: service
              probes:
                - {name: home, type: https, url: "http://shop.acme.example/"}
            """);
    Ansible.Run service =
        Ansible.playbook("add_source.yml", hosts, "-e", "@" + badService, "-e", "@" + vars);
    assertThat(service.exit()).as(service.output()).isNotZero();
    assertThat(service.output())
        .containsPattern(":\\d+:\\d+: targets\\[acme-shop\\]\\.probes\\[home\\]\\.url: ");
    assertThat(Files.readAllBytes(inventory)).isEqualTo(before);

    // Probes for a target that is not there: refused before anything is written.
    Path missing =
        Files.writeString(
            dir.resolve("missing.yml"),
            """
            vigie_target_id: nope
            vigie_probes:
              - {name: ssh, type: tcp, port: 22}
            """);
    Ansible.Run nope =
        Ansible.playbook("add_source.yml", hosts, "-e", "@" + missing, "-e", "@" + vars);
    assertThat(nope.exit()).isNotZero();
    assertThat(nope.output()).contains("there is no target nope");
    assertThat(Files.readAllBytes(inventory)).isEqualTo(before);

    // The only probe of a service target: the validator refuses a service without probes.
    Ansible.Run last =
        Ansible.playbook(
            "remove_source.yml",
            hosts,
            "-e",
            "vigie_target_id=example-website",
            "-e",
            "vigie_probe_name=home",
            "-e",
            "@" + vars);
    assertThat(last.exit()).as(last.output()).isNotZero();
    assertThat(last.output()).contains("failed to validate").contains("example-website");
    assertThat(Files.readAllBytes(inventory)).isEqualTo(before);
  }

  private static void awaitUp(String target, String probe) {
    String query =
        "SELECT COUNT(\"up\") FROM \"probe\" WHERE \"target\" = '%s' AND \"probe\" = '%s' AND \"up\" = 1"
            .formatted(target, probe);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> INFLUX.count(DATABASE, query) > 0);
  }
}
