package io.vigie.collector.snmp;

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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real net-snmp snmpd on a free loopback port, with community {@code public} and the SNMPv3 users
 * {@link #USER} (SHA/AES) and {@link #USER_SHA256} (SHA-256/AES). As root it drops to nobody.
 */
public final class Snmpd implements BeforeAllCallback, AfterAllCallback {
  public static final String USER = "vigie";
  public static final String USER_SHA256 = "vigie256";
  public static final String AUTH_PASS = "authpass123";
  public static final String PRIV_PASS = "privpass123";
  private static final String INSTALL_HINT =
      "snmpd not found: install net-snmp with `apt-get install snmpd snmp` (./vigie test does it)";

  private final Extra extra;
  private Path dir;
  private int port;
  private Process process;

  /** Configuration a test adds: it may write files into snmpd's directory, readable by nobody. */
  @FunctionalInterface
  public interface Extra {
    List<String> lines(Path dir) throws IOException;
  }

  public Snmpd() {
    this(dir -> List.of());
  }

  /** An snmpd with more configuration lines, such as {@code pass_persist}. */
  public Snmpd(Extra extra) {
    this.extra = extra;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Path binary = Path.of("/usr/sbin/snmpd");
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(INSTALL_HINT);
    }
    dir = Files.createTempDirectory("vigie-snmpd-");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path persistDir = Files.createDirectories(dir.resolve("persist"));
    Files.setPosixFilePermissions(persistDir, PosixFilePermissions.fromString("rwxrwxrwx"));
    // The port is free when picked, but another process may take it before snmpd binds it (UDP
    // ports are shared by every test process of the machine): a few fresh tries, and the logs of
    // each failed one in the error, since the directory is gone once the tests end.
    List<String> failures = new ArrayList<>();
    for (int attempt = 0; attempt < 3; attempt++) {
      String failure = start(binary);
      if (failure == null) {
        return;
      }
      failures.add(failure);
    }
    throw new IllegalStateException("snmpd did not start: " + failures);
  }

  private String logs() throws IOException {
    StringBuilder logs = new StringBuilder();
    for (String name : List.of("snmpd.log", "stdout.log")) {
      Path log = dir.resolve(name);
      if (Files.exists(log)) {
        logs.append(name).append(": ").append(Files.readString(log).strip()).append("; ");
      }
    }
    return logs.toString();
  }

  /** Starts snmpd on a fresh port; null once it answers, or why it did not. */
  private String start(Path binary) throws IOException {
    Path persist = dir.resolve("persist");
    port = FreePort.pick();
    List<String> more = extra.lines(dir);
    Files.writeString(
        dir.resolve("snmpd.conf"),
        String.join(
            "\n",
            "[snmp] persistentDir " + persist,
            "agentAddress udp:127.0.0.1:" + port,
            "rocommunity public 127.0.0.1",
            "createUser " + USER + " SHA \"" + AUTH_PASS + "\" AES \"" + PRIV_PASS + "\"",
            "createUser "
                + USER_SHA256
                + " SHA-256 \""
                + AUTH_PASS
                + "\" AES \""
                + PRIV_PASS
                + "\"",
            "createUser vigie512 SHA-512 \"" + AUTH_PASS + "\" AES-256 \"" + PRIV_PASS + "\"",
            "createUser vigiedes SHA \"" + AUTH_PASS + "\" DES \"" + PRIV_PASS + "\"",
            "createUser vigiemd5 MD5 \"" + AUTH_PASS + "\" AES \"" + PRIV_PASS + "\"",
            "rouser " + USER + " priv",
            "rouser " + USER_SHA256 + " priv",
            "rouser vigie512 priv",
            "rouser vigiedes priv",
            "rouser vigiemd5 priv",
            String.join("\n", more),
            ""));
    process = launch(binary, dir.resolve("snmpd.conf"), dir);
    Process started = process;
    try {
      await("snmpd answering on " + port)
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .failFast("snmpd exited; see " + dir, () -> !started.isAlive())
          .until(this::answers);
    } catch (org.awaitility.core.TerminalFailureException e) {
      return e.getMessage() + ": " + logs();
    }
    return null;
  }

  private boolean answers() {
    try {
      Process get =
          new ProcessBuilder(
                  "snmpget",
                  "-v2c",
                  "-c",
                  "public",
                  "-r",
                  "0",
                  "-t",
                  "0.3",
                  "127.0.0.1:" + port,
                  "1.3.6.1.2.1.1.3.0")
              .redirectErrorStream(true)
              .start();
      String out = new String(get.getInputStream().readAllBytes());
      return get.waitFor(5, TimeUnit.SECONDS) && get.exitValue() == 0 && out.contains("Timeticks");
    } catch (IOException e) {
      throw new UncheckedIOException(INSTALL_HINT + " (snmpget)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Starts snmpd in the foreground on {@code config}, logging into {@code dir}; as nobody when the
   * tests run as root (snmpd refuses nothing as root, and a test agent should hold no privilege).
   * Also used by the Ansible role test, which writes its own configuration.
   */
  public static Process launch(Path binary, Path config, Path dir) throws IOException {
    List<String> command = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      command.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
    }
    command.addAll(
        List.of(
            binary.toString(),
            "-f",
            "-Lf",
            dir.resolve("snmpd.log").toString(),
            "-C",
            "-c",
            config.toString(),
            "-I",
            "-smux",
            "-p",
            dir.resolve("pid").toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("MIBS", "");
    builder.redirectOutput(dir.resolve("stdout.log").toFile());
    return builder.start();
  }

  public int port() {
    return port;
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
