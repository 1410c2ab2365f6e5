package io.vigie.model.cli;

import picocli.CommandLine;

/**
 * The command-line conventions shared by every Vigie CLI (collector, alerting, dashboards).
 *
 * <p>Picocli does not report arguments it could not match when a help option is also given, so
 * {@code vigie valdate --help} printed the top-level help and exited 0: a typo looked like success.
 * Here any unmatched argument, at any level, is an error (exit 1) naming it, with the closest known
 * command, before anything runs.
 */
public final class StrictCommands {
  private StrictCommands() {}

  /** Refuses unmatched arguments and reports them with suggestions, exiting with {@code code}. */
  public static CommandLine strict(CommandLine line, int invalidInputCode) {
    line.setExecutionStrategy(StrictCommands::refuseUnmatchedThenRun);
    line.setParameterExceptionHandler(
        (e, arguments) -> {
          CommandLine failed = e.getCommandLine();
          failed.getErr().println(e.getMessage());
          if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
            CommandLine.UnmatchedArgumentException.printSuggestions(unmatched, failed.getErr());
          }
          failed.usage(failed.getErr());
          return invalidInputCode;
        });
    return line;
  }

  private static int refuseUnmatchedThenRun(CommandLine.ParseResult parsed) {
    for (CommandLine.ParseResult level = parsed; level != null; level = level.subcommand()) {
      // A command that takes unmatched arguments on purpose (alerting's serve passes them to
      // Spring) keeps them.
      boolean takesThem = !level.commandSpec().unmatchedArgsBindings().isEmpty();
      if (!takesThem && !level.unmatched().isEmpty()) {
        throw new CommandLine.UnmatchedArgumentException(
            level.commandSpec().commandLine(), level.unmatched());
      }
    }
    return new CommandLine.RunLast().execute(parsed);
  }
}
