package io.vigie.collector.it;

import io.vigie.collector.CollectorSettings;
import io.vigie.collector.influx.InfluxSettings;
import io.vigie.collector.influx.ShipperSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings and inventories sized for tests: fast polls, small batches, short backoff. Shared with
 * the dashboards' query test through the test jar.
 */
public final class Fixtures {
  private Fixtures() {}

  public static InfluxSettings influx(String url, String database) {
    return new InfluxSettings(url, database, null, null, null, true, true, Duration.ofSeconds(5));
  }

  public static CollectorSettings settings(
      Path inventory, Path dataDir, String url, String database) {
    return new CollectorSettings(
        inventory,
        "test-collector",
        dataDir,
        influx(url, database),
        new ShipperSettings(
            200, Duration.ofMillis(100), Duration.ofMillis(50), Duration.ofMillis(400)),
        64L << 20,
        1L << 20,
        Duration.ofMillis(200),
        4,
        Duration.ofMillis(100),
        Duration.ofSeconds(1));
  }

  /** An inventory of local targets polled every {@code intervalMs}. */
  static String localTargets(long intervalMs, String... ids) {
    StringBuilder yaml =
        new StringBuilder(
            """
            clients:
              - {id: acme, name: ACME, language: fr, contacts: [it@acme.example]}
            targets:
            """);
    for (String id : ids) {
      yaml.append("  - {id: ")
          .append(id)
          .append(", client: acme, kind: local, interval: ")
          .append(intervalMs)
          .append("ms}\n");
    }
    if (ids.length == 0) {
      yaml.append("  []\n");
    }
    return yaml.toString();
  }

  static Path write(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, content);
    // Replaced by rename, as editors and Ansible do.
    return Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
