package io.vigie.dashboards.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.dashboards.Inventories;
import io.vigie.dashboards.cli.DashboardsCli;
import io.vigie.model.dashboard.DashboardNames;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A contract test of the requests {@code vigie dashboards push} makes, against {@link
 * RecordingGrafana}: a local HTTP server that answers as Grafana's documented HTTP API does. It is
 * not a Grafana (none can run here); it checks what we send and how we read the answers.
 */
class GrafanaPushContractTest {
  private static final String TOKEN = "glsa_test_token_that_must_never_be_printed";

  @TempDir Path dir;
  private RecordingGrafana grafana;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void start() throws Exception {
    grafana = new RecordingGrafana(TOKEN);
  }

  @AfterEach
  void stop() {
    grafana.close();
  }

  private int push(Path inventory, String... extra) {
    Map<String, String> env = new HashMap<>();
    env.put("VIGIE_GRAFANA_TOKEN", TOKEN);
    return push(env, inventory, extra);
  }

  private int push(Map<String, String> env, Path inventory, String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("push", "--inventory", inventory.toString(), "--url", grafana.url()));
    args.addAll(List.of(extra));
    return DashboardsCli.execute(
        env, new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
  }

  @Test
  void aFirstPushCreatesFoldersAndDashboardsAndASecondOverwritesThemWithoutCopies() {
    assertThat(push(Inventories.FULL)).as(err.toString()).isZero();
    assertThat(grafana.folders)
        .containsEntry(DashboardNames.NOC_FOLDER_UID, "Vigie NOC")
        .containsEntry("vigie-f-acme", "ACME Industries Lyon")
        .containsEntry("vigie-f-acme2", "ACME Industries Lyon (acme2)")
        .hasSize(5);
    assertThat(grafana.dashboards).hasSize(11);
    assertThat(grafana.dashboards.get(DashboardNames.targetUid("Web_01")).folderUid())
        .isEqualTo("vigie-f-acme");
    assertThat(grafana.dashboards.get(DashboardNames.OVERVIEW_UID).folderUid())
        .isEqualTo(DashboardNames.NOC_FOLDER_UID);
    for (RecordingGrafana.Request request : grafana.requests) {
      assertThat(request.auth()).isEqualTo("Bearer " + TOKEN);
    }
    for (RecordingGrafana.Request save : saves()) {
      assertThat(save.body().path("overwrite").asBoolean()).isTrue();
      // No numeric id: Grafana must find the dashboard by UID, in any Grafana.
      assertThat(save.body().path("dashboard").has("id")).isFalse();
      assertThat(save.body().path("dashboard").path("uid").asString()).isNotEmpty();
    }
    assertThat(out.toString())
        .contains("folders: 5 created, 0 renamed, 0 deleted; dashboards: 11 created, 0 updated");

    grafana.requests.clear();
    out.getBuffer().setLength(0);
    assertThat(push(Inventories.FULL)).as(err.toString()).isZero();
    assertThat(grafana.dashboards).hasSize(11);
    assertThat(grafana.folders).hasSize(5);
    assertThat(grafana.dashboards.values()).allMatch(d -> d.version() == 2);
    assertThat(grafana.writes()).extracting(RecordingGrafana.Request::method).containsOnly("POST");
    assertThat(grafana.writes())
        .extracting(RecordingGrafana.Request::path)
        .containsOnly("/api/dashboards/db");
    assertThat(out.toString())
        .contains("folders: 0 created, 0 renamed, 0 deleted; dashboards: 0 created, 11 updated");
  }

  @Test
  void aTargetOrClientLeavingTheInventoryTakesItsDashboardsAndEmptyFolderWithIt() throws Exception {
    Path before = write("before.yml", inventory(true));
    assertThat(push(before)).as(err.toString()).isZero();
    // A dashboard made by hand, in the General folder: never Vigie's to delete.
    grafana.dashboards.put("hand-made", stored("hand-made", "Made by hand", null, List.of("team")));
    assertThat(grafana.dashboards).hasSize(7);

    grafana.requests.clear();
    Path after = write("after.yml", inventory(false));
    assertThat(push(after)).as(err.toString()).isZero();
    assertThat(grafana.dashboards.keySet())
        .containsExactlyInAnyOrder(
            DashboardNames.OVERVIEW_UID, "vigie-c-a", "vigie-t-a1", "hand-made");
    assertThat(grafana.folders.keySet()).containsExactlyInAnyOrder("vigie-noc", "vigie-f-a");
    assertThat(grafana.writes())
        .filteredOn(r -> r.method().equals("DELETE"))
        .extracting(RecordingGrafana.Request::path)
        .containsExactlyInAnyOrder(
            "/api/dashboards/uid/vigie-t-a2",
            "/api/dashboards/uid/vigie-t-b1",
            "/api/dashboards/uid/vigie-c-b",
            "/api/folders/vigie-f-b");
    assertThat(out.toString()).contains("3 deleted").contains("delete folder vigie-f-b");
  }

  @Test
  void aFolderThatHoldsSomeoneElsesDashboardIsKept() throws Exception {
    Path before = write("before.yml", inventory(true));
    assertThat(push(before)).isZero();
    grafana.dashboards.put(
        "team-b", stored("team-b", "Team B's own", "vigie-f-b", List.of("team")));
    assertThat(push(write("after.yml", inventory(false)))).isZero();
    assertThat(grafana.folders).containsKey("vigie-f-b");
    assertThat(grafana.dashboards).containsKey("team-b").doesNotContainKey("vigie-c-b");
    assertThat(err.toString()).contains("folder vigie-f-b", "team-b", "kept");
  }

  @Test
  void aDryRunOnlyReadsAndPrintsThePlan() throws Exception {
    assertThat(push(Inventories.FULL, "--dry-run")).as(err.toString()).isZero();
    assertThat(grafana.requests).isNotEmpty();
    assertThat(grafana.writes()).isEmpty();
    assertThat(grafana.dashboards).isEmpty();
    assertThat(out.toString())
        .contains("would create folder vigie-f-acme \"ACME Industries Lyon\"")
        .contains("would create dashboard vigie-overview")
        .contains("dry run, nothing changed");
  }

  @Test
  void aRefusedTokenStopsThePushAndIsNeverPrinted() {
    Map<String, String> env = Map.of("VIGIE_GRAFANA_TOKEN", "wrong-token-value");
    assertThat(push(env, Inventories.FULL)).isEqualTo(DashboardsCli.FAILURE);
    assertThat(err.toString()).contains("401").contains("token was refused");
    assertThat(out + err.toString()).doesNotContain("wrong-token-value").doesNotContain(TOKEN);
    assertThat(grafana.requests).hasSize(1);
  }

  @Test
  void noTokenIsAnInputError() throws Exception {
    assertThat(push(Map.of(), Inventories.FULL)).isEqualTo(DashboardsCli.INVALID_INPUT);
    assertThat(err.toString()).contains("VIGIE_GRAFANA_TOKEN");
    assertThat(grafana.requests).isEmpty();

    Path file = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    assertThat(push(Map.of("VIGIE_GRAFANA_TOKEN_FILE", file.toString()), Inventories.FULL))
        .as(err.toString())
        .isZero();
    assertThat(grafana.dashboards).hasSize(11);
  }

  @Test
  void oneDashboardRefusedByGrafanaDoesNotStopTheOthers() {
    grafana.refuse.add(DashboardNames.targetUid("dupont-fw"));
    assertThat(push(Inventories.FULL)).isEqualTo(DashboardsCli.FAILURE);
    assertThat(grafana.dashboards).hasSize(10);
    assertThat(out.toString())
        .contains("FAILED create dashboard vigie-t-dupont-fw")
        .contains("400")
        .contains("1 failed");
  }

  @Test
  void aMissingDataSourceIsWarnedAbout() {
    grafana.datasources.clear();
    assertThat(push(Inventories.FULL)).isZero();
    assertThat(err.toString()).contains("no data source with UID vigie-influxdb");
  }

  private List<RecordingGrafana.Request> saves() {
    return grafana.requests.stream().filter(r -> r.path().equals("/api/dashboards/db")).toList();
  }

  private static RecordingGrafana.StoredDashboard stored(
      String uid, String title, String folderUid, List<String> tags) {
    JsonNode dashboard =
        RecordingGrafana.JSON
            .createObjectNode()
            .put("uid", uid)
            .put("title", title)
            .set("tags", RecordingGrafana.JSON.valueToTree(tags));
    return new RecordingGrafana.StoredDashboard(dashboard, folderUid, 1);
  }

  private Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content);
  }

  /** Clients a and b; without {@code full}, b and the target a2 are gone. */
  private static String inventory(boolean full) {
    return """
        clients:
          - {id: a, name: Client A, language: en, contacts: [a@example.net]}
        %s
        targets:
          - {id: a1, client: a, kind: local}
        %s
        """
        .formatted(
            full ? "  - {id: b, name: Client B, language: en, contacts: [b@example.net]}" : "",
            full
                ? "  - {id: a2, client: a, kind: local}\n  - {id: b1, client: b, kind: local}"
                : "");
  }
}
