package io.vigie.alerting.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Set;
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
            "mdp.yml:11:5: users[2].team: unknown key (name, password, roles, clients)",
            "mdp.yml:12:5: users[3].roles: required, a list of viewer and/or operator");
    assertThat(e.getMessage()).doesNotContain("hunter2");
  }

  @Test
  void aUserLimitedToClientsSeesThemAndAUserWithoutTheKeySeesEveryClient() {
    var users =
        UsersFile.parse(
            """
            users:
              - {name: noc, password: "%s", roles: [viewer]}
              - {name: ann, password: "%s", roles: [operator], clients: [acme, initech]}
            """
                .formatted(HASH, HASH),
            "mdp.yml",
            Set.of("acme", "globex", "initech"));
    assertThat(users.get("noc").scope().all()).isTrue();
    assertThat(users.get("ann").scope()).isEqualTo(Scope.of(Set.of("acme", "initech")));
    assertThat(users.get("ann").scope().sees("globex")).isFalse();
    assertThat(users.get("ann").scope().sees(null)).as("a pipeline condition").isFalse();
    assertThat(users.get("ann").toString()).contains("clients=[acme, initech]");
  }

  @Test
  void anUnknownClientOrAnEmptyListIsAnErrorNamingTheLineAndTheUserIsLeftOut() {
    IllegalArgumentException e =
        catchThrowableOfType(
            IllegalArgumentException.class,
            () ->
                UsersFile.parse(
                    """
                    users:
                      - name: ann
                        password: "%s"
                        roles: [viewer]
                        clients: [acme, globx]
                      - name: bob
                        password: "%s"
                        roles: [viewer]
                        clients: []
                      - name: cid
                        password: "%s"
                        roles: [viewer]
                        clients: acme
                    """
                        .formatted(HASH, HASH, HASH),
                    "mdp.yml",
                    Set.of("acme", "globex")));
    assertThat(e.getMessage().lines())
        .containsExactly(
            "mdp.yml:5:21: users[0].clients: unknown client (not in the inventory), found \"globx\"",
            "mdp.yml:9:14: users[1].clients: a list of client ids (leave the key out for every"
                + " client), found a list",
            "mdp.yml:13:14: users[2].clients: a list of client ids (leave the key out for every"
                + " client), found the text \"acme\"");
  }
}
