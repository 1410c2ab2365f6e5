package io.vigie.collector.ssh;

import static org.awaitility.Awaitility.await;

import io.vigie.testkit.FreePort;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * A real OpenSSH sshd on a free loopback port, with a fresh ed25519 host key and an ed25519 user
 * key authorized for the user running the tests. Its log tells how many logins happened. Outside
 * JUnit (the benchmarks), {@link #launch(String...)} gives a started one to close after use.
 */
public final class Sshd implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  private static final String INSTALL_HINT =
      "sshd not found: install OpenSSH with `apt-get install openssh-server` (./vigie test does it)";

  private final List<String> extraConfig;
  private Path dir;
  private int port;
  private Process process;

  public Sshd() {
    this(List.of());
  }

  private Sshd(List<String> extraConfig) {
    this.extraConfig = extraConfig;
  }

  /**
   * A started sshd whose sshd_config begins with {@code configLines} (sshd keeps the first value of
   * a keyword, so they override the defaults below); {@link #close()} stops it.
   */
  public static Sshd launch(String... configLines) throws Exception {
    Sshd sshd = new Sshd(List.of(configLines));
    sshd.start();
    return sshd;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  private void start() throws Exception {
    if (!Files.isExecutable(Path.of("/usr/sbin/sshd"))) {
      throw new IllegalStateException(INSTALL_HINT);
    }
    Files.createDirectories(Path.of("/run/sshd"));
    dir = Files.createTempDirectory("vigie-sshd-");
    keygen(dir.resolve("host_key"));
    keygen(dir.resolve("user_key"));
    Files.copy(dir.resolve("user_key.pub"), dir.resolve("authorized_keys"));
    port = FreePort.pick();
    List<String> config = new ArrayList<>(extraConfig);
    config.addAll(
        List.of(
            "Port " + port,
            "ListenAddress 127.0.0.1",
            "HostKey " + dir.resolve("host_key"),
            "PidFile " + dir.resolve("sshd.pid"),
            // The test key for every account, and each account's own file (the Ansible role
            // ssh_target writes one).
            "AuthorizedKeysFile " + dir.resolve("authorized_keys") + " .ssh/authorized_keys",
            // Passwords only for the throwaway account of the password test; root never.
            "PasswordAuthentication yes",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password",
            "StrictModes no",
            "UsePAM no",
            "LogLevel VERBOSE",
            // Sessions get a home of their own: the test machine's dotfiles are not a target's
            // (root's ~/.bashrc runs `pyenv init` on some images, 0.5 s added to every command,
            // which the timing tests then blame on Vigie).
            "SetEnv HOME=" + Files.createDirectories(dir.resolve("home")),
            ""));
    Files.writeString(dir.resolve("sshd_config"), String.join("\n", config));
    process =
        new ProcessBuilder(
                "/usr/sbin/sshd", "-D", "-e", "-f", dir.resolve("sshd_config").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("sshd.log").toFile())
            .start();
    Process started = process;
    await("sshd listening on " + port)
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .failFast("sshd exited; see " + dir.resolve("sshd.log"), () -> !started.isAlive())
        .until(this::listening);
  }

  private boolean listening() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void keygen(Path file) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", file.toString())
            .redirectErrorStream(true)
            .start();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(
          "ssh-keygen failed: " + new String(p.getInputStream().readAllBytes()));
    }
  }

  /**
   * A throwaway account ({@code /bin/sh}, no home) with a random password, for the password login
   * test; removed after the tests. sshd checks passwords against /etc/shadow, so making one needs
   * root, as {@code ./vigie test} runs in CI.
   */
  public synchronized Account passwordAccount() throws IOException, InterruptedException {
    if (account != null) {
      return account;
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      throw new IllegalStateException(
          "the password login test makes a throwaway account with a password and needs root:"
              + " run ./vigie test as root (CI does)");
    }
    String user = "vigiepw" + ProcessHandle.current().pid();
    String password = java.util.UUID.randomUUID().toString();
    run("userdel", user); // left over by a killed run, if any
    if (run("useradd", "-M", "-d", "/nonexistent", "-s", "/bin/sh", user) != 0) {
      throw new IllegalStateException("useradd failed; see " + dir.resolve("accounts.log"));
    }
    account = new Account(user, password);
    Process chpasswd =
        new ProcessBuilder("chpasswd")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("accounts.log").toFile()))
            .start();
    chpasswd.getOutputStream().write((user + ":" + password + "\n").getBytes());
    chpasswd.getOutputStream().close();
    if (!chpasswd.waitFor(30, TimeUnit.SECONDS) || chpasswd.exitValue() != 0) {
      throw new IllegalStateException("chpasswd failed; see " + dir.resolve("accounts.log"));
    }
    return account;
  }

  /** A login and its password. */
  public record Account(String user, String password) {}

  private Account account;

  private int run(String... command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("accounts.log").toFile()))
            .start();
    return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }

  public int port() {
    return port;
  }

  public Path userKey() {
    return dir.resolve("user_key");
  }

  public Path hostPublicKey() {
    return dir.resolve("host_key.pub");
  }

  /** The host key's fingerprint as ssh-keygen -lf prints it. */
  public String hostKeyFingerprint() throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "ssh-keygen", "-l", "-E", "sha256", "-f", dir.resolve("host_key.pub").toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out.trim().split("\\s+")[1];
  }

  /** Lines of sshd's log that contain {@code text}. */
  public long logLines(String text) throws IOException {
    try (Stream<String> lines = Files.lines(dir.resolve("sshd.log"))) {
      return lines.filter(l -> l.contains(text)).count();
    }
  }

  public void restart() throws Exception {
    stop();
    process =
        new ProcessBuilder(
                "/usr/sbin/sshd", "-D", "-e", "-f", dir.resolve("sshd_config").toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sshd.log").toFile()))
            .start();
    await().atMost(Duration.ofSeconds(20)).until(this::listening);
  }

  private void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      // sshd -D keeps per-connection children; they go with their process group.
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** A known_hosts file naming this server's host key, for OpenSSH's client. */
  public Path knownHosts() throws IOException {
    Path file = dir.resolve("known_hosts");
    Files.writeString(
        file, "[127.0.0.1]:" + port + " " + Files.readString(hostPublicKey()).trim() + "\n");
    return file;
  }

  /** This server's temp directory, deleted with it: room for a client's files (control sockets). */
  public Path dir() {
    return dir;
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    close();
  }

  /**
   * Stops sshd, removes the throwaway account if one was made, and deletes the temp directory; an
   * interrupt does not cut the clean-up short and is kept for the caller, not thrown.
   */
  @Override
  public void close() throws IOException {
    boolean interrupted = false;
    try {
      stop();
    } catch (InterruptedException e) {
      interrupted = true;
    }
    if (account != null) {
      try {
        run("pkill", "-u", account.user());
        run("userdel", account.user());
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
