package io.vigie.collector.cli;

import io.vigie.collector.app.CollectorService;
import io.vigie.collector.app.Logging;
import io.vigie.collector.app.ScalingProperties;
import io.vigie.collector.app.Settings;
import io.vigie.collector.app.VigieProperties;
import io.vigie.model.inventory.InventoryError;
import io.vigie.model.inventory.InventoryException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
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
      java.util.regex.Pattern.compile("--(vigie|server|logging|spring)\\.[\\w.\\[\\]-]+=.*");

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

  /** Settings as in application.yml: --vigie.writer.batch-size=10000 (collector/README.md). */
  @picocli.CommandLine.Unmatched List<String> settings = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    long startNanos = System.nanoTime();
    List<String> args = new ArrayList<>();
    for (String setting : settings) {
      if (!SETTING.matcher(setting).matches()) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(),
            "unknown option or setting: "
                + setting
                + " (settings are --vigie.KEY=VALUE, --server.KEY=VALUE, --logging.level.NAME=LEVEL,"
                + " --spring.config.location=FILE)");
      }
      args.add(setting);
    }
    // The named options win over the same settings given as --vigie.KEY=VALUE.
    if (inventory != null) {
      args.add(0, "--vigie.inventory=" + inventory.toAbsolutePath());
    }
    if (influxUrl != null) {
      args.add(0, "--vigie.influx.url=" + influxUrl);
    }
    if (database != null) {
      args.add(0, "--vigie.influx.database=" + database);
    }
    if (createDatabase) {
      args.add(0, "--vigie.influx.create-database=true");
    }
    if (dataDir != null) {
      args.add(0, "--vigie.data-dir=" + dataDir.toAbsolutePath());
    }
    if (port != null) {
      args.add(0, "--server.port=" + port);
    }
    CollectorService service;
    try {
      Settings loaded = Settings.load(args, System.getenv(), System.getProperties());
      Logging.apply(loaded.loggingLevels()).forEach(loaded::error);
      VigieProperties properties = VigieProperties.from(loaded);
      ScalingProperties scaling = ScalingProperties.from(loaded);
      InetSocketAddress http = CollectorService.httpAddress(loaded);
      loaded.checkUnknown();
      loaded.check();
      service = CollectorService.start(properties, scaling, http, startNanos);
    } catch (Exception e) {
      return startupFailure(e);
    }
    CountDownLatch closed = new CountDownLatch(1);
    // SIGTERM (systemd, docker stop) and Ctrl-C: the pipeline stops, its spool synced.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.close();
                  closed.countDown();
                },
                "vigie-shutdown"));
    closed.await();
    return VigieCli.OK;
  }

  /** An invalid inventory or setting is the operator's to fix (1); anything else is ours (2). */
  private static int startupFailure(Exception e) {
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
