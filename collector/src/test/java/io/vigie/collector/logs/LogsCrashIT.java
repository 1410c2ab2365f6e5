package io.vigie.collector.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigie.testkit.FreePort;
import io.vigie.testkit.InfluxServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged collector killed with SIGKILL in the middle of a TCP stream of numbered lines, then
 * started again on the same data: what it had read is in InfluxDB, in full and once, and is the
 * stream's beginning without a gap; what the kernel had taken but the collector not read yet is
 * lost, and the sender (which has no queue) never knew: that is the promise of syslog over TCP.
 */
class LogsCrashIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    processes.forEach(Process::destroyForcibly);
  }

  @Test
  void aKilledCollectorKeepsEveryLineItHadReadAndOnlyThose() throws Exception {
    INFLUX.createDatabase("crashlogs");
    Path inventory =
        Files.writeString(
            dir.resolve("inventory.yml"),
            """
            clients: [{id: acme, name: ACME}]
            targets:
              - {id: web-1, client: acme, kind: local, address: 127.0.0.1, interval: 60s}
            """);
    Path data = dir.resolve("data");
    int tcp = FreePort.pick();
    int port = FreePort.pick();
    Process first =
        start(inventory, data, port, "first.log", "--vigie.logs.tcp-address=127.0.0.1:" + tcp);
    await()
        .atMost(Duration.ofSeconds(90))
        .failFast("the collector exited, see " + dir.resolve("first.log"), () -> !first.isAlive())
        .until(
            () ->
                health(port)
                    .path("components")
                    .path("logs")
                    .path("status")
                    .asString()
                    .equals("UP"));
    long written;
    try (NumberedStream stream = new NumberedStream(tcp, 5000, "crash")) {
      await().atMost(Duration.ofSeconds(30)).until(() -> stream.written() >= 15_000);
      first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no flush
      written = stream.written();
    }

    int port2 = FreePort.pick();
    Process second = start(inventory, data, port2, "second.log");
    await()
        .atMost(Duration.ofSeconds(90))
        .failFast("the collector exited, see " + dir.resolve("second.log"), () -> !second.isAlive())
        .until(
            () ->
                health(port2)
                        .path("components")
                        .path("logs")
                        .path("details")
                        .path("spoolPending")
                        .asLong(-1)
                    == 0);
    List<JsonNode> rows =
        INFLUX.rows("crashlogs", "SELECT message FROM logs.syslog WHERE appname = 'crash'");
    TreeSet<Long> numbers = new TreeSet<>();
    for (JsonNode row : rows) {
      numbers.add(Long.parseLong(row.get(1).asString().substring("line ".length())));
    }
    assertThat(rows).as("each once").hasSize(numbers.size());
    assertThat(numbers.size()).as("what the collector read before the kill").isGreaterThan(10_000);
    assertThat(numbers.first()).isEqualTo(1);
    assertThat(numbers.last())
        .as("the stream's beginning, without a gap")
        .isEqualTo(numbers.size());
    assertThat(numbers.last()).isLessThanOrEqualTo(written);
    second.destroy();
  }

  private Process start(Path inventory, Path data, int port, String log, String... more)
      throws IOException {
    String jar = System.getProperty("vigie.collector.jar");
    assertThat(jar)
        .as("run through `mvn verify`, which packages the collector jar first")
        .isNotNull();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                jar,
                "collector",
                "--inventory=" + inventory,
                "--influx-url=" + INFLUX.url(),
                "--database=crashlogs",
                "--data-dir=" + data,
                "--port=" + port,
                "--vigie.collector-id=crash-logs",
                "--vigie.writer.flush-interval=100ms",
                "--vigie.writer.min-backoff=50ms",
                "--vigie.writer.max-backoff=300ms"));
    command.addAll(List.of(more));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(log).toFile())
            .start();
    processes.add(process);
    return process;
  }

  private static JsonNode health(int port) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return JsonMapper.builder().build().readTree(r.body());
    } catch (IOException | RuntimeException e) {
      return JsonMapper.builder().build().createObjectNode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return JsonMapper.builder().build().createObjectNode();
    }
  }
}
