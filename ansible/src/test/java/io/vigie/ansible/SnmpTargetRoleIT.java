package io.vigie.ansible;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigie.collector.snmp.Snmpd;
import io.vigie.testkit.FreePort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * snmp_target.yml writes an snmpd configuration; a real net-snmp snmpd started on it answers SNMPv3
 * with SHA-256 and AES, and refuses a wrong passphrase and unencrypted requests. The role is
 * pointed at a temporary directory and the test runs snmpd itself (no systemd here).
 */
class SnmpTargetRoleIT {
  private static final String AUTH = "auth-pass-for-test";
  private static final String PRIV = "priv-pass-for-test";

  @TempDir Path dir;
  private Process snmpd;

  @BeforeAll
  static void installed() {
    Ansible.requireInstalled();
    assertThat(Path.of("/usr/sbin/snmpd"))
        .as("net-snmp's snmpd: apt-get install -y snmpd snmp (./vigie test installs it)")
        .isExecutable();
  }

  /**
   * Waits for snmpd to end: it writes its persistent state into the temp dir as it stops, and JUnit
   * deleting that dir meanwhile failed the test now and then.
   */
  @AfterEach
  void stop() throws InterruptedException {
    if (snmpd != null) {
      snmpd.destroy();
      if (!snmpd.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        snmpd.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void theAgentAnswersOnlyAuthenticatedEncryptedRequests() throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path persist = Files.createDirectories(dir.resolve("persist"));
    Files.setPosixFilePermissions(persist, PosixFilePermissions.fromString("rwxrwxrwx"));
    int port = FreePort.pick();
    Path config = dir.resolve("snmpd.conf");
    Path hosts =
        Files.writeString(
            dir.resolve("hosts.yml"),
            """
            all:
              children:
                snmp_targets:
                  hosts:
                    localhost:
                      ansible_connection: local
                      ansible_python_interpreter: /usr/bin/python3
            """);
    Path vars =
        Files.writeString(
            dir.resolve("vars.yml"),
            """
            vault_snmp_auth_password: %s
            vault_snmp_priv_password: %s
            snmp_target_install: false
            snmp_target_service: ""
            snmp_target_config: %s
            snmp_target_config_group: root
            snmp_target_persistent_dir: %s
            snmp_target_listen: udp:127.0.0.1:%d
            vigie_collector_addresses: [192.0.2.5]
            """
                .formatted(AUTH, PRIV, config, persist, port));
    Ansible.Run run = Ansible.playbook("snmp_target.yml", hosts, "-e", "@" + vars);
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).doesNotContain(AUTH).doesNotContain(PRIV);
    assertThat(Files.readString(config))
        .contains("rouser -s usm vigie priv")
        .doesNotContain("rocommunity")
        .doesNotContain("com2sec");
    Ansible.Run again = Ansible.playbook("snmp_target.yml", hosts, "-e", "@" + vars);
    assertThat(again.changed()).as(again.output()).isZero();
    // The test's snmpd runs as nobody (the packaged one as Debian-snmp, the file's group).
    Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));

    snmpd = Snmpd.launch(Path.of("/usr/sbin/snmpd"), config, dir);

    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                get(port, "-l", "authPriv", "-a", "SHA-256", "-A", AUTH, "-x", "AES", "-X", PRIV)
                        .exit()
                    == 0);
    Ansible.Run ok =
        get(port, "-l", "authPriv", "-a", "SHA-256", "-A", AUTH, "-x", "AES", "-X", PRIV);
    assertThat(ok.output()).contains("1.3.6.1.2.1.1.5.0");
    Ansible.Run wrong =
        get(port, "-l", "authPriv", "-a", "SHA-256", "-A", "wrong-pass-1", "-x", "AES", "-X", PRIV);
    assertThat(wrong.exit()).isNotZero();
    Ansible.Run clear = get(port, "-l", "authNoPriv", "-a", "SHA-256", "-A", AUTH);
    assertThat(clear.output()).doesNotContain("STRING");
    Ansible.Run community =
        Ansible.run(
            List.of(
                "snmpget",
                "-v2c",
                "-c",
                "public",
                "-t",
                "1",
                "-r",
                "0",
                "-On",
                "127.0.0.1:" + port,
                "1.3.6.1.2.1.1.5.0"),
            dir);
    assertThat(community.exit()).isNotZero();
  }

  private Ansible.Run get(int port, String... security) {
    List<String> command =
        new ArrayList<>(List.of("snmpget", "-v3", "-u", "vigie", "-t", "1", "-r", "0", "-On"));
    command.addAll(List.of(security));
    command.add("127.0.0.1:" + port);
    command.add("1.3.6.1.2.1.1.5.0");
    return Ansible.run(command, dir);
  }
}
