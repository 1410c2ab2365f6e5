package io.vigie.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH sshd on a loopback port, with a fresh ed25519 host key and user key, for the
 * benchmarks. As root it logs in a throwaway monitoring account ({@code /bin/sh}, no profile, as
 * the ssh_target role makes), removed on close: a person's account would time their shell start-up
 * (pyenv, nvm...) instead of SSH.
 */
final class LoopbackSshd implements AutoCloseable {
  final Path dir;
  final int port;
  final String user;
  final String fingerprint;
  private final boolean ownUser;
  private final Process process;

  LoopbackSshd() throws Exception {
    dir = Files.createTempDirectory("vigie-bench-sshd-");
    Files.createDirectories(Path.of("/run/sshd"));
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_key").toString());
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("user_key").toString());
    Files.copy(dir.resolve("user_key.pub"), dir.resolve("authorized_keys"));
    // sshd reads authorized_keys as the user logging in.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(
        dir.resolve("authorized_keys"), PosixFilePermissions.fromString("rw-r--r--"));
    port = Influxd.freePort();
    Files.writeString(
        dir.resolve("sshd_config"),
        String.join(
            "\n",
            "Port " + port,
            "ListenAddress 127.0.0.1",
            "HostKey " + dir.resolve("host_key"),
            "PidFile " + dir.resolve("sshd.pid"),
            "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password",
            "StrictModes no",
            "UsePAM no",
            "MaxSessions 100",
            "MaxStartups 300:30:600",
            ""));
    String me = System.getProperty("user.name");
    boolean created = false;
    if ("root".equals(me)) {
      me = "vigiebench";
      created =
          new ProcessBuilder("useradd", "--system", "--no-create-home", "--shell", "/bin/sh", me)
                  .redirectErrorStream(true)
                  .start()
                  .waitFor()
              == 0;
      // Without PAM, sshd refuses a locked account even for a key: '*' means "no password login".
      new ProcessBuilder("usermod", "-p", "*", me).redirectErrorStream(true).start().waitFor();
    }
    user = me;
    ownUser = created;
    Files.writeString(
        dir.resolve("known_hosts"),
        "[127.0.0.1]:" + port + " " + Files.readString(dir.resolve("host_key.pub")).trim() + "\n");
    process =
        new ProcessBuilder(
                "/usr/sbin/sshd", "-D", "-e", "-f", dir.resolve("sshd_config").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("sshd.log").toFile())
            .start();
    for (int i = 0; i < 100 && !listening(port); i++) {
      TimeUnit.MILLISECONDS.sleep(50);
    }
    fingerprint =
        Procs.firstLine(
                "ssh-keygen", "-l", "-E", "sha256", "-f", dir.resolve("host_key.pub").toString())
            .split("\\s+")[1];
  }

  Path userKey() {
    return dir.resolve("user_key");
  }

  Path knownHosts() {
    return dir.resolve("known_hosts");
  }

  @Override
  public void close() throws Exception {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    process.waitFor(10, TimeUnit.SECONDS);
    run("sh", "-c", "pkill -u " + user + " ; true");
    if (ownUser) {
      new ProcessBuilder("userdel", user).redirectErrorStream(true).start().waitFor();
    }
  }

  static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(
          String.join(" ", command).substring(0, 40) + "... exited " + p.exitValue());
    }
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
