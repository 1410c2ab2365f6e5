package io.vigie.collector.cli;

import io.vigie.model.cli.StrictCommands;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code vigie}: the command line. Exit codes: 0 ok, 1 invalid input (bad arguments, invalid
 * inventory), 2 runtime failure.
 */
@Command(
    name = "vigie",
    mixinStandardHelpOptions = true,
    versionProvider = VigieCli.Version.class,
    description = "Vigie: infrastructure observability pipeline.",
    subcommands = {
      ValidateCommand.class,
      CollectorCommand.class,
      TopCommand.class,
      SnmpCommand.class,
      ProbeCommand.class,
      LogsCommand.class,
      IngestCommand.class,
      CommandLine.HelpCommand.class
    })
public final class VigieCli implements Runnable {
  public static final int OK = 0;
  public static final int INVALID_INPUT = 1;
  public static final int FAILURE = 2;

  // Injected by picocli before run(): never read before.
  @SuppressWarnings("NullAway.Init")
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new VigieCli());
    StrictCommands.strict(cli, INVALID_INPUT);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parsed) -> {
          commandLine.getErr().println("vigie: " + e);
          return FAILURE;
        });
    return cli.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed");
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = VigieCli.class.getPackage().getImplementationVersion();
      return new String[] {"vigie " + (version == null ? "development build" : version)};
    }
  }
}
