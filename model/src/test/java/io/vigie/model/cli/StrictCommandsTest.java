package io.vigie.model.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class StrictCommandsTest {

  @Command(
      name = "tool",
      mixinStandardHelpOptions = true,
      subcommands = {Validate.class, Pass.class})
  static final class Tool implements Runnable {
    @Override
    public void run() {}
  }

  @Command(name = "validate", mixinStandardHelpOptions = true)
  static final class Validate implements Runnable {
    @Override
    public void run() {}
  }

  /** Takes unknown arguments on purpose, as alerting's serve does for Spring settings. */
  @Command(name = "pass", mixinStandardHelpOptions = true)
  static final class Pass implements Runnable {
    @CommandLine.Unmatched List<String> rest = new ArrayList<>();

    @Override
    public void run() {}
  }

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine line = new CommandLine(new Tool());
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    return StrictCommands.strict(line, 1).execute(args);
  }

  @Test
  void aTypoWithHelpIsAnErrorThatNamesTheClosestCommand() {
    assertThat(run("valdate", "--help")).isEqualTo(1);
    assertThat(err.toString()).contains("'valdate'").contains("Did you mean: tool validate?");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void helpStillWorksWhereTheCommandExists() {
    assertThat(run("--help")).isZero();
    assertThat(run("validate", "--help")).isZero();
    assertThat(out.toString()).contains("Usage: tool validate");
  }

  @Test
  void aCommandThatTakesUnmatchedArgumentsKeepsThem() {
    assertThat(run("pass", "--spring.x=y")).isZero();
  }
}
