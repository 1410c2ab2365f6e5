package io.vigie.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real InfluxDB 1.x ({@code influxd} from Debian's {@code influxdb} package) on a free loopback
 * port with its data in a temp directory. Register it with {@code @RegisterExtension static}; it
 * can be stopped, killed and started again on the same port and data to simulate outages. Outside
 * JUnit (the benchmarks), {@link #launch(Path)} gives a started one to close after use.
 */
public final class InfluxServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  private static final String INSTALL_HINT =
      "influxd not found: install InfluxDB 1.x with `apt-get install influxdb` (./vigie test does it)";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http = HttpClient.newHttpClient();
  private Path dir;
  private int httpPort;
  private int rpcPort;
  private Process process;

  /**
   * A started influxd with its data in a new directory under {@code parent}; {@link #close()} stops
   * it and deletes the directory.
   */
  public static InfluxServer launch(Path parent) throws IOException {
    InfluxServer server = new InfluxServer();
    server.open(Files.createTempDirectory(parent, "vigie-influx-"));
    return server;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    open(Files.createTempDirectory("vigie-influx-"));
  }

  private void open(Path directory) throws IOException {
    dir = directory;
    httpPort = FreePort.pick();
    rpcPort = FreePort.pick();
    Files.writeString(dir.resolve("influxdb.conf"), config(dir, rpcPort, httpPort));
    start();
  }

  /**
   * The influxdb.conf of the tests and the benchmarks: loopback only, data under {@code dir}, no
   * usage reporting, no query or HTTP log, no internal monitor database. (The launcher's demo
   * writes the same text from bash.)
   */
  public static String config(Path dir, int rpcPort, int httpPort) {
    return """
        reporting-enabled = false
        bind-address = "127.0.0.1:%d"
        [meta]
          dir = "%s/meta"
        [data]
          dir = "%s/data"
          wal-dir = "%s/wal"
          query-log-enabled = false
        [http]
          bind-address = "127.0.0.1:%d"
          log-enabled = false
        [monitor]
          store-enabled = false
        """
        .formatted(rpcPort, dir, dir, dir, httpPort);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    close();
  }

  /** Stops influxd and deletes its data; an interrupt is kept for the caller, not thrown. */
  @Override
  public void close() throws IOException {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Starts influxd (again) on the same port and data, and waits until it answers /ping. */
  public synchronized void start() {
    Path binary =
        Stream.of("/usr/bin/influxd", "/usr/local/bin/influxd")
            .map(Path::of)
            .filter(Files::isExecutable)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException(INSTALL_HINT));
    try {
      process =
          new ProcessBuilder(
                  binary.toString(), "run", "-config", dir.resolve("influxdb.conf").toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("influxd.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(INSTALL_HINT, e);
    }
    Process started = process;
    Awaitility.await("influxd /ping")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .failFast(
            "influxd exited early; its log is " + dir.resolve("influxd.log"),
            () -> !started.isAlive())
        .until(this::ping);
  }

  /** Kills influxd (SIGKILL): no flush, no goodbye, as a crash or an OOM kill would. */
  public synchronized void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor();
    }
  }

  /** Stops influxd cleanly (SIGTERM). */
  public synchronized void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  public String url() {
    return "http://127.0.0.1:" + httpPort;
  }

  /** The RPC port that {@code influxd backup} and {@code influxd restore} talk to. */
  public int rpcPort() {
    return rpcPort;
  }

  public int port() {
    return httpPort;
  }

  /** The running influxd's process id, to read its CPU time. */
  public long pid() {
    return process.pid();
  }

  public boolean ping() {
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url() + "/ping"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 204;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Runs an InfluxQL statement and returns the JSON answer; fails on an HTTP error. */
  public JsonNode query(String database, String influxql) {
    String uri =
        url()
            + "/query?epoch=ms&db="
            + URLEncoder.encode(database, StandardCharsets.UTF_8)
            + "&q="
            + URLEncoder.encode(influxql, StandardCharsets.UTF_8);
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(uri))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "query failed " + response.statusCode() + ": " + response.body());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public void createDatabase(String database) {
    query(database, "CREATE DATABASE \"" + database + "\"");
  }

  /** The rows of the first series of a query, each as its list of column values. */
  public List<JsonNode> rows(String database, String influxql) {
    JsonNode result = query(database, influxql).path("results").path(0);
    if (result.has("error")) {
      throw new IllegalStateException("query error: " + result.get("error").asString());
    }
    List<JsonNode> rows = new ArrayList<>();
    for (JsonNode series : result.path("series")) {
      series.path("values").forEach(rows::add);
    }
    return rows;
  }

  /** {@code SELECT COUNT(field) ...}: the count, or 0 when there is nothing. */
  public long count(String database, String influxql) {
    List<JsonNode> rows = rows(database, influxql);
    return rows.isEmpty() ? 0 : rows.get(0).get(1).asLong();
  }

  public String log() {
    try {
      return Files.readString(dir.resolve("influxd.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
