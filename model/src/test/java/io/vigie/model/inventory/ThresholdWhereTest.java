package io.vigie.model.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A rule's {@code where} names tags the rule's series have; otherwise it would match nothing. */
class ThresholdWhereTest {
  private static final String HEAD =
      """
      clients: [{id: acme, name: ACME}]
      targets:
        - {id: web, client: acme, kind: local, labels: {site: paris}}
      thresholds:
        defaults:
      """;

  private final InventoryLoader loader = new InventoryLoader(new SecretResolver(Map.of()), true);

  @Test
  void aWhereOnATagTheMeasurementDoesNotHaveIsRefused() {
    InventoryException e =
        catchThrowableOfType(
            InventoryException.class,
            () ->
                loader.parse(
                    HEAD
                        + "    - {metric: probe.duration_ms, where: {type: http}, warning: 2000}\n",
                    "inv.yml"));
    assertThat(e).isNotNull();
    assertThat(e.errors())
        .extracting(InventoryError::toString)
        .containsExactly(
            "inv.yml:6:43: thresholds.defaults[0].where.type: not a tag of measurement probe nor"
                + " a label of any target: the rule would match nothing (its tags: client,"
                + " collector, kind, probe, probe_type, target) (found \"type\")");
  }

  @Test
  void theMeasurementsTagsAndTheTargetsLabelsAreAccepted() throws Exception {
    Inventory inventory =
        loader.parse(
            HEAD
                + "    - {metric: probe.duration_ms, where: {probe_type: http, site: paris},"
                + " warning: 2000}\n"
                + "    - {metric: disk.used_percent, where: {mount: /var, target: web},"
                + " warning: 80}\n",
            "inv.yml");
    assertThat(inventory.thresholds().defaults()).hasSize(2);
  }
}
