package io.vigie.bench;

import io.vigie.alerting.app.AlertingApplication;
import io.vigie.alerting.service.AlertingService;
import io.vigie.alerting.status.Status;
import io.vigie.alerting.status.TargetState;
import io.vigie.model.poll.FailureKind;
import io.vigie.model.schema.Schema;
import io.vigie.testkit.FreePort;
import io.vigie.testkit.InfluxServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Vigie's side of the console benchmark: a real InfluxDB, an inventory of N targets over C clients,
 * a feeder writing every target's poll every 10 s as collectors would (the troubled ones failed: a
 * changed host key or an auth failure is ERROR at once, timeouts are DEAD after three polls), and
 * the alerting service as it runs (Spring Boot, in this JVM so that its stored transitions and
 * decisions can be timed by its own listeners).
 */
final class ConsoleVigie implements AutoCloseable {
  static final String USER = "noc";
  static final String PASSWORD = "bench-password";
  private static final int INTERVAL_S = 10;

  /** A target in trouble, as the page and the peer's alert show it. */
  record Problem(String client, String target, String status, String cause) {}

  private final InfluxServer influx;
  private final int targets;
  private final int clients;
  private final Map<String, FailureKind> failing = new ConcurrentHashMap<>();
  private final Map<String, Long> stored = new ConcurrentHashMap<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private final ScheduledExecutorService feeder =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "bench-feeder");
            t.setDaemon(true);
            return t;
          });
  private final int port = FreePort.pick();
  private @Nullable ConfigurableApplicationContext app;

  private ConsoleVigie(InfluxServer influx, int targets, int clients) {
    this.influx = influx;
    this.targets = targets;
    this.clients = clients;
  }

  /** Starts everything; the service has judged every target once it returns. */
  static ConsoleVigie start(Path dir, int targets, int clients, int troubled) throws Exception {
    Files.createDirectories(dir);
    InfluxServer influx = InfluxServer.launch(dir);
    influx.createDatabase("vigie");
    ConsoleVigie vigie = new ConsoleVigie(influx, targets, clients);
    try {
      vigie.launch(dir, troubled);
    } catch (Exception e) {
      vigie.close();
      throw e;
    }
    return vigie;
  }

  static String target(int i) {
    return String.format("host%05d", i);
  }

  private String client(int i) {
    return "client" + (i % clients);
  }

  private void launch(Path dir, int troubled) throws Exception {
    StringBuilder yml =
        new StringBuilder("version: 1\ndefaults:\n  interval: " + INTERVAL_S + "s\nclients:\n");
    for (int c = 0; c < clients; c++) {
      yml.append("  - {id: client")
          .append(c)
          .append(", name: Client ")
          .append(c)
          .append(", language: en, contacts: [noc@client")
          .append(c)
          .append(".example]}\n");
    }
    yml.append("targets:\n");
    for (int i = 0; i < targets; i++) {
      yml.append("  - {id: ")
          .append(target(i))
          .append(", client: ")
          .append(client(i))
          .append(", kind: local}\n");
    }
    Files.writeString(dir.resolve("inventory.yml"), yml);
    Files.writeString(
        dir.resolve("mdp.yml"),
        "users:\n  - {name: %s, password: \"%s\", roles: [operator]}\n"
            .formatted(USER, new BCryptPasswordEncoder(4).encode(PASSWORD)));
    // Spread over the clients and the list: every troubled-th target, 3 in 5 ERROR, 2 in 5 DEAD.
    int step = Math.max(1, targets / troubled);
    for (int n = 0; n < troubled; n++) {
      failing.put(
          target(n * step + 1),
          switch (n % 5) {
            case 0, 1 -> FailureKind.HOST_KEY_MISMATCH;
            case 2 -> FailureKind.AUTHENTICATION;
            default -> FailureKind.TIMEOUT;
          });
    }
    // Three rounds already written, as after half a minute of collection: timeouts are DEAD.
    long now = System.currentTimeMillis();
    for (int round = 2; round >= 0; round--) {
      feed(now - 1000L * INTERVAL_S * round);
    }
    var unused =
        feeder.scheduleAtFixedRate(
            () -> {
              try {
                feed(System.currentTimeMillis());
              } catch (IOException | RuntimeException e) {
                WriterBench.log("console: the feeder failed: %s", e);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            INTERVAL_S,
            INTERVAL_S,
            TimeUnit.SECONDS);
    ConfigurableApplicationContext context =
        SpringApplication.run(
            AlertingApplication.class,
            "--spring.config.location=file:" + ownResource(dir, "application.yml"),
            "--logging.config=file:" + ownResource(dir, "logback-spring.xml"),
            "--server.port=" + port,
            "--vigie.inventory=" + dir.resolve("inventory.yml"),
            "--vigie.alerting.users-file=" + dir.resolve("mdp.yml"),
            "--vigie.alerting.data-dir=" + dir.resolve("alerting"),
            "--vigie.influx.url=" + influx.url(),
            "--logging.level.io.vigie.alerting.service=WARN");
    app = context;
    AlertingService service = context.getBean(AlertingService.class);
    // The earliest hook after the store: transitions are handed out before decisions.
    service.onTransition(t -> stored.putIfAbsent(t.target() + "/" + t.to(), now()));
    service.onDecision(
        d -> {
          if (d.target() != null) {
            stored.putIfAbsent(d.target() + "/" + d.status(), now());
          }
        });
    long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (problems().size() != troubled) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException(
            "the service shows " + problems().size() + " problems, not " + troubled);
      }
      TimeUnit.MILLISECONDS.sleep(500);
    }
  }

  /**
   * A resource of the alerting service's jar, copied to {@code dir} and named to Spring: the
   * collector's jar, earlier on this class path, has its own logback.xml, which Spring would read
   * before the service's logback-spring.xml.
   */
  private static Path ownResource(Path dir, String name) throws Exception {
    var source = AlertingApplication.class.getProtectionDomain().getCodeSource();
    if (source == null) {
      throw new IllegalStateException("where the alerting service's classes are is unknown");
    }
    Path jar = Path.of(source.getLocation().toURI());
    Path to = dir.resolve(name);
    if (Files.isDirectory(jar)) {
      Files.copy(jar.resolve(name), to, StandardCopyOption.REPLACE_EXISTING);
    } else {
      try (FileSystem zip = FileSystems.newFileSystem(jar)) {
        Files.copy(zip.getPath(name), to, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return to;
  }

  private static long now() {
    return System.currentTimeMillis();
  }

  private void feed(long at) throws IOException, InterruptedException {
    StringBuilder lines = new StringBuilder(targets * 100);
    for (int i = 0; i < targets; i++) {
      lines.append(line(i, failing.get(target(i)), at)).append('\n');
    }
    write(lines.toString());
  }

  private String line(int i, @Nullable FailureKind failed, long at) {
    String head =
        "poll,collector=c" + (i % 4) + ",client=" + client(i) + ",kind=local,target=" + target(i);
    if (failed == null) {
      return head + " up=1i,reason=\"\" " + at;
    }
    String reason =
        switch (failed) {
          case HOST_KEY_MISMATCH -> "the host key changed";
          case AUTHENTICATION -> "authentication refused";
          default -> "no answer in 10 s";
        };
    return head
        + " up=0i,reason=\""
        + reason
        + "\","
        + Schema.POLL_FAILURE
        + "=\""
        + failed.code()
        + "\" "
        + at;
  }

  private void write(String lines) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(influx.url() + "/write?db=vigie&precision=ms"))
                .POST(HttpRequest.BodyPublishers.ofString(lines))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 204) {
      throw new IOException("InfluxDB refused the points: " + r.statusCode() + " " + r.body());
    }
  }

  /** The service's problems now, as its page lists them (every non-RUN target). */
  List<Problem> problems() {
    List<Problem> out = new ArrayList<>();
    for (TargetState t : service().statuses()) {
      if (t.status() != Status.RUN) {
        out.add(new Problem(t.client(), t.id(), t.status().name(), t.cause()));
      }
    }
    return out;
  }

  /** A RUN target, the {@code n}-th one counted from the end of the inventory. */
  String healthy(int n) {
    int seen = 0;
    for (int i = targets - 1; i >= 0; i--) {
      if (!failing.containsKey(target(i)) && seen++ == n) {
        return target(i);
      }
    }
    throw new IllegalStateException("no healthy target left");
  }

  /** The client of a target of the inventory. */
  String clientOf(String target) {
    return client(Integer.parseInt(target.substring("host".length())));
  }

  /** Its host key changes: a failed poll written now, and at every round after. */
  void breach(String target) throws IOException, InterruptedException {
    int i = Integer.parseInt(target.substring("host".length()));
    failing.put(target, FailureKind.HOST_KEY_MISMATCH);
    write(line(i, FailureKind.HOST_KEY_MISMATCH, now()));
  }

  /** Polled fine again, from now on. */
  void recover(String target) throws IOException, InterruptedException {
    int i = Integer.parseInt(target.substring("host".length()));
    failing.remove(target);
    write(line(i, null, now()));
  }

  /** When the service stored the target's change to {@code status}, epoch ms; waits for it. */
  long awaitStored(String target, Status status, long timeoutMs) throws InterruptedException {
    long end = System.currentTimeMillis() + timeoutMs;
    Long at;
    while ((at = stored.remove(target + "/" + status)) == null) {
      if (System.currentTimeMillis() > end) {
        throw new IllegalStateException(target + " never went " + status);
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    return at;
  }

  /** The console's problems page. */
  String page() {
    return "http://127.0.0.1:" + port + "/console/";
  }

  /** The login page. */
  String login() {
    return "http://127.0.0.1:" + port + "/console/login";
  }

  private AlertingService service() {
    ConfigurableApplicationContext context = app;
    if (context == null) {
      throw new IllegalStateException("not started");
    }
    return context.getBean(AlertingService.class);
  }

  @Override
  public void close() throws IOException {
    feeder.shutdownNow();
    ConfigurableApplicationContext context = app;
    if (context != null) {
      context.close();
    }
    influx.close();
  }
}
