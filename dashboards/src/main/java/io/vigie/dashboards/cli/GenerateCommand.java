package io.vigie.dashboards.cli;

import io.vigie.dashboards.generate.Generated;
import io.vigie.dashboards.generate.Generator;
import io.vigie.dashboards.provision.Provisioning;
import io.vigie.model.inventory.Inventory;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigie dashboards generate --out DIR}: Grafana file provisioning. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Writes Grafana file provisioning: the InfluxDB data source (credentials as $${ENV}",
      "references), a dashboard provider, and the dashboards in one directory per folder.",
      "Dashboard files of targets no longer in the inventory are removed."
    })
final class GenerateCommand implements Callable<Integer> {
  private final Map<String, String> env;

  // Injected by picocli before call().
  @SuppressWarnings("NullAway.Init")
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin DashboardsCli.InventoryOption inventory = new DashboardsCli.InventoryOption();

  @Mixin DashboardsCli.LogsOption logs = new DashboardsCli.LogsOption();

  // Required: picocli refuses the command line without it, before call().
  @SuppressWarnings("NullAway.Init")
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory")
  Path out;

  @Option(
      names = "--dashboards-path",
      paramLabel = "PATH",
      description =
          "where Grafana reads the dashboards directory (default: "
              + Provisioning.DEFAULT_DASHBOARDS_PATH
              + ")")
  String dashboardsPath = Provisioning.DEFAULT_DASHBOARDS_PATH;

  GenerateCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() throws Exception {
    Inventory loaded = inventory.load(env, spec.commandLine().getErr());
    if (loaded == null) {
      return DashboardsCli.INVALID_INPUT;
    }
    Generator generator = logs.generator(env, spec.commandLine().getErr());
    if (generator == null) {
      return DashboardsCli.INVALID_INPUT;
    }
    Generated generated = generator.generate(loaded);
    new Provisioning(out, dashboardsPath).write(generated);
    spec.commandLine()
        .getOut()
        .printf(
            "%s: %d dashboards in %d folders, with provisioning files%n",
            out, generated.dashboards().size(), generated.folders().size());
    return DashboardsCli.OK;
  }
}
