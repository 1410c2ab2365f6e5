package io.vigie.dashboards.typecheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.vigie.dashboards.Inventories;
import io.vigie.dashboards.generate.DashboardJson;
import io.vigie.dashboards.generate.Generator;
import io.vigie.dashboards.grafana.Dashboard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every generated dashboard is checked with {@code tsc} against Grafana's own TypeScript types (npm
 * {@code @grafana/grafana-foundation-sdk}, pinned in dashboards/typecheck/package.json), and
 * dashboards broken on purpose must fail the check, so that a pass means something.
 */
class DashboardTypeCheckTest {
  private static final Path TYPECHECK =
      Path.of(System.getProperty("vigie.typecheck.dir", "typecheck")).toAbsolutePath();

  @TempDir Path dir;

  @BeforeAll
  static void toolsAreInstalled() throws Exception {
    Path tsc = TYPECHECK.resolve("node_modules/typescript/bin/tsc");
    Path sdk = TYPECHECK.resolve("node_modules/@grafana/grafana-foundation-sdk/package.json");
    if (!Files.exists(tsc) || !Files.exists(sdk)) {
      fail(
          "the type check needs Node.js and the npm packages of "
              + TYPECHECK
              + ": run `npm ci --prefix dashboards/typecheck` (./vigie test does it)");
    }
    if (run(List.of("node", "--version"), null).exit() != 0) {
      fail("the type check needs Node.js: apt-get install -y nodejs (./vigie test does it)");
    }
  }

  @Test
  void everyGeneratedDashboardSatisfiesGrafanasTypes() throws Exception {
    List<Dashboard> dashboards = new ArrayList<>();
    dashboards.addAll(new Generator().generate(Inventories.load(Inventories.EXAMPLE)).dashboards());
    dashboards.addAll(new Generator().generate(Inventories.load(Inventories.FULL)).dashboards());
    List<JsonNode> trees = dashboards.stream().map(DashboardJson::tree).toList();
    Result result = check(trees);
    assertThat(result.output()).isEmpty();
    assertThat(result.exit()).isZero();
    assertThat(trees).hasSizeGreaterThanOrEqualTo(14);
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        mistake(
            "a misspelt panel type",
            "\"timeseriess\"",
            d -> firstPanel(d, "timeseries").put("type", "timeseriess")),
        mistake(
            "a number given as a string",
            "Type 'string' is not assignable to type 'number'",
            d -> ((ObjectNode) firstPanel(d, "stat").get("gridPos")).put("h", "8")),
        mistake(
            "an enum value Grafana does not know",
            "\"backgroundd\"",
            d ->
                ((ObjectNode) firstPanel(d, "stat").get("options"))
                    .put("colorMode", "backgroundd")),
        mistake(
            "an option the panel type does not have",
            "\"showLegend\"' does not exist",
            d -> ((ObjectNode) firstPanel(d, "stat").get("options")).put("showLegend", true)),
        mistake(
            "a required option left out",
            "'reduceOptions'",
            d -> ((ObjectNode) firstPanel(d, "stat").get("options")).remove("reduceOptions")),
        mistake(
            "a table's options on a time series",
            "\"frameIndex\"' does not exist",
            d -> ((ObjectNode) firstPanel(d, "timeseries").get("options")).put("frameIndex", 0)),
        mistake(
            "a dashboard without its schema version",
            "'schemaVersion'",
            d -> d.remove("schemaVersion")));
  }

  @ParameterizedTest(name = "{0} fails the check")
  @MethodSource("mistakes")
  void aBrokenDashboardFailsTheCheck(Consumer<ObjectNode> breakIt, String expected)
      throws Exception {
    Dashboard overview =
        new Generator().generate(Inventories.load(Inventories.EXAMPLE)).dashboards().get(0);
    ObjectNode tree = (ObjectNode) DashboardJson.tree(overview);
    breakIt.accept(tree);
    Result result = check(List.of(tree));
    assertThat(result.exit()).as(result.output()).isNotZero();
    assertThat(result.output()).contains("error TS").contains(expected);
  }

  private static Arguments mistake(String name, String expected, Consumer<ObjectNode> breakIt) {
    return Arguments.of(Named.of(name, breakIt), expected);
  }

  private static ObjectNode firstPanel(ObjectNode dashboard, String type) {
    for (JsonNode panel : dashboard.path("panels")) {
      if (panel.path("type").asString().equals(type)) {
        return (ObjectNode) panel;
      }
    }
    throw new IllegalStateException("no " + type + " panel");
  }

  /** Writes each dashboard as `export const d = (JSON) satisfies VigieDashboard;` and runs tsc. */
  private Result check(List<JsonNode> dashboards) throws Exception {
    String types = TYPECHECK.resolve("vigie-dashboard").toString();
    for (int i = 0; i < dashboards.size(); i++) {
      String json = DashboardJson.mapper().writeValueAsString(dashboards.get(i));
      Files.writeString(
          dir.resolve("d" + i + ".ts"),
          "import type { VigieDashboard } from "
              + DashboardJson.mapper().writeValueAsString(types)
              + ";\nexport const d = ("
              + json
              + ") satisfies VigieDashboard;\n");
    }
    Files.writeString(
        dir.resolve("tsconfig.json"),
        """
        {"compilerOptions": {"strict": true, "noEmit": true, "target": "ES2022",
          "module": "ES2022", "moduleResolution": "bundler", "types": []},
         "include": ["*.ts"]}
        """);
    return run(
        List.of(
            "node",
            TYPECHECK.resolve("node_modules/typescript/bin/tsc").toString(),
            "-p",
            dir.toString()),
        dir);
  }

  record Result(int exit, String output) {}

  private static Result run(List<String> command, Path workDir) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (workDir != null) {
      builder.directory(workDir.toFile());
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return new Result(127, e.getMessage());
    }
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("tsc did not finish in 120 s");
    }
    return new Result(process.exitValue(), output.strip());
  }
}
