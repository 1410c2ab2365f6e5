package io.vigie.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.collector.metrics.CollectorMetrics;
import io.vigie.collector.spool.Batch;
import io.vigie.collector.spool.Spool;
import io.vigie.testkit.FreePort;
import io.vigie.testkit.InfluxServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged collector, killed with SIGKILL while InfluxDB is down and points wait in its spool,
 * then started again: the spool is replayed, every point once. Also checks the service's Actuator
 * endpoints, since this is the one test that runs the real service.
 */
class CollectorCrashIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    processes.forEach(Process::destroyForcibly);
  }

  @Test
  void aKilledCollectorReplaysItsSpoolWhenRestarted() throws Exception {
    INFLUX.createDatabase("crash");
    INFLUX.stop();
    Path data = dir.resolve("data");
    Path inventory =
        Fixtures.write(dir.resolve("inventory.yml"), Fixtures.localTargets(100, "k1", "k2"));

    int port = FreePort.pick();
    Process first = start(inventory, data, port, "first.log");
    await()
        .atMost(Duration.ofSeconds(90))
        .failFast("the collector exited, see " + dir.resolve("first.log"), () -> !first.isAlive())
        .until(() -> pendingPoints(port) >= 200);
    String prometheus = get(port, "/actuator/prometheus");
    assertThat(prometheus)
        .contains("vigie_polls_total")
        .contains("vigie_spool_pending")
        .contains("vigie_writer_errors_total");
    assertThat(get(port, "/actuator/health")).contains("\"influx\":{\"details\"").contains("DOWN");

    first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no flush

    long spooledPolls = 0;
    long spooled = 0;
    try (Spool spool =
        Spool.open(
            data.resolve("spool"),
            64L << 20,
            8L << 20,
            new CollectorMetrics(new SimpleMeterRegistry()))) {
      Batch all = spool.read(Integer.MAX_VALUE);
      spooled = all.size();
      spooledPolls = all.records().stream().filter(r -> r.startsWith("poll,")).count();
    }
    assertThat(spooledPolls).isGreaterThanOrEqualTo(20);

    INFLUX.start();
    Path empty = Fixtures.write(dir.resolve("empty.yml"), Fixtures.localTargets(100));
    int port2 = FreePort.pick();
    Process second = start(empty, data, port2, "second.log");
    long expected = spooledPolls;
    await()
        .atMost(Duration.ofSeconds(90))
        .failFast("the collector exited, see " + dir.resolve("second.log"), () -> !second.isAlive())
        .until(() -> INFLUX.count("crash", "SELECT count(up) FROM poll") >= expected);
    await().atMost(Duration.ofSeconds(30)).until(() -> pendingPoints(port2) == 0);
    assertThat(INFLUX.count("crash", "SELECT count(up) FROM poll")).isEqualTo(expected);
    assertThat(spooled).isGreaterThan(spooledPolls);
    assertThat(get(port2, "/actuator/health")).contains("\"status\":\"UP\"");

    second.destroy();
    assertThat(second.waitFor(30, java.util.concurrent.TimeUnit.SECONDS))
        .as("stops on SIGTERM")
        .isTrue();
  }

  private Process start(Path inventory, Path data, int port, String log) throws IOException {
    String jar = System.getProperty("vigie.collector.jar");
    assertThat(jar)
        .as("run through `mvn verify`, which packages the collector jar first")
        .isNotNull();
    assertThat(Path.of(jar)).exists();
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                jar,
                "collector",
                "--inventory=" + inventory,
                "--influx-url=" + INFLUX.url(),
                "--database=crash",
                "--data-dir=" + data,
                "--port=" + port,
                "--vigie.collector-id=crash-test",
                "--vigie.writer.flush-interval=100ms",
                "--vigie.writer.min-backoff=50ms",
                "--vigie.writer.max-backoff=300ms")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(log).toFile())
            .start();
    processes.add(process);
    return process;
  }

  private static long pendingPoints(int port) {
    try {
      return JsonMapper.builder()
          .build()
          .readTree(get(port, "/actuator/health"))
          .path("components")
          .path("spool")
          .path("details")
          .path("pendingPoints")
          .asLong(-1);
    } catch (IOException | RuntimeException e) {
      return -1; // not listening yet
    }
  }

  private static String get(int port, String path) throws IOException {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
