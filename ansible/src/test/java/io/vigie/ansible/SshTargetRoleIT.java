package io.vigie.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.collector.ssh.Sshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * ssh_target.yml run for real against the loopback OpenSSH sshd of the SSH tests: it creates a
 * monitoring account whose key only works from the collectors, without a terminal or forwarding,
 * and pins the host's key in the collectors' inventory. Needs root (it creates an account), as CI
 * runs.
 */
class SshTargetRoleIT {
  @RegisterExtension static final Sshd SSHD = new Sshd();

  @TempDir Path dir;
  private final String account = "vigie-mon-" + UUID.randomUUID().toString().substring(0, 6);

  @BeforeAll
  static void installed() {
    Ansible.requireInstalled();
    assertThat(System.getProperty("user.name"))
        .as("the ssh_target test creates an account: run it as root (./vigie test in CI does)")
        .isEqualTo("root");
  }

  @AfterEach
  void removeAccount() {
    Ansible.run(List.of("userdel", "-r", account), dir);
  }

  @Test
  void theMonitoringAccountIsRestrictedAndTheHostKeyIsPinned() throws Exception {
    Path collectorKey = dir.resolve("collector_key");
    assertThat(
            Ansible.run(
                    List.of(
                        "ssh-keygen",
                        "-q",
                        "-t",
                        "ed25519",
                        "-N",
                        "",
                        "-f",
                        collectorKey.toString()),
                    dir)
                .exit())
        .isZero();
    Path inventory =
        Files.writeString(
            dir.resolve("inventory.yml"),
            """
            clients:
              - {id: acme, name: ACME, language: fr, contacts: [it@acme.example]}
            targets:
              - id: acme-web-1   # pinned by the role
                client: acme
                kind: ssh
                address: 127.0.0.1
                credentials:
                  private_key: {file: /etc/vigie/secrets/collector-ssh-key}
                ssh:
                  user: monitoring
                  host_key: SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s
            """);
    Path hosts = hosts(List.of("127.0.0.1"), collectorKey);
    Path vars = Ansible.vars(dir, inventory);

    Ansible.Run run = Ansible.playbook("ssh_target.yml", hosts, "-e", "@" + vars);
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(Files.readString(inventory))
        .contains("host_key: " + SSHD.hostKeyFingerprint())
        .contains("# pinned by the role");

    Ansible.Run again = Ansible.playbook("ssh_target.yml", hosts, "-e", "@" + vars);
    assertThat(again.exit()).as(again.output()).isZero();
    assertThat(again.changed()).as(again.output()).isZero();

    Ansible.Run login = ssh(collectorKey, List.of(), "echo polled");
    assertThat(login.exit()).as(login.output()).isZero();
    assertThat(login.output()).contains("polled");
    Ansible.Run pty = ssh(collectorKey, List.of("-tt"), "echo with-pty");
    assertThat(pty.output()).contains("PTY allocation request failed");
    Ansible.Run forward =
        ssh(
            collectorKey,
            List.of("-o", "ExitOnForwardFailure=yes", "-L", "127.0.0.1:0:127.0.0.1:" + SSHD.port()),
            "echo forwarded");
    assertThat(forward.exit()).as(forward.output()).isNotZero();
    assertThat(forward.output()).doesNotContain("forwarded");
    String authorized = Files.readString(Path.of("/home", account, ".ssh", "authorized_keys"));
    assertThat(authorized)
        .startsWith(
            "from=\"127.0.0.1\",no-pty,no-port-forwarding,no-agent-forwarding,no-X11-forwarding,no-user-rc ssh-ed25519 ");

    // The same key from anywhere but the collectors is refused.
    Ansible.Run moved =
        Ansible.playbook(
            "ssh_target.yml", hosts(List.of("192.0.2.5"), collectorKey), "-e", "@" + vars);
    assertThat(moved.exit()).as(moved.output()).isZero();
    Ansible.Run refused = ssh(collectorKey, List.of(), "echo polled");
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.output()).doesNotContain("polled");
  }

  private Path hosts(List<String> from, Path collectorKey) throws Exception {
    String pub = Files.readString(Path.of(collectorKey + ".pub")).trim();
    return Ansible.localCollectors(
        dir,
        """
            ssh_targets:
              hosts:
                acme-web-1:
                  ansible_host: 127.0.0.1
                  ansible_port: %d
                  ansible_user: root
                  ansible_ssh_private_key_file: %s
                  ansible_ssh_common_args: "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null"
                  ansible_python_interpreter: /usr/bin/python3
                  ssh_target_user: %s
                  ssh_target_host_key_file: %s
                  vigie_collector_public_key: "%s"
                  vigie_collector_addresses: [%s]
        """
            .formatted(
                SSHD.port(),
                SSHD.userKey(),
                account,
                SSHD.hostPublicKey(),
                pub,
                String.join(", ", from)));
  }

  private Ansible.Run ssh(Path key, List<String> options, String command) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "ssh",
                "-i",
                key.toString(),
                "-p",
                String.valueOf(SSHD.port()),
                "-o",
                "BatchMode=yes",
                "-o",
                "StrictHostKeyChecking=no",
                "-o",
                "UserKnownHostsFile=/dev/null",
                "-o",
                "IdentitiesOnly=yes"));
    argv.addAll(options);
    argv.add(account + "@127.0.0.1");
    argv.add(command);
    return Ansible.run(argv, dir);
  }
}
