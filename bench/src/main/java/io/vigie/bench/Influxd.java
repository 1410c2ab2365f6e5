package io.vigie.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A fresh influxd for one benchmark case: own port, own data, stopped and deleted after. */
final class Influxd implements AutoCloseable {
  private final HttpClient http = HttpClient.newHttpClient();
  private final Path dir;
  private final int port;
  private final Process process;

  Influxd(Path parent) throws IOException, InterruptedException {
    dir = Files.createTempDirectory(parent, "influxd-");
    port = freePort();
    int rpc = freePort();
    Files.writeString(
        dir.resolve("influxdb.conf"),
        """
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
            .formatted(rpc, dir, dir, dir, port));
    process =
        new ProcessBuilder("influxd", "run", "-config", dir.resolve("influxdb.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("influxd.log").toFile())
            .start();
    for (int i = 0; i < 300 && !ping(); i++) {
      if (!process.isAlive()) {
        throw new IOException("influxd exited; see " + dir.resolve("influxd.log"));
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    query("CREATE DATABASE bench");
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  long pid() {
    return process.pid();
  }

  boolean ping() {
    try {
      return http.send(
                  HttpRequest.newBuilder(URI.create(url() + "/ping")).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 204;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  String query(String q) throws IOException, InterruptedException {
    String uri = url() + "/query?db=bench&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
    return http.send(
            HttpRequest.newBuilder(URI.create(uri))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** Sum of {@code count(field)} over the given measurement.field pairs. */
  long count(String... metrics) throws IOException, InterruptedException {
    long total = 0;
    for (String metric : metrics) {
      String[] mf = metric.split("\\.");
      String body = query("SELECT count(" + mf[1] + ") FROM " + mf[0]);
      int at = body.indexOf("\"values\":[[");
      if (at < 0) {
        continue;
      }
      String row = body.substring(at + 11, body.indexOf("]]", at));
      total += Long.parseLong(row.split(",")[1].trim());
    }
    return total;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
