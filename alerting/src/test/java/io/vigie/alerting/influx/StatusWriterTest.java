package io.vigie.alerting.influx;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.alerting.status.Status;
import io.vigie.alerting.status.Transition;
import io.vigie.model.cause.Cause;
import io.vigie.model.inventory.Comparison;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.model.inventory.Language;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.influxdb.dto.Point;
import org.junit.jupiter.api.Test;

/** The {@code status} points' causes: the client's in its language, the NOC's in English. */
class StatusWriterTest {
  private static final String INVENTORY =
      """
      clients:
        - id: acme
          name: ACME
          language: fr
          contacts: [ops@acme.example]
        - id: globex
          name: Globex
          language: en
          contacts: [ops@globex.example]
      targets:
        - id: web
          client: acme
          kind: local
        - id: api
          client: globex
          kind: local
      """;

  private static final Cause DISK_FULL =
      new Cause.Threshold(
          "disk.used_percent",
          Map.of("mount", "/var"),
          93.5,
          90,
          Comparison.ABOVE,
          Cause.Level.ERROR);

  private static final String NOC_TEXT = "disk.used_percent{mount=/var} 93.5 above error level 90";

  private static Transition transition(String target, String client, Cause typed) {
    return new Transition(
        target,
        client,
        "local",
        Instant.parse("2026-03-01T10:00:00Z"),
        Status.RUN,
        Status.ERROR,
        "disk.used_percent{mount=/var}",
        NOC_TEXT,
        false,
        false,
        typed);
  }

  private static Map<String, Language> languages() throws Exception {
    Inventory inventory = InventoryLoader.withSystemSecrets().parse(INVENTORY, "inventory.yml");
    return StatusWriter.languages(inventory);
  }

  @Test
  void aFrenchClientsCauseIsFrenchAndTheNocKeepsTheEnglishText() throws Exception {
    List<Point> points =
        StatusWriter.transitionPoints(List.of(transition("web", "acme", DISK_FULL)), languages());

    String line = points.get(0).lineProtocol();
    assertThat(line)
        .contains(
            "cause=\"Disque /var plein à 93,5\u00a0% (erreur au-dessus de 90\u00a0%)\"",
            "cause_noc=\"" + NOC_TEXT + "\"")
        .doesNotContain("cause=\"Disk");
  }

  @Test
  void anEnglishClientsCauseIsTheEnglishSentence() throws Exception {
    List<Point> points =
        StatusWriter.transitionPoints(List.of(transition("api", "globex", DISK_FULL)), languages());

    assertThat(points.get(0).lineProtocol())
        .contains("cause=\"Disk /var full at 93.5% (error above 90%)\"");
  }

  @Test
  void withoutATypedCauseARunSaysNothingToTheClientAndTheNocStillReadsTheText() {
    assertThat(
            StatusWriter.clientCause(Status.RUN, "waiting for the first poll", null, Language.FR))
        .isEmpty();
    // A state stored before typed causes existed: its text, as the API shows it.
    assertThat(StatusWriter.clientCause(Status.ERROR, NOC_TEXT, null, Language.FR))
        .isEqualTo(NOC_TEXT);
  }

  @Test
  void aRefreshSaysTheCurrentCauseInTheClientsLanguage() throws Exception {
    var state =
        new io.vigie.alerting.status.TargetState(
            "web",
            "acme",
            "local",
            Status.DEAD,
            "data",
            "no data for 12 min",
            Instant.parse("2026-03-01T10:00:00Z"),
            Map.of(),
            Instant.parse("2026-03-01T09:00:00Z"),
            null,
            null,
            0,
            Status.DEAD,
            false,
            List.of(),
            false,
            false,
            new Cause.NoData(java.time.Duration.ofMinutes(12)));

    List<Point> points =
        StatusWriter.refreshPoints(
            List.of(state), Instant.parse("2026-03-01T10:05:00Z"), java.util.Set.of(), languages());

    assertThat(points.get(0).lineProtocol())
        .contains("cause=\"Aucune donnée depuis 12\u00a0min\"", "cause_noc=\"no data for 12 min\"")
        .contains("changed=false");
  }
}
