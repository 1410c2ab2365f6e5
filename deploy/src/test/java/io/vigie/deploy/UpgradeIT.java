package io.vigie.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.testkit.FreePort;
import io.vigie.testkit.InfluxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/scripts/upgrade.sh with the real collector jar: an upgrade that comes up healthy, a
 * rollback on request, and a broken release rolled back by the script itself. The build machines
 * run no systemd, so the restart command is a small script that does what the unit does: stop the
 * process, start {@code current}'s jar.
 */
class UpgradeIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();

  private static final Path DEPLOY =
      Path.of(System.getProperty("vigie.deploy.dir", ".")).toAbsolutePath();
  private static final Path JAR =
      DEPLOY.resolve("../collector/target/vigie-collector-exec.jar").normalize();

  @TempDir Path dir;
  private Path home;

  @AfterEach
  void stop() throws Exception {
    Path pid = home == null ? null : home.resolve("collector.pid");
    if (pid != null && Files.exists(pid)) {
      new ProcessBuilder("kill", Files.readString(pid).strip()).start().waitFor();
    }
  }

  @Test
  void anUnhealthyReleaseIsRolledBackByTheScript() throws Exception {
    assertThat(JAR).as("the collector's jar, built before this module").exists();
    home = Files.createDirectories(dir.resolve("opt-vigie"));
    Files.createDirectories(home.resolve("releases/0.1.0"));
    Files.copy(JAR, home.resolve("releases/0.1.0/vigie-collector-exec.jar"));
    Files.createSymbolicLink(home.resolve("current"), home.resolve("releases/0.1.0"));
    Path inventory =
        Files.writeString(
            dir.resolve("inventory.yml"),
            "clients:\n  - {id: a, name: A, language: en, contacts: [a@example.net]}\n"
                + "targets:\n  - {id: h, client: a, kind: local}\n");
    int port = FreePort.pick();
    Path restart =
        Files.writeString(
            dir.resolve("restart.sh"),
            """
            #!/usr/bin/env bash
            # What `systemctl restart vigie-collector` does, for a machine without systemd.
            set -u
            pid_file="%1$s/collector.pid"
            if [ -f "$pid_file" ]; then
              kill "$(cat "$pid_file")" 2>/dev/null
              for _ in $(seq 1 100); do kill -0 "$(cat "$pid_file")" 2>/dev/null || break; sleep 0.1; done
            fi
            VIGIE_INVENTORY=%2$s VIGIE_DATA_DIR=%3$s VIGIE_INFLUX_URL=%4$s VIGIE_INFLUX_DATABASE=vigie \\
              VIGIE_INFLUX_CREATE_DATABASE=true VIGIE_HTTP_PORT=%5$d \\
              setsid java -Xmx128m -jar "%1$s/current/vigie-collector-exec.jar" collector \\
              >>"%1$s/collector.log" 2>&1 < /dev/null &
            echo $! >"$pid_file"
            """
                .formatted(home, inventory, dir.resolve("data"), INFLUX.url(), port));
    Files.setPosixFilePermissions(restart, PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> env =
        Map.of(
            "VIGIE_HOME",
            home.toString(),
            "VIGIE_SERVICES",
            "vigie-collector",
            "VIGIE_RESTART",
            restart.toString(),
            "VIGIE_HEALTH_URLS",
            "http://127.0.0.1:" + port + "/actuator/health",
            "VIGIE_HEALTH_TIMEOUT",
            "40");
    assertThat(run(env, restart.toString()).exit()).isZero();

    Path good = Files.createDirectories(dir.resolve("good"));
    Files.copy(JAR, good.resolve("vigie-collector-exec.jar"));
    Run upgrade = run(env, script(), "0.2.0", good.toString());
    assertThat(upgrade.exit()).as(upgrade.output()).isZero();
    assertThat(upgrade.output()).contains("upgraded from 0.1.0 to 0.2.0");
    assertThat(current()).isEqualTo("0.2.0");

    Run back = run(env, script(), "--rollback");
    assertThat(back.exit()).as(back.output()).isZero();
    assertThat(back.output()).contains("rolled back to 0.1.0");
    assertThat(current()).isEqualTo("0.1.0");

    Path broken = Files.createDirectories(dir.resolve("broken"));
    Files.writeString(broken.resolve("vigie-collector-exec.jar"), "not a jar");
    Run failed = run(env, script(), "0.3.0", broken.toString());
    assertThat(failed.exit()).as(failed.output()).isEqualTo(2);
    assertThat(failed.output()).contains("not UP").contains("rolling back to 0.1.0");
    assertThat(current()).isEqualTo("0.1.0");
    assertThat(Files.readString(home.resolve("releases/.previous")).strip()).isNotEqualTo("0.3.0");
    // And the service is healthy again on the old release.
    Run health = run(Map.of(), "curl", "-fsS", "http://127.0.0.1:" + port + "/actuator/health");
    assertThat(health.output()).contains("\"status\":\"UP\"");
  }

  private String current() throws Exception {
    return home.resolve("current").toRealPath().getFileName().toString();
  }

  private static String script() {
    return DEPLOY.resolve("scripts/upgrade.sh").toString();
  }

  record Run(int exit, String output) {}

  private Run run(Map<String, String> env, String... command) throws Exception {
    Path log = Files.createTempFile(dir, "run", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    assertThat(process.waitFor(180, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    return new Run(process.exitValue(), Files.readString(log));
  }
}
