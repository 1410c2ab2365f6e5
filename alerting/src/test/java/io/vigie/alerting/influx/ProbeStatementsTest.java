package io.vigie.alerting.influx;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.InventoryLoader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Threshold rules on a probe's fields are read like any metric, with the probe's tags. */
class ProbeStatementsTest {
  static final String INVENTORY =
      """
      version: 1
      clients:
        - {id: acme, name: ACME, language: en, contacts: [it@acme.example]}
      targets:
        - {id: web1, client: acme, kind: local}
      thresholds:
        defaults:
          - {metric: probe.tls_leaf_days, where: {probe: https}, comparison: below, warning: 30, error: 10, for: 1h}
          - {metric: probe.loss_percent, warning: 5, error: 20, for: 2m}
          - {metric: probe.duration_ms, where: {probe_type: http}, warning: 2000, error: 5000}
      """;

  @Test
  void aProbeFieldRuleIsAcceptedAndReadWithTheProbeAndTypeTags() throws Exception {
    Inventory inventory = InventoryLoader.withSystemSecrets().parse(INVENTORY, "test.yml");
    List<String> statements =
        new InfluxReader(null, "vigie", 3).statements(inventory, Instant.EPOCH, Instant.EPOCH);
    assertThat(statements)
        .contains(
            "SELECT \"duration_ms\", \"loss_percent\", \"tls_leaf_days\", \"target\", \"probe\","
                + " \"probe_type\" FROM \"probe\" WHERE time > 0")
        .last()
        .asString()
        .startsWith("SELECT \"up\", \"failure\", \"reason\", \"collector\", \"target\", \"probe\"")
        .endsWith("FROM \"probe\" WHERE time > 0");
  }
}
