package io.vigie.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.alerting.users.UsersFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * users.yml: plain passwords in an encrypted ansible-vault file become bcrypt hashes in the
 * alerting API's users file, which the service's own loader accepts.
 */
class UsersPlaybookIT {
  @TempDir Path dir;

  @BeforeAll
  static void installed() {
    Ansible.requireInstalled();
  }

  @Test
  void vaultPasswordsBecomeHashesThatTheServiceAccepts() throws Exception {
    Path vaultPass = Files.writeString(dir.resolve("vault-pass"), "correct horse battery\n");
    Path vault =
        Files.writeString(
            dir.resolve("vault.yml"),
            """
            vault_vigie_api_users:
              - {name: noc, password: s3cret-noc-pass, roles: [operator]}
              - {name: wallboard, password: s3cret-wall-pass, roles: [viewer]}
              - {name: acme-it, password: s3cret-acme-pass, roles: [operator], clients: [acme]}
            """);
    Ansible.Run encrypt =
        Ansible.run(
            List.of(
                "ansible-vault",
                "encrypt",
                "--vault-password-file",
                vaultPass.toString(),
                vault.toString()),
            dir);
    assertThat(encrypt.exit()).as(encrypt.output()).isZero();
    assertThat(Files.readString(vault)).startsWith("$ANSIBLE_VAULT;").doesNotContain("s3cret");

    Path users = dir.resolve("mdp.yml");
    Path hosts = Ansible.localCollectors(dir, "");
    String owner = System.getProperty("user.name");
    String[] args = {
      "--vault-password-file", vaultPass.toString(),
      "-e", "@" + vault,
      "-e", "vigie_users_path=" + users,
      "-e", "vigie_users_owner=" + owner,
      "-e", "vigie_users_group=" + owner
    };
    Ansible.Run first = Ansible.playbook("users.yml", hosts, args);
    assertThat(first.exit()).as(first.output()).isZero();
    assertThat(first.changed()).isEqualTo(1);
    assertThat(first.output()).doesNotContain("s3cret");

    String text = Files.readString(users);
    assertThat(text).doesNotContain("s3cret");
    Map<String, UsersFile.User> loaded = UsersFile.load(users);
    BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
    assertThat(bcrypt.matches("s3cret-noc-pass", loaded.get("noc").passwordHash())).isTrue();
    assertThat(bcrypt.matches("s3cret-wall-pass", loaded.get("wallboard").passwordHash())).isTrue();
    assertThat(loaded.get("noc").roles()).containsExactly("operator");
    assertThat(loaded.get("wallboard").roles()).containsExactly("viewer");
    assertThat(loaded.get("noc").scope().all()).isTrue();
    assertThat(loaded.get("acme-it").clients()).containsExactly("acme");
    assertThat(UsersFile.load(users, java.util.Set.of("acme")).get("acme-it").scope().sees("acme"))
        .isTrue();

    Ansible.Run second = Ansible.playbook("users.yml", hosts, args);
    assertThat(second.changed()).as(second.output()).isZero();
    assertThat(Files.readString(users)).isEqualTo(text);
  }
}
