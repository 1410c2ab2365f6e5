package io.vigie.dashboards.cli;

import io.vigie.dashboards.generate.Generator;
import io.vigie.model.cli.StrictCommands;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.InventoryError;
import io.vigie.model.inventory.InventoryException;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.model.inventory.SecretResolver;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigie dashboards generate|push}: Grafana dashboards as code. */
@Command(
    name = "vigie dashboards",
    mixinStandardHelpOptions = true,
    description = "Grafana dashboards generated from the inventory: written as files, or pushed.",
    subcommands = {GenerateCommand.class, PushCommand.class, CommandLine.HelpCommand.class})
public final class DashboardsCli implements Runnable {
  public static final int OK = 0;
  public static final int INVALID_INPUT = 1;
  public static final int FAILURE = 2;

  // Injected by picocli before run().
  @SuppressWarnings("NullAway.Init")
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(Map.copyOf(System.getenv()), args));
  }

  /** Runs a command line with {@code env} as the environment (tests pass their own). */
  public static int execute(Map<String, String> env, String... args) {
    // The platform's charset, as the terminal expects, said rather than implied.
    Charset charset = Charset.defaultCharset();
    return execute(
        env,
        new PrintWriter(new OutputStreamWriter(System.out, charset), true),
        new PrintWriter(new OutputStreamWriter(System.err, charset), true),
        args);
  }

  public static int execute(
      Map<String, String> env, PrintWriter out, PrintWriter err, String... args) {
    CommandLine line = new CommandLine(new DashboardsCli(), new Factory(env));
    line.setOut(out);
    line.setErr(err);
    StrictCommands.strict(line, INVALID_INPUT);
    line.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("vigie dashboards: " + e.getMessage());
          return FAILURE;
        });
    return line.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The inventory option both commands share. */
  static final class InventoryOption {
    @Option(
        names = "--inventory",
        paramLabel = "FILE",
        description = "the inventory file (default: $VIGIE_INVENTORY, else examples/inventory.yml)")
    @Nullable Path file;

    Path resolve(Map<String, String> env) {
      if (file != null) {
        return file;
      }
      String fromEnv = env.get("VIGIE_INVENTORY");
      return fromEnv == null || fromEnv.isBlank()
          ? Path.of("examples", "inventory.yml")
          : Path.of(fromEnv);
    }

    /**
     * Loads without resolving secrets: dashboards need ids and names, and the machine that
     * generates them (a CI runner, a laptop) has no business holding the targets' passwords.
     */
    @Nullable Inventory load(Map<String, String> env, PrintWriter err) {
      Path path = resolve(env);
      try {
        return new InventoryLoader(new SecretResolver(Map.of()), false).load(path);
      } catch (InventoryException e) {
        for (InventoryError error : e.errors()) {
          err.println(error);
        }
        err.printf("%s: %d error%s%n", path, e.errors().size(), e.errors().size() == 1 ? "" : "s");
        return null;
      }
    }
  }

  /**
   * The retention policy the logs panels read, both commands': the collectors' {@code
   * vigie.logs.retention-policy}, under the same environment variable, so one setting serves both.
   */
  static final class LogsOption {
    @Option(
        names = "--logs-retention-policy",
        paramLabel = "NAME",
        description =
            "the InfluxDB retention policy the collectors write logs into (default:"
                + " $VIGIE_LOGS_RETENTION_POLICY, else "
                + Generator.DEFAULT_LOGS_RETENTION_POLICY
                + ")")
    @Nullable String retentionPolicy;

    /**
     * The generator for this command line's or the environment's retention policy; null, with the
     * reason said on {@code err}, for a blank name.
     */
    @Nullable Generator generator(Map<String, String> env, PrintWriter err) {
      String name = retentionPolicy;
      if (name == null) {
        String fromEnv = env.get("VIGIE_LOGS_RETENTION_POLICY");
        name =
            fromEnv == null || fromEnv.isBlank()
                ? Generator.DEFAULT_LOGS_RETENTION_POLICY
                : fromEnv.strip();
      }
      try {
        return new Generator(name);
      } catch (IllegalArgumentException e) {
        err.println("vigie dashboards: --logs-retention-policy: " + e.getMessage());
        return null;
      }
    }
  }

  /** Gives commands the environment, so that tests can set a token without touching the JVM's. */
  private record Factory(Map<String, String> env) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      if (cls == PushCommand.class) {
        return cls.cast(new PushCommand(env));
      }
      if (cls == GenerateCommand.class) {
        return cls.cast(new GenerateCommand(env));
      }
      return CommandLine.defaultFactory().create(cls);
    }
  }
}
