package io.vigie.dashboards.provision;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.dashboards.Inventories;
import io.vigie.dashboards.cli.DashboardsCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** {@code vigie dashboards generate --out DIR}: what Grafana's file provisioning reads. */
class ProvisioningTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int generate(Path inventory, Path target, String... extra) {
    String[] args = new String[4 + extra.length];
    args[0] = "generate";
    args[1] = "--inventory=" + inventory;
    args[2] = "--out";
    args[3] = target.toString();
    System.arraycopy(extra, 0, args, 4, extra.length);
    return DashboardsCli.execute(
        Map.of(), new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void theDataSourceReferencesTheEnvironmentAndHoldsNoCredential() throws Exception {
    assertThat(generate(Inventories.FULL, dir)).as(err.toString()).isZero();
    Path file = dir.resolve("provisioning/datasources/vigie.yaml");
    JsonNode ds = new YAMLMapper().readTree(file.toFile()).path("datasources").path(0);
    assertThat(ds.path("uid").asString()).isEqualTo("vigie-influxdb");
    assertThat(ds.path("type").asString()).isEqualTo("influxdb");
    assertThat(ds.path("url").asString()).isEqualTo("${VIGIE_GRAFANA_INFLUX_URL}");
    assertThat(ds.path("user").asString()).isEqualTo("${VIGIE_GRAFANA_INFLUX_USERNAME}");
    assertThat(ds.at("/secureJsonData/password").asString())
        .isEqualTo("${VIGIE_GRAFANA_INFLUX_PASSWORD}");
    assertThat(ds.at("/jsonData/dbName").asString()).isEqualTo("${VIGIE_GRAFANA_INFLUX_DATABASE}");
    assertThat(ds.has("password")).isFalse();
  }

  @Test
  void theProviderReadsOneFolderPerDirectoryAndDeletesWhatDisappears() throws Exception {
    assertThat(generate(Inventories.FULL, dir, "--dashboards-path", "/srv/grafana/vigie")).isZero();
    JsonNode provider =
        new YAMLMapper()
            .readTree(dir.resolve("provisioning/dashboards/vigie.yaml").toFile())
            .path("providers")
            .path(0);
    assertThat(provider.at("/options/path").asString()).isEqualTo("/srv/grafana/vigie");
    assertThat(provider.at("/options/foldersFromFilesStructure").asBoolean()).isTrue();
    assertThat(provider.path("disableDeletion").asBoolean(true)).isFalse();
    assertThat(dir.resolve("dashboards/ACME Industries Lyon/vigie-c-acme.json")).exists();
    assertThat(dir.resolve("dashboards/Vigie NOC/vigie-overview.json")).exists();
    assertThat(out.toString()).contains("11 dashboards in 5 folders");
  }

  @Test
  void aTargetLeavingTheInventoryLeavesNoStaleFile() throws Exception {
    Path inventory =
        Files.writeString(
            dir.resolve("inventory.yml"),
            """
            clients:
              - {id: a, name: Client A, language: en, contacts: [a@example.net]}
              - {id: b, name: Client B, language: en, contacts: [b@example.net]}
            targets:
              - {id: a1, client: a, kind: local}
              - {id: b1, client: b, kind: local}
            """);
    Path out = dir.resolve("out");
    assertThat(generate(inventory, out)).isZero();
    assertThat(out.resolve("dashboards/Client B/vigie-t-b1.json")).exists();
    Files.writeString(out.resolve("dashboards/Client A/notes.txt"), "kept: not a dashboard");
    Files.writeString(
        inventory,
        """
        clients:
          - {id: a, name: Client A, language: en, contacts: [a@example.net]}
        targets:
          - {id: a1, client: a, kind: local}
        """);
    assertThat(generate(inventory, out)).isZero();
    assertThat(out.resolve("dashboards/Client B")).doesNotExist();
    assertThat(out.resolve("dashboards/Client A/vigie-t-a1.json")).exists();
    assertThat(out.resolve("dashboards/Client A/notes.txt")).exists();
  }

  @Test
  void anInvalidInventoryIsRefusedWithItsLineAndNothingIsWritten() throws Exception {
    Path inventory =
        Files.writeString(
            dir.resolve("bad.yml"),
            """
            clients:
              - {id: a, name: Client A, language: en, contacts: [a@example.net]}
            targets:
              - {id: a1, client: nobody, kind: local}
            """);
    assertThat(generate(inventory, dir.resolve("out"))).isEqualTo(DashboardsCli.INVALID_INPUT);
    assertThat(err.toString()).contains("bad.yml:4").contains("nobody");
    assertThat(dir.resolve("out")).doesNotExist();
  }
}
