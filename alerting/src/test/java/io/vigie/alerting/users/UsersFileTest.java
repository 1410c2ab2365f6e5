package io.vigie.alerting.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

class UsersFileTest {
  static final String HASH = "$2a$04$KIXQJ1Lh7n7mB9lY3QpZ6uY7HkKc1m5b0oVJ2m4dSgq4fCq9uJ9yW";

  @Test
  void readsUsersWithTheirRoles() {
    var users =
        UsersFile.parse(
            """
            users:
              - {name: alice, password: "%s", roles: [operator]}
              - {name: bob, password: "{bcrypt}%s", roles: [viewer]}
            """
                .formatted(HASH, HASH),
            "mdp.yml");
    assertThat(users).containsOnlyKeys("alice", "bob");
    assertThat(users.get("alice").roles()).containsExactly("operator");
    assertThat(users.get("alice").toString()).doesNotContain(HASH);
  }

  @Test
  void everyMistakeIsReportedWithItsLineAndAPlainPasswordIsNeverEchoed() {
    IllegalArgumentException e =
        catchThrowableOfType(
            IllegalArgumentException.class,
            () ->
                UsersFile.parse(
                    """
                    users:
                      - name: alice
                        password: hunter2hunter2
                        roles: [operator]
                      - name: bob
                        password: "%s"
                        roles: [admin]
                      - name: bob
                        password: "%s"
                        roles: [viewer]
                        team: blue
                      - name: carol
                        password: "%s"
                    """
                        .formatted(HASH, HASH, HASH),
                    "mdp.yml"));
    assertThat(e.getMessage().lines())
        .containsExactly(
            "mdp.yml:3:15: users[0].password: not a bcrypt hash (make one with ./vigie hash-password)",
            "mdp.yml:7:13: users[1].roles: unknown role (viewer or operator), found the text \"admin\"",
            "mdp.yml:11:5: users[2].team: unknown key (name, password, roles)",
            "mdp.yml:12:5: users[3].roles: required, a list of viewer and/or operator");
    assertThat(e.getMessage()).doesNotContain("hunter2");
  }
}
