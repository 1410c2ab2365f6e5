package io.vigie.model.inventory;

import static org.awaitility.Awaitility.await;

import io.vigie.testkit.GeneratedInventory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@link InventoryWatcherHeapIT} in its own JVM with a service's heap (-Xmx256m, exit on
 * OutOfMemoryError): a running watcher is given a file just under the size limit, then one of more
 * than 100 MB. Prints what it saw; exits 0 when both went as they should.
 */
final class SmallHeapWatcher {
  private SmallHeapWatcher() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long huge = Long.parseLong(args[1]);
    InventoryLoader loader =
        new InventoryLoader(
            new SecretResolver(Map.of(GeneratedInventory.COMMUNITY_VARIABLE, "public")), true);
    Path file = GeneratedInventory.snmp(dir.resolve("inventory.yml"), 10);
    InventoryWatcher.Snapshot first = InventoryWatcher.read(file, loader.maxBytes());
    InventoryWatcher watcher =
        new InventoryWatcher(
            file, loader, first, loader.parse(first.text(), file.toString()), i -> {}, o -> {});
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    timer.scheduleWithFixedDelay(watcher, 50, 50, TimeUnit.MILLISECONDS);
    System.out.println("limit " + loader.maxBytes() + " bytes");

    Path large =
        GeneratedInventory.atLeast(dir.resolve("large.yml"), loader.maxBytes() - (256 << 10));
    long largeSize = Files.size(large);
    Files.move(large, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    await().atMost(Duration.ofMinutes(2)).until(() -> watcher.current().targets().size() > 10);
    System.out.println(
        "accepted " + watcher.current().targets().size() + " targets from " + largeSize + " bytes");

    Path over = GeneratedInventory.atLeast(dir.resolve("over.yml"), huge);
    Files.move(over, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    await().atMost(Duration.ofMinutes(1)).until(() -> watcher.lastError() != null);
    System.out.println("refused: " + watcher.lastError());
    System.out.println("still running " + watcher.current().targets().size() + " targets");
    timer.shutdownNow();
    System.exit(0);
  }
}
