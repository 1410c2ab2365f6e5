package io.vigie.dashboards.cli;

import io.vigie.dashboards.generate.Generated;
import io.vigie.dashboards.generate.Generator;
import io.vigie.dashboards.push.GrafanaApi;
import io.vigie.dashboards.push.GrafanaException;
import io.vigie.dashboards.push.Plan;
import io.vigie.dashboards.push.Pusher;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.Secret;
import io.vigie.model.inventory.SecretResolver;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigie dashboards push --url URL}: Grafana's HTTP API, by UID, with pruning. */
@Command(
    name = "push",
    mixinStandardHelpOptions = true,
    description = {
      "Creates the folders, creates or overwrites every generated dashboard by UID, and deletes",
      "the dashboards tagged vigie-generated whose target left the inventory.",
      "The service-account token comes from $VIGIE_GRAFANA_TOKEN or the file in",
      "$VIGIE_GRAFANA_TOKEN_FILE; it needs the Editor role (folders and dashboards)."
    })
final class PushCommand implements Callable<Integer> {
  private final Map<String, String> env;

  // Injected by picocli before call().
  @SuppressWarnings("NullAway.Init")
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin DashboardsCli.InventoryOption inventory = new DashboardsCli.InventoryOption();

  @Mixin DashboardsCli.LogsOption logs = new DashboardsCli.LogsOption();

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = "Grafana's base URL (default: $VIGIE_GRAFANA_URL)")
  @Nullable String url;

  @Option(names = "--dry-run", description = "print the plan; change nothing")
  boolean dryRun;

  PushCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String base = url != null ? url : env.get("VIGIE_GRAFANA_URL");
    if (base == null || base.isBlank()) {
      err.println("vigie dashboards push: give --url or set VIGIE_GRAFANA_URL");
      return DashboardsCli.INVALID_INPUT;
    }
    String tokenFile = env.get("VIGIE_GRAFANA_TOKEN_FILE");
    Secret token;
    try {
      token =
          SecretResolver.valueOrFile(
              env.get("VIGIE_GRAFANA_TOKEN"),
              tokenFile == null || tokenFile.isBlank() ? null : Path.of(tokenFile),
              "VIGIE_GRAFANA_TOKEN_FILE");
    } catch (IllegalArgumentException e) {
      err.println("vigie dashboards push: " + e.getMessage());
      return DashboardsCli.INVALID_INPUT;
    }
    if (token == null || token.reveal().isBlank()) {
      err.println(
          "vigie dashboards push: set VIGIE_GRAFANA_TOKEN (or VIGIE_GRAFANA_TOKEN_FILE) to a"
              + " Grafana service-account token");
      return DashboardsCli.INVALID_INPUT;
    }
    Inventory loaded = inventory.load(env, err);
    if (loaded == null) {
      return DashboardsCli.INVALID_INPUT;
    }
    Generator generator = logs.generator(env, err);
    if (generator == null) {
      return DashboardsCli.INVALID_INPUT;
    }
    Generated generated = generator.generate(loaded);
    Pusher pusher = new Pusher(new GrafanaApi(URI.create(base), token.reveal()), out::println);
    try {
      Plan plan = pusher.plan(generated);
      plan.warnings().forEach(w -> err.println("warning: " + w));
      if (dryRun) {
        plan.actions().forEach(a -> out.println("would " + a));
        out.println("dry run, nothing changed; " + plan.summary());
        return DashboardsCli.OK;
      }
      int failed = pusher.apply(plan, generated);
      out.println(plan.summary() + (failed == 0 ? "" : "; " + failed + " failed"));
      return failed == 0 ? DashboardsCli.OK : DashboardsCli.FAILURE;
    } catch (GrafanaException e) {
      err.println("vigie dashboards push: " + e.getMessage());
      if (e.isAuthentication()) {
        err.println(
            "the token was refused: check VIGIE_GRAFANA_TOKEN and that its service account has"
                + " the Editor role");
      }
      return DashboardsCli.FAILURE;
    }
  }
}
