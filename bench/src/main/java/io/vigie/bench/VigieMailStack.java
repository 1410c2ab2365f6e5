package io.vigie.bench;

import io.vigie.collector.ssh.Sshd;
import io.vigie.testkit.FreePort;
import io.vigie.testkit.InfluxServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Vigie's side of the mail benchmark: the packaged collector polls a value in a file every 10 s
 * over SSH with a Nagios-style check (a real sshd on loopback) and writes to a real InfluxDB; the
 * packaged alerting service, with its default settings but the grouping window, takes the points as
 * they are written, decides, groups and mails to the benchmark's {@link MailSink}.
 */
final class VigieMailStack implements AutoCloseable {
  private final Path dir;
  private final MailSink sink;
  private final Children children = new Children();
  private @Nullable InfluxServer influxd;
  private @Nullable Sshd sshd;
  private final int collectorPort = FreePort.pick();
  private final int alertingPort = FreePort.pick();
  private String influxUrl = "";
  private String alertingUrl = "";

  /**
   * One breach, times in epoch seconds, NaN when unknown: the file rewritten ({@code t0}), the
   * timestamp of the first poll that saw it (its {@code check} point in InfluxDB: the poll's
   * schedule, read back), the decision to tell it (its {@code time} in the decision stream), the
   * mail's arrival ({@code inbox}).
   */
  record Breach(double delay, double t0, double poll, double decided, double inbox) {
    double latency() {
      return inbox - t0;
    }

    /** The wait for the next poll: none when the poll that saw the value began just before. */
    double pollWait() {
      return Math.max(0, poll - t0);
    }
  }

  /** The grouping window, matched to Alertmanager's group_wait. */
  static final double GROUP_WINDOW = 1.0;

  /** The target's poll interval: also the hold before a new status is told (decision 0008). */
  static final double POLL_INTERVAL = 10.0;

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private long lastSeq;

  private VigieMailStack(Path dir, MailSink sink) {
    this.dir = dir;
    this.sink = sink;
  }

  /** Starts InfluxDB, sshd, the collector and the alerting service from the packaged jars. */
  static VigieMailStack start(Path root, Path dir, MailSink sink) throws Exception {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    VigieMailStack stack = new VigieMailStack(dir, sink);
    try {
      stack.launch(root);
    } catch (Exception e) {
      stack.close();
      throw e;
    }
    return stack;
  }

  private void launch(Path root) throws Exception {
    InfluxServer influx = BenchServers.influx(dir);
    influxd = influx;
    // The database exists before either service starts, as where it is provisioned first: when
    // the collector created it while the alerting service subscribed, InfluxDB ended up with no
    // subscription (every point then came by the reconciliation reads).
    influx.createDatabase("vigie");
    Sshd ssh = BenchServers.sshd();
    sshd = ssh;
    Path value = dir.resolve("value");
    writeValue("10");
    Path check = dir.resolve("check_value.sh");
    Files.writeString(
        check,
        "#!/bin/sh\nv=$(cat "
            + value
            + ")\n"
            + "if [ \"$v\" -gt 50 ]; then echo \"CRITICAL - value $v | value=$v;;50\"; exit 2; fi\n"
            + "echo \"OK - value $v | value=$v;;50\"; exit 0\n");
    Files.setPosixFilePermissions(check, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(
        dir.resolve("inventory.yml"),
        """
        version: 1
        clients:
          - {id: bench, name: Bench, language: en, contacts: [noc@bench.test]}
        targets:
          - id: probe
            client: bench
            kind: ssh
            address: 127.0.0.1
            interval: 10s
            credentials:
              private_key: {file: %s}
            ssh:
              user: %s
              port: %d
              host_key: %s
              checks:
                - {name: value, command: %s}
        """
            .formatted(
                ssh.userKey(),
                BenchServers.login(ssh),
                ssh.port(),
                ssh.hostKeyFingerprint(),
                check));
    Files.writeString(
        dir.resolve("mdp.yml"),
        "users:\n  - {name: bench, password: \"%s\", roles: [viewer]}\n"
            .formatted(new BCryptPasswordEncoder(4).encode("bench-password")));
    String java = ProcessHandle.current().info().command().orElse("java");
    children.start(
        dir.resolve("collector.log"),
        java,
        "-Xmx256m",
        "-jar",
        root.resolve("collector/target/vigie-collector-exec.jar").toString(),
        "collector",
        "--inventory",
        dir.resolve("inventory.yml").toString(),
        "--influx-url",
        influx.url(),
        "--database",
        "vigie",
        "--create-database",
        "--data-dir",
        dir.resolve("collector").toString(),
        "--port",
        String.valueOf(collectorPort));
    // The alerting service with its defaults (points judged as they are written, a notifier
    // round as each grouping window ends), but for two settings the comparison needs.
    children.start(
        dir.resolve("alerting.log"),
        java,
        "-Xmx256m",
        "-jar",
        root.resolve("alerting/target/vigie-alerting-exec.jar").toString(),
        "serve",
        "--server.port=" + alertingPort,
        "--vigie.inventory=" + dir.resolve("inventory.yml"),
        "--vigie.alerting.users-file=" + dir.resolve("mdp.yml"),
        "--vigie.alerting.data-dir=" + dir.resolve("alerting"),
        "--vigie.influx.url=" + influx.url(),
        // Alertmanager has no flap detection, and a breach every half minute would be flapping
        // (6 changes in 15 min by default): no mail at all.
        "--vigie.alerting.evaluation.flap-start=100000",
        // Matched to Alertmanager's group_wait (the default window is 30 s).
        "--vigie.alerting.mail.group-window=" + (long) (GROUP_WINDOW * 1000) + "ms",
        "--vigie.smtp.host=127.0.0.1",
        "--vigie.smtp.port=" + sink.port(),
        "--vigie.smtp.security=NONE",
        "--vigie.smtp.from=vigie@bench.test");
    influxUrl = influx.url();
    alertingUrl = "http://127.0.0.1:" + alertingPort;
  }

  /**
   * Until the collector and the alerting service answer HTTP (on a busy machine they take a minute
   * to start), then 15 s more: a first poll, its point written and evaluated.
   */
  void awaitReady() throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    for (int port : new int[] {collectorPort, alertingPort}) {
      URI health = URI.create("http://127.0.0.1:" + port + "/actuator/health");
      while (true) {
        try {
          // Any answer will do: the server is up once it answers at all.
          http.send(
              HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.discarding());
          break;
        } catch (IOException e) {
          if (System.nanoTime() > end) {
            throw new IllegalStateException("Vigie never started; see " + dir, e);
          }
          TimeUnit.MILLISECONDS.sleep(500);
        }
      }
    }
    TimeUnit.SECONDS.sleep(15);
  }

  /**
   * After {@code delayMs}, one breach: the value to 99, until the alert mail is in the inbox, then
   * back to 10 until the recovery mail.
   */
  Breach breach(long delayMs) throws IOException, InterruptedException {
    TimeUnit.MILLISECONDS.sleep(delayMs);
    int mark = sink.mark();
    writeValue("99");
    double t0 = System.currentTimeMillis() / 1e3;
    double inbox = sink.await(mark, s -> s.startsWith("[ERROR] probe"), 120);
    double poll = firstPoll(t0);
    double decided = decided();
    mark = sink.mark();
    writeValue("10");
    sink.await(mark, s -> s.startsWith("[RUN] probe"), 120);
    // The recovery's decision, read past: the next breach's is the first problem after it.
    decided();
    return new Breach(delayMs / 1e3, t0, poll, decided, inbox);
  }

  /**
   * The timestamp of the first poll that saw the breach: the first CRITICAL {@code check} point
   * from 10 s before it (the previous breach's last CRITICAL poll is 20 s older at least).
   */
  private double firstPoll(double t0) {
    String q =
        "SELECT status FROM \"check\" WHERE target = 'probe' AND \"check\" = 'value' AND status ="
            + " 2 AND time > "
            + (long) ((t0 - POLL_INTERVAL) * 1000)
            + "ms ORDER BY time LIMIT 1";
    JsonNode body =
        get(
            influxUrl
                + "/query?db=vigie&epoch=ms&q="
                + URLEncoder.encode(q, StandardCharsets.UTF_8),
            null);
    JsonNode at = body == null ? null : body.at("/results/0/series/0/values/0/0");
    return at == null || at.isMissingNode() ? Double.NaN : at.asDouble() / 1e3;
  }

  /** The time of the first PROBLEM decision for the target since the last one read; NaN if none. */
  private double decided() {
    JsonNode body =
        get(
            alertingUrl + "/api/decisions?limit=1000&after=" + lastSeq,
            "Basic "
                + Base64.getEncoder()
                    .encodeToString("bench:bench-password".getBytes(StandardCharsets.UTF_8)));
    double found = Double.NaN;
    if (body != null) {
      for (JsonNode d : body) {
        lastSeq = Math.max(lastSeq, d.path("seq").asLong());
        if (Double.isNaN(found)
            && "PROBLEM".equals(d.path("kind").asString())
            && "probe".equals(d.path("target").asString())) {
          JsonNode time = d.path("time");
          found = time.isNumber() ? time.asDouble() : instant(time.asString());
        }
      }
    }
    return found;
  }

  private @Nullable JsonNode get(String url, @Nullable String authorization) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    } catch (IOException | JacksonException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static double instant(String rfc3339) {
    try {
      Instant at = Instant.parse(rfc3339);
      return at.getEpochSecond() + at.getNano() / 1e9;
    } catch (java.time.format.DateTimeParseException e) {
      return Double.NaN;
    }
  }

  /**
   * The points the alerting service received from InfluxDB's subscription so far (its {@code
   * vigie.alerting.stream.points} counter); NaN if unread. Zero would mean that every decision came
   * from a reconciliation read, not from the stream.
   */
  double streamedPoints() {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(alertingUrl + "/actuator/prometheus"))
                  .header(
                      "Authorization",
                      "Basic "
                          + Base64.getEncoder()
                              .encodeToString(
                                  "bench:bench-password".getBytes(StandardCharsets.UTF_8)))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      for (String line : response.body().split("\n", -1)) {
        if (line.startsWith("vigie_alerting_stream_points_total ")) {
          return Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // unread
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Double.NaN;
  }

  /** Atomically, as the peer's textfile is written: the check never reads half a value. */
  private void writeValue(String content) throws IOException {
    Path file = dir.resolve("value");
    Path tmp = dir.resolve("value.tmp");
    Files.writeString(tmp, content + "\n");
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() throws IOException {
    children.close();
    Sshd ssh = sshd;
    if (ssh != null) {
      ssh.close();
    }
    InfluxServer influx = influxd;
    if (influx != null) {
      influx.close();
    }
  }
}
