package io.vigie.model.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the inventory when its file changes. The file is compared by content at each check rather
 * than watched with inotify: editors and Ansible replace files by rename, which some watchers miss,
 * and a check every few seconds costs nothing. An invalid file is logged with all its errors and
 * the running configuration stays in force; so does it when the file is over the size limit (it is
 * then not even read, so that no file can exhaust the heap of a running service), or missing, or
 * unreadable. Each such state is logged once, when it starts, and reported by {@link #lastError()}
 * until it ends. Shared by the services that read the inventory.
 */
public final class InventoryWatcher implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(InventoryWatcher.class);

  private final Path file;
  private final InventoryLoader loader;
  private final Consumer<Inventory> onChange;
  private final Consumer<String> outcomes;
  private final Clock clock;
  private byte @Nullable [] lastContent;
  private volatile Inventory current;
  private volatile @Nullable String lastError;
  private volatile @Nullable Unreadable unreadable;
  private @Nullable Stamp refusedUnread;

  /** Since when, and why, the file cannot be read. */
  private record Unreadable(Instant since, String reason) {}

  /** A file's size and modification time: a file refused unread is not refused again until then. */
  private record Stamp(long size, long modifiedMillis) {}

  /**
   * @param outcomes told "ok", "invalid" or "failed" after each change seen, and "unreadable" when
   *     the file goes missing or cannot be read, for metrics
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
    this(file, loader, loaded, initial, onChange, outcomes, Clock.systemUTC());
  }

  /**
   * @param clock tells since when the file is missing
   */
  public InventoryWatcher(
      Path file,
      InventoryLoader loader,
      Snapshot loaded,
      Inventory initial,
      Consumer<Inventory> onChange,
      Consumer<String> outcomes,
      Clock clock) {
    this.file = file;
    this.loader = loader;
    this.current = initial;
    this.onChange = onChange;
    this.outcomes = outcomes;
    this.clock = clock;
    this.lastContent = loaded.bytes();
  }

  /** The bytes of the inventory file as read once. */
  public record Snapshot(
      // The file's raw bytes, compared with Arrays.equals by the watcher: a snapshot is never
      // compared or hashed as a record, and a copy of a large inventory for each would be waste.
      @SuppressWarnings("ArrayRecordComponent") byte[] bytes) {
    public String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /**
   * Reads the file, with the same error an unreadable file gives when loaded, refusing a file over
   * {@link InventoryLoader#defaultMaxBytes()} before reading it.
   */
  public static Snapshot read(Path file) throws InventoryException {
    return read(file, InventoryLoader.defaultMaxBytes());
  }

  /** Reads the file, refusing it unread when it is larger than {@code maxBytes}. */
  public static Snapshot read(Path file, long maxBytes) throws InventoryException {
    try {
      return new Snapshot(readBytes(file, maxBytes));
    } catch (IOException e) {
      throw new InventoryException(
          List.of(
              new InventoryError(
                  file.toString(), 1, 1, "", null, "cannot read the file: " + e.getMessage())));
    }
  }

  /**
   * The file's bytes. Never reads more than {@code maxBytes + 1}: the size is checked first, and
   * the read is bounded too, in case the file grows in between.
   */
  private static byte[] readBytes(Path file, long maxBytes) throws IOException, InventoryException {
    long size = Files.size(file);
    if (size > maxBytes) {
      throw new InventoryException(
          List.of(InventoryLoader.tooLarge(file.toString(), size, maxBytes)));
    }
    int bound = (int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 16);
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(bound);
      if (bytes.length > maxBytes) {
        throw new InventoryException(
            List.of(InventoryLoader.tooLarge(file.toString(), bytes.length, maxBytes)));
      }
      return bytes;
    }
  }

  @Override
  public void run() {
    byte[] content;
    try {
      Stamp stamp = stamp();
      readable();
      if (stamp.equals(refusedUnread)) {
        return;
      }
      try {
        content = readBytes(file, loader.maxBytes());
      } catch (InventoryException e) {
        refusedUnread = stamp;
        // Whatever comes next, even the content in force again, is a change to apply.
        lastContent = null;
        outcomes.accept("invalid");
        lastError = e.errors().get(0).toString();
        LOG.error(
            "inventory {} changed but is refused; the previous configuration keeps running: {}",
            file,
            lastError);
        return;
      }
    } catch (NoSuchFileException e) {
      // Mid-rename, or removed: keep running on what we have and look again next time.
      unreadable("is missing");
      return;
    } catch (IOException e) {
      unreadable("cannot be read (" + e + ")");
      return;
    }
    refusedUnread = null;
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

  private Stamp stamp() throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    return new Stamp(attributes.size(), attributes.lastModifiedTime().toMillis());
  }

  /** Logged once when it starts (or its reason changes), not at every check. */
  private void unreadable(String reason) {
    Unreadable was = unreadable;
    if (was != null && was.reason().equals(reason)) {
      return;
    }
    unreadable = new Unreadable(was == null ? clock.instant() : was.since(), reason);
    outcomes.accept("unreadable");
    LOG.warn("inventory {} {}; the inventory read before keeps running", file, reason);
  }

  private void readable() {
    Unreadable was = unreadable;
    if (was != null) {
      unreadable = null;
      LOG.info("inventory {} can be read again (it {} since {})", file, was.reason(), was.since());
    }
  }

  public Inventory current() {
    return current;
  }

  /**
   * Why the file on disk is not the inventory in force: it is missing or unreadable (since when),
   * or its last change was refused; null when the file in force is the file on disk.
   */
  public @Nullable String lastError() {
    Unreadable now = unreadable;
    if (now != null) {
      return "inventory file "
          + file
          + " "
          + now.reason()
          + " since "
          + now.since()
          + "; the inventory read before keeps running";
    }
    return lastError;
  }
}
