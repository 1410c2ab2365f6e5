package io.vigie.model.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code collector_groups:}: who polls what, and the mistakes an operator makes. */
class CollectorGroupsSectionTest {
  private final InventoryLoader loader =
      new InventoryLoader(new SecretResolver(Map.of("C", "public")), true);

  private static final String CLIENTS_AND_TARGETS =
      """
      clients:
        - {id: acme, name: ACME}
        - {id: globex, name: Globex}
      targets:
        - {id: here, client: acme, kind: local}
        - {id: sw1, client: acme, kind: snmp, address: 10.0.0.1, credentials: {community: {env: C}}}
        - {id: web, client: acme, kind: service, probes: [{name: p, type: tcp, port: 80}], address: w.test}
        - {id: gx1, client: globex, kind: snmp, address: 10.0.0.2, credentials: {community: {env: C}}}
        - {id: gx2, client: globex, kind: snmp, address: 10.0.0.3, credentials: {community: {env: C}}}
      """;

  private List<String> errors(String yaml) {
    InventoryException e =
        catchThrowableOfType(InventoryException.class, () -> loader.parse(yaml, "inv.yml"));
    assertThat(e).as("expected the inventory to be refused").isNotNull();
    return e.errors().stream().map(InventoryError::toString).toList();
  }

  @Test
  void aGroupPollsItsClientsTargetsButLocalOnesAndTheTargetsItNames() throws Exception {
    Inventory inventory =
        loader.parse(
            CLIENTS_AND_TARGETS
                + """
                collector_groups:
                  - id: paris
                    members: [col-a, col-b, col-c]
                    clients: [acme]
                  - id: lyon
                    members: [col-d]
                    targets: [gx2]
                """,
            "inv.yml");
    CollectorGroup paris = inventory.collectorGroup("paris").orElseThrow();
    assertThat(paris.members()).containsExactly("col-a", "col-b", "col-c");
    assertThat(paris.targets()).isEqualTo(Set.of("sw1", "web"));
    assertThat(inventory.groupOf("gx2").map(CollectorGroup::id)).contains("lyon");
    assertThat(inventory.groupOf("gx1")).isEmpty();
    assertThat(inventory.groupOf("here")).isEmpty();
    assertThat(inventory.groupOfMember("col-d").map(CollectorGroup::id)).contains("lyon");
  }

  @Test
  void withoutTheSectionThereIsNoGroup() throws Exception {
    assertThat(loader.parse(CLIENTS_AND_TARGETS, "inv.yml").collectorGroups()).isEmpty();
  }

  @Test
  void everyMistakeIsReportedWithItsLineKeyAndValue() {
    List<String> errors =
        errors(
            CLIENTS_AND_TARGETS
                + """
                collector_groups:
                  - id: paris
                    members: [col-a, "bad id"]
                    clients: [acme, initech]
                    targets: [here, nope]
                  - id: lyon
                    members: [col-a]
                    targets: [sw1]
                  - id: empty
                    members: [col-z]
                  - id: nobody
                    targets: [gx1]
                """);
    assertThat(errors)
        .anySatisfy(
            e -> assertThat(e).contains("inv.yml:12:").contains("\"bad id\"").contains("members"))
        .anySatisfy(
            e -> assertThat(e).contains("inv.yml:13:").contains("initech").contains("no client"))
        .anySatisfy(e -> assertThat(e).contains("inv.yml:14:").contains("here").contains("local"))
        .anySatisfy(
            e -> assertThat(e).contains("inv.yml:14:").contains("nope").contains("no target"))
        .anySatisfy(
            e ->
                assertThat(e)
                    .contains("inv.yml:16:")
                    .contains("col-a")
                    .contains("already a member"))
        .anySatisfy(
            e -> assertThat(e).contains("inv.yml:17:").contains("sw1").contains("already polled"))
        .anySatisfy(e -> assertThat(e).contains("inv.yml:18:").contains("polls nothing"))
        .anySatisfy(
            e -> assertThat(e).contains("inv.yml:20:").contains("members").contains("missing"));
  }
}
