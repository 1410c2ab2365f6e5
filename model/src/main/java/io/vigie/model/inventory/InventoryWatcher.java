package io.vigie.model.inventory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the inventory when its file changes. The file is compared by content at each check rather
 * than watched with inotify: editors and Ansible replace files by rename, which some watchers miss,
 * and a check every few seconds costs nothing. An invalid file is logged with all its errors and
 * the running configuration stays in force. Shared by the services that read the inventory.
 */
public final class InventoryWatcher implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(InventoryWatcher.class);

  private final Path file;
  private final InventoryLoader loader;
  private final Consumer<Inventory> onChange;
  private final Consumer<String> outcomes;
  private byte[] lastContent;
  private volatile Inventory current;
  private volatile String lastError;

  /**
   * @param outcomes told "ok", "invalid" or "failed" after each change seen, for metrics
   * @param loaded the file's content that {@code initial} was parsed from, so that a change made
   *     between that read and the first check is not missed
   */
  public InventoryWatcher(
      Path file,
      InventoryLoader loader,
      Snapshot loaded,
      Inventory initial,
      Consumer<Inventory> onChange,
      Consumer<String> outcomes) {
    this.file = file;
    this.loader = loader;
    this.current = initial;
    this.onChange = onChange;
    this.outcomes = outcomes;
    this.lastContent = loaded.bytes();
  }

  /** The bytes of the inventory file as read once. */
  public record Snapshot(byte[] bytes) {
    public String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** Reads the file, with the same error an unreadable file gives when loaded. */
  public static Snapshot read(Path file) throws InventoryException {
    try {
      return new Snapshot(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new InventoryException(
          java.util.List.of(
              new InventoryError(
                  file.toString(), 1, 1, "", null, "cannot read the file: " + e.getMessage())));
    }
  }

  @Override
  public void run() {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      // Mid-rename, or removed: keep running on what we have and look again next time.
      return;
    }
    if (Arrays.equals(content, lastContent)) {
      return;
    }
    lastContent = content;
    try {
      Inventory inventory =
          loader.parse(new String(content, StandardCharsets.UTF_8), file.toString());
      onChange.accept(inventory);
      current = inventory;
      lastError = null;
      outcomes.accept("ok");
    } catch (InventoryException e) {
      outcomes.accept("invalid");
      lastError = e.errors().size() + " errors, first: " + e.errors().get(0);
      LOG.error(
          "inventory {} changed but is invalid; the previous configuration keeps running.\n{}",
          file,
          String.join("\n", e.errors().stream().map(InventoryError::toString).toList()));
    } catch (RuntimeException e) {
      outcomes.accept("failed");
      lastError = e.toString();
      LOG.error("applying the new inventory {} failed", file, e);
    }
  }

  public Inventory current() {
    return current;
  }

  /** The reason the last change was refused, or null when the file in force is the file on disk. */
  public String lastError() {
    return lastError;
  }
}
