package io.vigie.collector.probe;

import static org.awaitility.Awaitility.await;

import io.vigie.testkit.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real server of the probe tests (dnsmasq, sipp, GStreamer's RTSP server) as a child process on a
 * free loopback port, in a temp directory of its own, as nobody when the tests run as root. The
 * port is free when picked but may be taken before the server binds it: three fresh tries, each
 * failed one's log in the error. Stopped by its own PID.
 */
abstract class DnsSipRtspPeer implements BeforeAllCallback, AfterAllCallback {
  private Path dir;
  private int port;
  private Process process;

  /** The command that starts the server on {@code port} in {@code dir}. */
  abstract List<String> command(Path dir, int port) throws IOException;

  /** Whether the server answers on {@code port}. */
  abstract boolean ready(int port);

  /** What to install when the server's program is missing. */
  abstract String installHint();

  /** The program that must be there. */
  abstract Path binary();

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (!Files.isExecutable(binary())) {
      throw new IllegalStateException(binary() + " not found: " + installHint());
    }
    dir = Files.createTempDirectory("vigie-" + getClass().getSimpleName().toLowerCase() + "-");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    List<String> failures = new ArrayList<>();
    for (int attempt = 0; attempt < 3; attempt++) {
      port = FreePort.pick();
      List<String> command = new ArrayList<>();
      if ("root".equals(System.getProperty("user.name"))) {
        command.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
      }
      command.addAll(command(dir, port));
      Path log = dir.resolve("server-" + attempt + ".log");
      process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      Process started = process;
      try {
        await(getClass().getSimpleName() + " answering on " + port)
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(100))
            .failFast(getClass().getSimpleName() + " exited", () -> !started.isAlive())
            .until(() -> ready(port));
        return;
      } catch (org.awaitility.core.ConditionTimeoutException
          | org.awaitility.core.TerminalFailureException e) {
        stop();
        failures.add(e.getMessage() + ": " + Files.readString(log).strip());
      }
    }
    throw new IllegalStateException(getClass().getSimpleName() + " did not start: " + failures);
  }

  int port() {
    return port;
  }

  Path dir() {
    return dir;
  }

  private void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Whether a socket is bound to 127.0.0.1:{@code port} (listening, for TCP), from /proc. */
  static boolean bound(int port, boolean tcp) {
    String table = tcp ? "/proc/net/tcp" : "/proc/net/udp";
    String local = String.format(Locale.ROOT, "0100007F:%04X", port);
    try {
      return Files.readAllLines(Path.of(table)).stream()
          .map(line -> line.strip().split("\\s+", -1))
          .anyMatch(f -> f.length > 3 && f[1].equals(local) && (!tcp || f[3].equals("0A")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a file readable by nobody into the server's directory. */
  Path write(Path dir, String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    return file;
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    stop();
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
