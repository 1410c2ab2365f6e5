package io.vigie.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * Real {@code nats-server} processes (Debian's {@code nats-server} 2.9) in one JetStream cluster on
 * loopback, each with its store in a temp directory. Nodes can be killed (SIGKILL) and started
 * again on the same ports and store, one or all, to simulate a node's loss or an outage of NATS.
 */
public final class NatsCluster implements AutoCloseable {
  private static final String INSTALL_HINT =
      "nats-server not found: install it with `apt-get install nats-server` (./vigie test does it)";

  private final Path dir;
  private final int[] clientPorts;
  private final int[] clusterPorts;
  private final int[] monitorPorts;
  private final Process[] processes;
  private final HttpClient http = HttpClient.newHttpClient();

  private NatsCluster(Path dir, int nodes) throws IOException {
    this.dir = dir;
    clientPorts = ports(nodes);
    clusterPorts = ports(nodes);
    monitorPorts = ports(nodes);
    processes = new Process[nodes];
    String routes =
        IntStream.of(clusterPorts)
            .mapToObj(p -> "nats-route://127.0.0.1:" + p)
            .collect(Collectors.joining(", "));
    for (int i = 0; i < nodes; i++) {
      Path store = Files.createDirectories(dir.resolve("n" + i));
      Files.writeString(
          dir.resolve("n" + i + ".conf"),
          """
          server_name: n%d
          listen: 127.0.0.1:%d
          http: 127.0.0.1:%d
          jetstream {
            store_dir: "%s"
            max_memory_store: 64MB
            max_file_store: 2GB
          }
          cluster {
            name: vigie
            listen: 127.0.0.1:%d
            routes: [%s]
          }
          """
              .formatted(i, clientPorts[i], monitorPorts[i], store, clusterPorts[i], routes));
    }
  }

  /** Starts a cluster of {@code nodes} and waits until JetStream answers on every node. */
  public static NatsCluster start(Path parent, int nodes) throws IOException {
    NatsCluster cluster = new NatsCluster(Files.createTempDirectory(parent, "vigie-nats-"), nodes);
    for (int i = 0; i < nodes; i++) {
      cluster.spawn(i);
    }
    for (int i = 0; i < nodes; i++) {
      cluster.awaitReady(i);
    }
    return cluster;
  }

  private static int[] ports(int n) throws IOException {
    int[] ports = new int[n];
    for (int i = 0; i < n; i++) {
      ports[i] = FreePort.pick();
    }
    return ports;
  }

  private synchronized void spawn(int node) {
    Path binary =
        Stream.of("/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server")
            .map(Path::of)
            .filter(Files::isExecutable)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException(INSTALL_HINT));
    try {
      processes[node] =
          new ProcessBuilder(binary.toString(), "-c", dir.resolve("n" + node + ".conf").toString())
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(dir.resolve("n" + node + ".log").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(INSTALL_HINT, e);
    }
  }

  /**
   * Waits until the node says JetStream is healthy (a meta leader elected, its streams current).
   */
  private void awaitReady(int node) {
    Process started = processes[node];
    Awaitility.await("nats-server n" + node + " /healthz")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .failFast(
            "nats-server n" + node + " exited; its log is " + dir.resolve("n" + node + ".log"),
            () -> !started.isAlive())
        .until(() -> healthy(node));
  }

  private boolean healthy(int node) {
    try {
      return http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + monitorPorts[node] + "/healthz"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The client URLs of every node, comma-separated, as {@code vigie.nats.url} takes them. */
  public String urls() {
    return IntStream.of(clientPorts)
        .mapToObj(p -> "nats://127.0.0.1:" + p)
        .collect(Collectors.joining(","));
  }

  public List<String> urlList() {
    List<String> urls = new ArrayList<>();
    IntStream.of(clientPorts).forEach(p -> urls.add("nats://127.0.0.1:" + p));
    return urls;
  }

  public int size() {
    return processes.length;
  }

  /** Kills one node (SIGKILL). */
  public synchronized void kill(int node) throws InterruptedException {
    Process p = processes[node];
    if (p != null && p.isAlive()) {
      p.destroyForcibly().waitFor();
    }
  }

  /** Starts a killed node again on its ports and store, and waits until it is healthy. */
  public void restart(int node) {
    spawn(node);
    awaitReady(node);
  }

  public boolean alive(int node) {
    Process p = processes[node];
    return p != null && p.isAlive();
  }

  /** A running node's process id, to read its CPU time (the benchmarks). */
  public synchronized long pid(int node) {
    return processes[node].pid();
  }

  public Path log(int node) {
    return dir.resolve("n" + node + ".log");
  }

  /** Kills every node and deletes the stores. */
  @Override
  public void close() throws IOException {
    for (int i = 0; i < processes.length; i++) {
      try {
        kill(i);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
