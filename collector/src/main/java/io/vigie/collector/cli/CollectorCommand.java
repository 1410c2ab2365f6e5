package io.vigie.collector.cli;

import io.vigie.collector.app.CollectorApplication;
import io.vigie.model.inventory.InventoryError;
import io.vigie.model.inventory.InventoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigie collector}: runs the collector service until stopped. Options override the {@code
 * vigie.*} settings, which also come from the environment (see .env.example).
 */
@Command(
    name = "collector",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the collector: polls the inventory's targets and writes to InfluxDB.",
      "Every setting can also be given as an environment variable (VIGIE_INFLUX_URL, ...)."
    })
final class CollectorCommand implements Callable<Integer> {

  private static final java.util.regex.Pattern SETTING =
      java.util.regex.Pattern.compile(
          "--(vigie|server|management|logging|spring)\\.[\\w.\\[\\]-]+=.*");

  // Injected by picocli before run(): never read before.
  @SuppressWarnings("NullAway.Init")
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--inventory", description = "inventory file (VIGIE_INVENTORY)")
  @Nullable Path inventory;

  @Option(names = "--influx-url", description = "InfluxDB URL (VIGIE_INFLUX_URL)")
  @Nullable String influxUrl;

  @Option(names = "--database", description = "InfluxDB database (VIGIE_INFLUX_DATABASE)")
  @Nullable String database;

  @Option(
      names = "--create-database",
      description = "create the database when missing (VIGIE_INFLUX_CREATE_DATABASE)")
  boolean createDatabase;

  @Option(names = "--data-dir", description = "spool directory (VIGIE_DATA_DIR)")
  @Nullable Path dataDir;

  @Option(names = "--port", description = "HTTP port of health and metrics (VIGIE_HTTP_PORT)")
  @Nullable Integer port;

  /** Spring settings passed through, as in application.yml: --vigie.writer.batch-size=10000. */
  @picocli.CommandLine.Unmatched List<String> settings = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    List<String> args = new ArrayList<>();
    if (inventory != null) {
      args.add("--vigie.inventory=" + inventory.toAbsolutePath());
    }
    if (influxUrl != null) {
      args.add("--vigie.influx.url=" + influxUrl);
    }
    if (database != null) {
      args.add("--vigie.influx.database=" + database);
    }
    if (createDatabase) {
      args.add("--vigie.influx.create-database=true");
    }
    if (dataDir != null) {
      args.add("--vigie.data-dir=" + dataDir.toAbsolutePath());
    }
    if (port != null) {
      args.add("--server.port=" + port);
    }
    for (String setting : settings) {
      if (!SETTING.matcher(setting).matches()) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(),
            "unknown option or setting: "
                + setting
                + " (settings are --vigie.KEY=VALUE, --server.KEY=VALUE, --management.KEY=VALUE,"
                + " --logging.KEY=VALUE)");
      }
      args.add(setting);
    }
    ConfigurableApplicationContext context;
    try {
      context = SpringApplication.run(CollectorApplication.class, args.toArray(String[]::new));
    } catch (RuntimeException e) {
      return startupFailure(e);
    }
    CountDownLatch closed = new CountDownLatch(1);
    context.addApplicationListener(
        event -> {
          if (event instanceof org.springframework.context.event.ContextClosedEvent) {
            closed.countDown();
          }
        });
    closed.await();
    return VigieCli.OK;
  }

  /** An invalid inventory or setting is the operator's to fix (1); anything else is ours (2). */
  private static int startupFailure(RuntimeException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof InventoryException invalid) {
        System.err.println("vigie collector: the inventory is invalid, not starting:");
        invalid.errors().stream().map(InventoryError::toString).forEach(System.err::println);
        return VigieCli.INVALID_INPUT;
      }
      if (cause instanceof IllegalArgumentException bad) {
        System.err.println("vigie collector: " + bad.getMessage());
        return VigieCli.INVALID_INPUT;
      }
    }
    System.err.println("vigie collector: failed to start: " + e);
    return VigieCli.FAILURE;
  }
}
