package io.vigie.dashboards.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.dashboards.Inventories;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardsCliTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return DashboardsCli.execute(
        Map.of(), new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void anUnknownCommandWithHelpIsAnError() {
    assertThat(run("genrate", "--help")).isEqualTo(DashboardsCli.INVALID_INPUT);
    assertThat(err.toString()).contains("'genrate'").contains("generate");
  }

  @Test
  void helpTextsShowTheirPlaceholdersLiterally() {
    assertThat(run("generate", "--help")).isZero();
    assertThat(out.toString()).contains("${ENV}").doesNotContain("null");
  }

  @Test
  void theLogsRetentionPolicyComesFromTheOptionElseTheEnvironmentElseIsLogs(@TempDir Path dir)
      throws IOException {
    Map<String, String> env = Map.of("VIGIE_LOGS_RETENTION_POLICY", "from_env");
    assertThat(generate(Map.of(), dir.resolve("default"))).isZero();
    assertThat(generate(env, dir.resolve("env"))).isZero();
    assertThat(generate(env, dir.resolve("option"), "--logs-retention-policy", "from_option"))
        .isZero();
    assertThat(dashboards(dir.resolve("default"))).contains("FROM \\\"logs\\\".\\\"syslog\\\"");
    assertThat(dashboards(dir.resolve("env")))
        .contains("FROM \\\"from_env\\\".\\\"syslog\\\"")
        .doesNotContain("\\\"logs\\\".");
    assertThat(dashboards(dir.resolve("option")))
        .contains("FROM \\\"from_option\\\".\\\"syslog\\\"")
        .doesNotContain("from_env");
  }

  @Test
  void aBlankLogsRetentionPolicyIsAnInputError(@TempDir Path dir) {
    assertThat(generate(Map.of(), dir, "--logs-retention-policy", " "))
        .isEqualTo(DashboardsCli.INVALID_INPUT);
    assertThat(err.toString()).contains("--logs-retention-policy");
    assertThat(dir).isEmptyDirectory();
  }

  private int generate(Map<String, String> env, Path out, String... more) {
    String[] args =
        Stream.concat(
                Stream.of(
                    "generate",
                    "--inventory",
                    Inventories.EXAMPLE.toString(),
                    "--out",
                    out.toString()),
                Stream.of(more))
            .toArray(String[]::new);
    return DashboardsCli.execute(
        env, new PrintWriter(this.out, true), new PrintWriter(err, true), args);
  }

  /** Every generated dashboard file's text, one after the other. */
  private static String dashboards(Path out) throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(out.resolve("dashboards"))) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        all.append(Files.readString(file));
      }
    }
    return all.toString();
  }
}
