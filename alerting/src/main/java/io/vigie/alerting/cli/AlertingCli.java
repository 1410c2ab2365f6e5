package io.vigie.alerting.cli;

import io.vigie.alerting.app.AlertingApplication;
import io.vigie.model.cli.StrictCommands;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigie-alerting serve | hash-password | test-email | report}. */
@Command(
    name = "vigie-alerting",
    mixinStandardHelpOptions = true,
    subcommands = {
      AlertingCli.Serve.class,
      AlertingCli.HashPassword.class,
      TestEmail.class,
      ReportCommand.class,
      CommandLine.HelpCommand.class
    },
    description = "The Vigie alerting service and its tools.")
public final class AlertingCli implements Runnable {
  // Set by picocli before run(), as any @Spec field is.
  @SuppressWarnings("NullAway.Init")
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    int code = execute(args);
    if (code != 0 || (args.length > 0 && !args[0].equals("serve"))) {
      System.exit(code);
    }
  }

  /** Runs a command line and returns its exit code (1 for invalid input). */
  public static int execute(String... args) {
    return StrictCommands.strict(new CommandLine(new AlertingCli()), 1).execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed");
  }

  /** Runs the service until stopped; {@code --vigie.x=y} settings are passed to Spring. */
  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description = "Runs the alerting service.")
  static final class Serve implements Callable<Integer> {
    @CommandLine.Unmatched List<String> settings = new ArrayList<>();

    @Override
    public Integer call() {
      for (String setting : settings) {
        if (!setting.matches("--(vigie|server|management|logging|spring)\\.[\\w.\\[\\]-]+=.*")) {
          throw new IllegalArgumentException(
              "unknown option " + setting + " (settings are given as --vigie.influx.url=...)");
        }
      }
      SpringApplication.run(AlertingApplication.class, settings.toArray(String[]::new));
      return 0;
    }
  }

  /**
   * Reads a password (twice on a terminal, once from a pipe) and prints its bcrypt hash for the
   * users file. The password itself is never printed.
   */
  @Command(
      name = "hash-password",
      mixinStandardHelpOptions = true,
      description = "Prints a bcrypt hash of a password read from the terminal or standard input.")
  static final class HashPassword implements Callable<Integer> {
    @Option(names = "--strength", defaultValue = "12", description = "bcrypt cost (default 12)")
    int strength;

    @Override
    public Integer call() throws Exception {
      char[] password = readPassword();
      if (password == null) {
        System.err.println("the two passwords differ");
        return 1;
      }
      if (password.length < 8) {
        System.err.println("a password of at least 8 characters is needed");
        return 1;
      }
      System.out.println(new BCryptPasswordEncoder(strength).encode(new String(password)));
      Arrays.fill(password, '\0');
      return 0;
    }

    /** The password: twice on a terminal (null when the two differ), once from a pipe. */
    // On Java 17, which Vigie is built for and runs on (openjdk-17-jre-headless), System.console()
    // is null exactly when there is no terminal; Console.isTerminal(), the check's advice, only
    // exists from Java 22.
    @SuppressWarnings("SystemConsoleNull")
    private static char @Nullable [] readPassword() throws IOException {
      Console console = System.console();
      if (console != null) {
        char[] password = console.readPassword("Password: ");
        char[] again = console.readPassword("Again: ");
        return password == null || !Arrays.equals(password, again) ? null : password;
      }
      String line =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      return line == null ? new char[0] : line.toCharArray();
    }
  }
}
