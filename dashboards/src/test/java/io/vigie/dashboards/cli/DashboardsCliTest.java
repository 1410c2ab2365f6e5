package io.vigie.dashboards.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
