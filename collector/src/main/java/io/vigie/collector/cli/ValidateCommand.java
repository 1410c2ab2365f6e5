package io.vigie.collector.cli;

import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.InventoryError;
import io.vigie.model.inventory.InventoryException;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.model.inventory.SecretResolver;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigie validate FILE}: every error at once, exit 1 when there is any. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Checks an inventory file and prints every error with its file, line, column, key and value.",
      "Exit code 0 when valid, 1 when not."
    })
final class ValidateCommand implements Callable<Integer> {

  @SuppressWarnings("NullAway.Init") // a required parameter: set by picocli before call()
  @Parameters(paramLabel = "FILE", description = "the inventory file")
  Path file;

  @Option(
      names = "--offline",
      description =
          "do not check that secret references resolve (for a machine without the secrets)")
  boolean offline;

  @Override
  public Integer call() {
    InventoryLoader loader =
        offline
            ? new InventoryLoader(new SecretResolver(Map.of()), false)
            : InventoryLoader.withSystemSecrets();
    try {
      Inventory inventory = loader.load(file);
      int rules =
          inventory.thresholds().defaults().size()
              + inventory.thresholds().byClient().values().stream()
                  .mapToInt(java.util.List::size)
                  .sum()
              + inventory.thresholds().byTarget().values().stream()
                  .mapToInt(java.util.List::size)
                  .sum();
      int probes = inventory.targets().stream().mapToInt(t -> t.probes().size()).sum();
      System.out.printf(
          "%s: valid (%d clients, %d targets, %d probes, %d threshold rules)%n",
          file, inventory.clients().size(), inventory.targets().size(), probes, rules);
      return VigieCli.OK;
    } catch (InventoryException e) {
      for (InventoryError error : e.errors()) {
        System.err.println(error);
      }
      System.err.printf(
          "%s: %d error%s%n", file, e.errors().size(), e.errors().size() == 1 ? "" : "s");
      return VigieCli.INVALID_INPUT;
    }
  }
}
