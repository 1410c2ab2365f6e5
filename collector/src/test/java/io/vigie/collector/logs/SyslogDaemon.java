package io.vigie.collector.logs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private syslog daemon for tests, as real senders: Debian's {@code rsyslogd} or {@code
 * syslog-ng}, each with its own configuration, work directory and pid file, in the foreground. They
 * read the lines a test appends to files (imfile, file()) and forward them to the receiver.
 *
 * <p>rsyslog and syslog-ng conflict as Debian packages (both are the system's logger), so {@code
 * ./vigie test} installs rsyslog with apt and unpacks syslog-ng-core beside it: {@code
 * VIGIE_SYSLOG_NG_ROOT} names where.
 */
final class SyslogDaemon implements AutoCloseable {
  private final Process process;
  private final Path log;

  private SyslogDaemon(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code rsyslogd -n} with {@code config} (its work directory is {@code dir/work}). */
  static SyslogDaemon rsyslog(Path dir, String config) throws IOException {
    Path binary = Path.of("/usr/sbin/rsyslogd");
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "rsyslogd missing: apt-get install rsyslog rsyslog-gnutls (./vigie test does)");
    }
    Files.createDirectories(dir.resolve("work"));
    Path conf =
        Files.writeString(
            dir.resolve("rsyslog.conf"),
            "global(workDirectory=\"" + dir.resolve("work") + "\")\n" + config);
    return start(
        dir,
        List.of(
            binary.toString(), "-n", "-f", conf.toString(), "-i", dir.resolve("pid").toString()),
        Map.of());
  }

  /** Starts {@code syslog-ng -F} with {@code config} (after its {@code @version} line). */
  static SyslogDaemon syslogNg(Path dir, String config) throws IOException {
    Files.createDirectories(dir);
    Path conf = Files.writeString(dir.resolve("syslog-ng.conf"), "@version: 3.38\n" + config);
    List<String> command = new ArrayList<>();
    Map<String, String> env = Map.of();
    String root = System.getenv("VIGIE_SYSLOG_NG_ROOT");
    if (Files.isExecutable(Path.of("/usr/sbin/syslog-ng"))) {
      command.add("/usr/sbin/syslog-ng");
    } else if (root != null && Files.isExecutable(Path.of(root, "usr/sbin/syslog-ng"))) {
      command.add(Path.of(root, "usr/sbin/syslog-ng").toString());
      command.add("--module-path=" + Path.of(root, "usr/lib/syslog-ng/3.38"));
      env = Map.of("LD_LIBRARY_PATH", Path.of(root, "usr/lib/syslog-ng").toString());
    } else {
      throw new IllegalStateException(
          "syslog-ng missing: ./vigie test unpacks Debian's syslog-ng-core and sets"
              + " VIGIE_SYSLOG_NG_ROOT (it conflicts with rsyslog as a package)");
    }
    command.addAll(
        List.of(
            "-F",
            "--no-caps",
            "-f",
            conf.toString(),
            "-p",
            dir.resolve("pid").toAbsolutePath().toString(),
            "-R",
            dir.resolve("persist").toAbsolutePath().toString(),
            "-c",
            dir.resolve("ctl").toAbsolutePath().toString()));
    return start(dir, command, env);
  }

  private static SyslogDaemon start(Path dir, List<String> command, Map<String, String> env)
      throws IOException {
    Path log = dir.resolve("daemon.log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return new SyslogDaemon(builder.start(), log);
  }

  boolean alive() {
    return process.isAlive();
  }

  /** What the daemon printed, for assertion messages. */
  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
