package io.vigie.model.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The target kinds' own blocks, read through {@link KindSections}. */
class KindSectionsTest {

  private final InventoryLoader loader =
      new InventoryLoader(new SecretResolver(Map.of("PASSWORD", "p")), true);

  private List<String> errors(String yaml) {
    InventoryException e =
        catchThrowableOfType(InventoryException.class, () -> loader.parse(yaml, "inv.yml"));
    assertThat(e).as("expected the inventory to be refused").isNotNull();
    return e.errors().stream().map(InventoryError::toString).toList();
  }

  @Test
  void eachBlockIsRefusedOnATargetOfAnotherKind() {
    assertThat(
            errors(
                """
                version: 1
                clients: [{id: acme, name: ACME}]
                targets:
                  - id: me
                    client: acme
                    kind: local
                    ssh: {user: monitor}
                    snmp: {version: 2c}
                """))
        .containsExactly(
            "inv.yml:7:5: targets[me].ssh: only a target of kind ssh takes ssh settings (found"
                + " \"ssh\")",
            "inv.yml:8:5: targets[me].snmp: only a target of kind snmp takes snmp settings (found"
                + " \"snmp\")");
  }

  /**
   * One anchor used as both the labels and the ssh block puts two errors at the same line and
   * column; the label's comes first, as the ssh block is read after the labels.
   */
  @Test
  void anSshBlockIsReadAfterTheLabels() {
    assertThat(
            errors(
                """
                version: 1
                x-shared: &shared
                  target: web
                clients: [{id: acme, name: ACME}]
                targets:
                  - id: web1
                    client: acme
                    kind: ssh
                    address: 192.0.2.2
                    credentials: {password: {env: PASSWORD}}
                    labels: *shared
                    ssh: *shared
                """))
        .filteredOn(e -> e.startsWith("inv.yml:3:3:"))
        .extracting(e -> e.substring(0, e.indexOf(':', "inv.yml:3:3: ".length())))
        .containsExactly(
            "inv.yml:3:3: targets[web1].labels.target", "inv.yml:3:3: targets[web1].ssh.target");
  }
}
