package io.vigie.model.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vigie.testkit.GeneratedInventory;
import io.vigie.testkit.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryWatcherTest {

  private static final String ONE_TARGET =
      """
      clients: [{id: acme, name: ACME}]
      targets: [{id: me, client: acme, kind: local}]
      """;
  private static final String TWO_TARGETS =
      """
      clients: [{id: acme, name: ACME}]
      targets: [{id: me, client: acme, kind: local}, {id: you, client: acme, kind: local}]
      """;

  @TempDir Path dir;
  private final TestClock clock = new TestClock(Instant.parse("2026-03-01T08:00:00Z"));
  private final List<String> outcomes = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final InventoryLoader loader = new InventoryLoader(new SecretResolver(Map.of()), true);

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  /** A watcher checking every 20 ms, as the services schedule it (every few seconds there). */
  private InventoryWatcher running(Path file) throws Exception {
    InventoryWatcher.Snapshot first = InventoryWatcher.read(file, loader.maxBytes());
    InventoryWatcher watcher =
        new InventoryWatcher(
            file,
            loader,
            first,
            loader.parse(first.text(), file.toString()),
            inventory -> {},
            outcomes::add,
            clock);
    timer.scheduleWithFixedDelay(watcher, 20, 20, TimeUnit.MILLISECONDS);
    return watcher;
  }

  /** Replaces the file as editors and Ansible do: write beside it, then rename over it. */
  private void replace(Path file, String text) throws Exception {
    Path next = Files.writeString(dir.resolve("next.yml"), text);
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void aFileOf100MegabytesIsRefusedUnreadAndTheLastGoodInventoryKeptRunning() throws Exception {
    Path file = Files.writeString(dir.resolve("inventory.yml"), ONE_TARGET);
    InventoryWatcher watcher = running(file);
    assertThat(loader.maxBytes()).isLessThan(100L << 20);

    Path huge = GeneratedInventory.atLeast(dir.resolve("huge.yml"), 101L << 20);
    long size = Files.size(huge);
    Files.move(huge, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

    await().atMost(Duration.ofSeconds(10)).until(() -> watcher.lastError() != null);
    assertThat(watcher.lastError())
        .isEqualTo(
            file
                + ":1:1: the file is "
                + size
                + " bytes ("
                + String.format(java.util.Locale.ROOT, "%.1f MiB", size / 1048576.0)
                + "), more than the limit of "
                + loader.maxBytes()
                + " bytes ("
                + String.format(java.util.Locale.ROOT, "%.1f MiB", loader.maxBytes() / 1048576.0)
                + "): not read; the limit is set with -Dvigie.inventory.max-bytes=BYTES")
        .doesNotContain("\n");
    assertThat(watcher.current().targets()).hasSize(1);
    // Refused once, not at every check.
    await().during(Duration.ofMillis(200)).until(() -> outcomes.equals(List.of("invalid")));

    replace(file, TWO_TARGETS);
    await().atMost(Duration.ofSeconds(10)).until(() -> watcher.current().targets().size() == 2);
    assertThat(watcher.lastError()).isNull();
    assertThat(outcomes).containsExactly("invalid", "ok");
  }

  @Test
  void theSameFileBackAfterARefusalIsAppliedAgain() throws Exception {
    Path file = Files.writeString(dir.resolve("inventory.yml"), ONE_TARGET);
    InventoryLoader small = new InventoryLoader(new SecretResolver(Map.of()), true, 200);
    InventoryWatcher.Snapshot first = InventoryWatcher.read(file, small.maxBytes());
    InventoryWatcher watcher =
        new InventoryWatcher(
            file, small, first, small.parse(first.text(), "f"), i -> {}, outcomes::add, clock);
    replace(file, ONE_TARGET + "# " + "padding ".repeat(30) + "\n");
    watcher.run();
    assertThat(watcher.lastError()).contains("more than the limit of 200 bytes");
    replace(file, ONE_TARGET);
    watcher.run();
    assertThat(watcher.lastError()).isNull();
    assertThat(outcomes).containsExactly("invalid", "ok");
  }

  @Test
  void aRefusedFileThatGoesMissingAndComesBackIsRefusedAgainNotMissing() throws Exception {
    Path file = Files.writeString(dir.resolve("inventory.yml"), ONE_TARGET);
    InventoryLoader small = new InventoryLoader(new SecretResolver(Map.of()), true, 200);
    InventoryWatcher.Snapshot first = InventoryWatcher.read(file, small.maxBytes());
    InventoryWatcher watcher =
        new InventoryWatcher(
            file, small, first, small.parse(first.text(), "f"), i -> {}, outcomes::add, clock);
    Path big = Files.writeString(dir.resolve("big.yml"), ONE_TARGET + "#" + "x".repeat(300));
    Files.copy(big, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    watcher.run();
    String refused = watcher.lastError();
    assertThat(refused).contains("more than the limit of 200 bytes");
    Files.delete(file);
    watcher.run();
    assertThat(watcher.lastError()).contains("is missing since");
    Files.copy(big, file, StandardCopyOption.COPY_ATTRIBUTES);
    watcher.run();
    assertThat(watcher.lastError()).isEqualTo(refused);
    assertThat(outcomes).containsExactly("invalid", "unreadable");
  }

  @Test
  void aDeletedFileIsReportedOnceWithSinceWhenAndTheLastGoodInventoryKept() throws Exception {
    Path file = Files.writeString(dir.resolve("inventory.yml"), ONE_TARGET);
    InventoryWatcher watcher = running(file);

    Files.delete(file);
    await().atMost(Duration.ofSeconds(10)).until(() -> watcher.lastError() != null);
    assertThat(watcher.lastError())
        .isEqualTo(
            "inventory file "
                + file
                + " is missing since 2026-03-01T08:00:00Z; the inventory read before keeps"
                + " running");
    clock.advance(Duration.ofMinutes(5));
    await()
        .during(Duration.ofMillis(200))
        .until(
            () ->
                outcomes.equals(List.of("unreadable"))
                    && watcher.lastError().contains("08:00:00Z"));
    assertThat(watcher.current().targets()).hasSize(1);

    // Back as it was: nothing to apply, nothing to report.
    replace(file, ONE_TARGET);
    await().atMost(Duration.ofSeconds(10)).until(() -> watcher.lastError() == null);
    assertThat(outcomes).containsExactly("unreadable");

    Files.delete(file);
    await().atMost(Duration.ofSeconds(10)).until(() -> watcher.lastError() != null);
    assertThat(watcher.lastError()).contains("missing since 2026-03-01T08:05:00Z");
    replace(file, TWO_TARGETS);
    await().atMost(Duration.ofSeconds(10)).until(() -> watcher.current().targets().size() == 2);
    assertThat(watcher.lastError()).isNull();
    assertThat(outcomes).containsExactly("unreadable", "unreadable", "ok");
  }

  @Test
  void loadAndReadRefuseAFileOverTheLimitBeforeReadingIt() throws Exception {
    Path file = Files.writeString(dir.resolve("inventory.yml"), TWO_TARGETS);
    InventoryLoader small = new InventoryLoader(new SecretResolver(Map.of()), true, 100);
    assertThatThrownBy(() -> small.load(file))
        .isInstanceOf(InventoryException.class)
        .hasMessageContaining(
            "inventory.yml:1:1: the file is "
                + Files.size(file)
                + " bytes (0.0 MiB), more than the limit of 100 bytes (0.0 MiB): not read");
    assertThatThrownBy(() -> small.parse(TWO_TARGETS, "text.yml"))
        .isInstanceOf(InventoryException.class)
        .hasMessageContaining("text.yml:1:1: the file is " + TWO_TARGETS.length() + " bytes");
    assertThatThrownBy(() -> InventoryWatcher.read(file, 100))
        .isInstanceOf(InventoryException.class)
        .hasMessageContaining("more than the limit of 100 bytes");
    assertThat(
            new InventoryLoader(new SecretResolver(Map.of()), true, Files.size(file))
                .load(file)
                .targets())
        .hasSize(2);
    String accents = "# " + "é".repeat(40) + "\n" + TWO_TARGETS;
    assertThatThrownBy(
            () ->
                new InventoryLoader(new SecretResolver(Map.of()), true, accents.length() + 10)
                    .parse(accents, "utf8.yml"))
        .as("the limit is in bytes of UTF-8, not characters")
        .hasMessageContaining("the file is " + (accents.length() + 40) + " bytes");
  }

  @Test
  void theDefaultLimitIsASixteenthOfTheHeapAtMost64MiBOrTheProperty() {
    assertThat(InventoryLoader.defaultMaxBytes())
        .isEqualTo(Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 16));
    System.setProperty(InventoryLoader.MAX_BYTES_PROPERTY, "12345");
    try {
      assertThat(new InventoryLoader(new SecretResolver(Map.of()), true).maxBytes())
          .isEqualTo(12345);
    } finally {
      System.clearProperty(InventoryLoader.MAX_BYTES_PROPERTY);
    }
  }
}
