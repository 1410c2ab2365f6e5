package io.vigie.bench;

import io.vigie.collector.ssh.Sshd;
import io.vigie.testkit.FreePort;
import io.vigie.testkit.InfluxServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Vigie's side of the mail benchmark: the packaged collector polls a value in a file every 10 s
 * over SSH with a Nagios-style check (a real sshd on loopback) and writes to a real InfluxDB; the
 * packaged alerting service evaluates, groups and mails to the benchmark's {@link MailSink}.
 */
final class VigieMailStack implements AutoCloseable {
  private final Path dir;
  private final MailSink sink;
  private final Children children = new Children();
  private @Nullable InfluxServer influxd;
  private @Nullable Sshd sshd;
  private final int collectorPort = FreePort.pick();
  private final int alertingPort = FreePort.pick();

  /** One breach, times in epoch seconds: the file rewritten, the alert mail's arrival. */
  record Breach(double delay, double t0, double inbox) {
    double latency() {
      return inbox - t0;
    }
  }

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
        String.valueOf(collectorPort),
        // Points reach InfluxDB within 200 ms of a poll instead of 1 s.
        "--vigie.writer.flush-interval=200ms");
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
        // Reads are incremental: evaluating a small inventory four times a second is cheap.
        "--vigie.alerting.evaluation.interval=250ms",
        // Alertmanager has no flap detection; a change every few seconds would be flapping.
        "--vigie.alerting.evaluation.flap-start=100000",
        "--vigie.alerting.mail.group-window=1s",
        "--vigie.alerting.mail.tick=100ms",
        "--vigie.smtp.host=127.0.0.1",
        "--vigie.smtp.port=" + sink.port(),
        "--vigie.smtp.security=NONE",
        "--vigie.smtp.from=vigie@bench.test");
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
    mark = sink.mark();
    writeValue("10");
    sink.await(mark, s -> s.startsWith("[RUN] probe"), 120);
    return new Breach(delayMs / 1e3, t0, inbox);
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
