package io.vigie.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VigieCliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream oldOut;
  private PrintStream oldErr;

  @BeforeEach
  void capture() {
    oldOut = System.out;
    oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(oldOut);
    System.setErr(oldErr);
  }

  @Test
  void validateAcceptsTheExample() {
    assertThat(VigieCli.execute("validate", "../examples/inventory.yml")).isEqualTo(0);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("valid (2 clients, 3 targets, 3 probes, ");
  }

  @Test
  void validatePrintsEveryErrorAndExitsOne(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yml");
    Files.writeString(
        file,
        """
        clients:
          - {id: acme, name: ACME}
        targets:
          - {id: a, client: acme, kind: local, interval: soon}
          - {id: b, client: nobody, kind: local}
        """);
    assertThat(VigieCli.execute("validate", file.toString())).isEqualTo(1);
    String printed = err.toString(StandardCharsets.UTF_8);
    assertThat(printed)
        .contains(file + ":4:50: targets[a].interval: not a duration")
        .contains(file + ":5:21: targets[b].client: no client has this id")
        .contains("2 errors");
  }

  @Test
  void badArgumentsAreInvalidInputAndHelpIsEverywhere() {
    assertThat(VigieCli.execute("validate")).isEqualTo(1);
    assertThat(VigieCli.execute("nonsense")).isEqualTo(1);
    assertThat(VigieCli.execute("--help")).isEqualTo(0);
    assertThat(VigieCli.execute("validate", "--help")).isEqualTo(0);
    assertThat(VigieCli.execute("collector", "--help")).isEqualTo(0);
    assertThat(VigieCli.execute("top", "--help")).isEqualTo(0);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: vigie collector");
  }

  @Test
  void aCollectorWithBadSettingsSaysEveryOneAndExitsOneWithoutStarting() {
    assertThat(
            VigieCli.execute(
                "collector",
                "--vigie.workers=many",
                "--vigie.writer.flush-interval=soon",
                "--vigie.wirter.batch-size=10",
                "--logging.level.io.vigie=LOUD"))
        .isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("vigie.workers (--vigie.workers): must be a whole number, found \"many\"")
        .contains("vigie.writer.flush-interval (--vigie.writer.flush-interval): must be a duration")
        .contains("--vigie.wirter.batch-size: no such setting")
        .contains("logging.level.io.vigie: must be TRACE, DEBUG, INFO, WARN, ERROR or OFF");
    assertThat(VigieCli.execute("collector", "--management.endpoints.web.exposure.include=x"))
        .isEqualTo(1);
  }

  @Test
  void probeRunsOneProbeOncePrintingItsFieldsAndExitsByItsOutcome() throws Exception {
    // Any listening socket is a tcp probe's peer; a port nothing listens on is its failure.
    try (java.net.ServerSocket listening =
        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      assertThat(
              VigieCli.execute(
                  "probe", "tcp", "127.0.0.1", String.valueOf(listening.getLocalPort())))
          .isEqualTo(VigieCli.OK);
    }
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("up       yes")
        .contains("failure  none")
        .contains("connect_ms");
    out.reset();
    int closed = io.vigie.testkit.FreePort.pick();
    assertThat(VigieCli.execute("probe", "tcp", "127.0.0.1", String.valueOf(closed)))
        .isEqualTo(VigieCli.FAILURE);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("up       no")
        .contains("failure  refused");
  }

  @Test
  void anUnknownCommandIsAnErrorEvenWithHelp() {
    assertThat(VigieCli.execute("valdate", "--help")).isEqualTo(1);
    assertThat(VigieCli.execute("snmp", "gett", "--help")).isEqualTo(1);
    assertThat(VigieCli.execute("valdate")).isEqualTo(1);
    String printed = err.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("'valdate'").contains("validate").contains("'gett'");
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("Usage:");
  }

  @Test
  void aMissingFileIsInvalidInput() {
    assertThat(VigieCli.execute("validate", "/nonexistent/inventory.yml")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read the file");
  }
}
