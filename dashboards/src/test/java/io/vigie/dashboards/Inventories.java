package io.vigie.dashboards;

import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.model.inventory.SecretResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The inventories the dashboard tests generate from. */
public final class Inventories {
  /** The project's example inventory (examples/inventory.yml). */
  public static final Path EXAMPLE = Path.of("..", "examples", "inventory.yml");

  /** Every kind of target, with ids and client names that need mapping. */
  public static final Path FULL = Path.of("src", "test", "resources", "inventories", "full.yml");

  private Inventories() {}

  public static Inventory load(Path file) {
    if (!Files.exists(file)) {
      throw new IllegalStateException(file.toAbsolutePath() + " is missing");
    }
    try {
      return new InventoryLoader(new SecretResolver(Map.of()), false).load(file);
    } catch (Exception e) {
      throw new IllegalStateException(file + ": " + e.getMessage(), e);
    }
  }
}
