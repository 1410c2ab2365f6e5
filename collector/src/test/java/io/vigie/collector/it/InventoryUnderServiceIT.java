package io.vigie.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigie.testkit.FreePort;
import io.vigie.testkit.GeneratedInventory;
import io.vigie.testkit.InfluxServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged collector, with the launcher's JVM options (-Xmx256m, exit on OutOfMemoryError),
 * while its inventory file is replaced by one of 150 MB, then deleted, then put back: it keeps
 * polling on the inventory in force, its health stays UP and says why the file on disk is not in
 * force, and the file put back is applied. A 150 MB file used to end the process.
 */
class InventoryUnderServiceIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  private Process collector;

  @AfterEach
  void stop() {
    if (collector != null) {
      collector.destroyForcibly();
    }
  }

  @Test
  void aHugeThenMissingInventoryIsReportedAndTheServiceKeepsPolling() throws Exception {
    INFLUX.createDatabase("inv");
    Path inventory = Fixtures.write(dir.resolve("inventory.yml"), Fixtures.localTargets(200, "k1"));
    int port = FreePort.pick();
    collector = start(inventory, port);
    await()
        .atMost(Duration.ofSeconds(90))
        .failFast("the collector exited, see " + dir.resolve("collector.log"), this::exited)
        .until(() -> polls() > 0);

    Path huge = GeneratedInventory.atLeast(dir.resolve("huge.yml"), 150L << 20);
    Files.move(
        huge, inventory, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    await()
        .atMost(Duration.ofSeconds(30))
        .failFast("the collector exited, see " + dir.resolve("collector.log"), this::exited)
        .until(() -> refusedChange(port).contains("more than the limit of"));
    assertThat(refusedChange(port)).startsWith(inventory + ":1:1: the file is ");
    assertThat(health(port).path("status").asString()).isEqualTo("UP");
    assertStillPolling();

    Files.delete(inventory);
    await()
        .atMost(Duration.ofSeconds(30))
        .failFast("the collector exited, see " + dir.resolve("collector.log"), this::exited)
        .until(() -> refusedChange(port).contains("is missing since"));
    assertThat(health(port).path("status").asString()).isEqualTo("UP");
    assertStillPolling();

    Fixtures.write(inventory, Fixtures.localTargets(200, "k1", "k2"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                health(port)
                        .path("components")
                        .path("inventory")
                        .path("details")
                        .path("targets")
                        .asInt()
                    == 2);
    assertThat(refusedChange(port)).isEmpty();
    assertThat(Files.readString(dir.resolve("collector.log")))
        .as("the missing file is logged once, not at each check")
        .containsOnlyOnce("is missing; the inventory read before keeps running");
  }

  private void assertStillPolling() {
    long before = polls();
    await()
        .atMost(Duration.ofSeconds(30))
        .failFast("the collector exited, see " + dir.resolve("collector.log"), this::exited)
        .until(() -> polls() > before);
  }

  private boolean exited() {
    return !collector.isAlive();
  }

  private long polls() {
    return INFLUX.count("inv", "SELECT count(up) FROM poll WHERE target = 'k1'");
  }

  private Process start(Path inventory, int port) throws IOException {
    String jar = System.getProperty("vigie.collector.jar");
    assertThat(jar)
        .as("run through `mvn verify`, which packages the collector jar first")
        .isNotNull();
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-XX:+ExitOnOutOfMemoryError",
            "-jar",
            jar,
            "collector",
            "--inventory=" + inventory,
            "--influx-url=" + INFLUX.url(),
            "--database=inv",
            "--data-dir=" + dir.resolve("data"),
            "--port=" + port,
            "--vigie.collector-id=inventory-test",
            "--vigie.reload-interval=200ms",
            "--vigie.writer.flush-interval=100ms")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("collector.log").toFile())
        .start();
  }

  private static String refusedChange(int port) {
    return health(port)
        .path("components")
        .path("inventory")
        .path("details")
        .path("refusedChange")
        .asString("");
  }

  private static JsonNode health(int port) {
    try {
      String body =
          HTTP.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      return JsonMapper.builder().build().readTree(body);
    } catch (IOException | RuntimeException e) {
      return JsonMapper.builder().build().missingNode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return JsonMapper.builder().build().missingNode();
    }
  }
}
