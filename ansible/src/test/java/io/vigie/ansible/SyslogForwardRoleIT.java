package io.vigie.ansible;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.collector.Collector;
import io.vigie.collector.it.Fixtures;
import io.vigie.collector.logs.LogsSettings;
import io.vigie.collector.logs.SyslogReceiver;
import io.vigie.collector.metrics.CollectorMetrics;
import io.vigie.collector.snmp.SnmpEngine;
import io.vigie.collector.ssh.SshSessions;
import io.vigie.collector.ssh.Sshd;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.testkit.FreePort;
import io.vigie.testkit.InfluxServer;
import io.vigie.testkit.TestCertificates;
import io.vigie.testkit.TestCertificates.Kind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * syslog_target.yml (role syslog_forward) run for real over SSH against the loopback OpenSSH sshd
 * of the SSH tests: it writes an rsyslog configuration that {@code rsyslogd -N1} accepts, the CA
 * and the host's client certificate and key with their modes, and changes nothing the second time.
 * Then a private rsyslogd runs that very file: lines written while the collector is down wait in
 * the disk-assisted queue across a restart of rsyslogd, and once a real collector listens (TLS,
 * client certificates required) every line reaches InfluxDB, attributed to the host's target. The
 * role is pointed at a temporary directory and the test runs rsyslogd itself (no systemd here).
 */
class SyslogForwardRoleIT {
  @RegisterExtension static final Sshd SSHD = new Sshd();
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();
  private static final String DB = "ansible_logs";
  private static final String APP = "vigie-role";

  @TempDir Path dir;
  private Process rsyslogd;

  @BeforeAll
  static void installed() {
    Ansible.requireInstalled();
    assertThat(Path.of("/usr/sbin/rsyslogd"))
        .as("rsyslogd: apt-get install -y rsyslog rsyslog-gnutls (./vigie test installs them)")
        .isExecutable();
    Ansible.Run gnutls =
        Ansible.run(
            List.of("dpkg-query", "-W", "-f", "${db:Status-Status}", "rsyslog-gnutls"),
            Ansible.DIR);
    assertThat(gnutls.output())
        .as("rsyslog's TLS driver: apt-get install -y rsyslog-gnutls (./vigie test installs it)")
        .isEqualTo("installed");
    assertThat(System.getProperty("user.name"))
        .as("the role installs root's files (owner root): run it as root (./vigie test in CI does)")
        .isEqualTo("root");
  }

  @AfterEach
  void stopRsyslogd() throws InterruptedException {
    stop();
  }

  @Test
  void theHostsRsyslogForwardsOverTlsAndKeepsLinesWhileTheCollectorIsDown() throws Exception {
    Path certsDir = Files.createDirectories(dir.resolve("certs"));
    TestCertificates certs = TestCertificates.mint(certsDir);
    int port = FreePort.pick();
    Path config = dir.resolve("rsyslog.d/60-vigie.conf");
    Files.createDirectories(config.getParent());
    Path tls = dir.resolve("rsyslog-vigie");
    String clientKey = Files.readString(certs.key(Kind.VALID));
    Path hosts =
        Files.writeString(
            dir.resolve("hosts.yml"),
            """
            all:
              children:
                syslog_targets:
                  hosts:
                    acme-web-1:
                      ansible_host: 127.0.0.1
                      ansible_port: %d
                      ansible_user: root
                      ansible_ssh_private_key_file: %s
                      ansible_ssh_common_args: "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null"
                      ansible_python_interpreter: /usr/bin/python3
            """
                .formatted(SSHD.port(), SSHD.userKey()));
    // As group_vars and the vault give them: the CA read on the controller, the host's key inline.
    Path vars =
        Files.writeString(
            dir.resolve("vars.yml"),
            """
            vigie_logs_collector_host: 127.0.0.1
            vigie_logs_collector_port: %d
            vigie_logs_collector_name: localhost
            vigie_logs_ca_certificate: "{{ lookup('file', '%s') }}"
            vault_syslog_forward_client_certificate: "{{ lookup('file', '%s') }}"
            vault_syslog_forward_client_key: |
            %s
            syslog_forward_config: %s
            syslog_forward_tls_dir: %s
            syslog_forward_resume_interval: 1
            syslog_forward_service: ""
            """
                .formatted(
                    port,
                    certs.rootCa(),
                    certs.chain(Kind.VALID),
                    clientKey.lines().map(l -> "  " + l).collect(Collectors.joining("\n")),
                    config,
                    tls));

    Ansible.Run run = Ansible.playbook("syslog_target.yml", hosts, "-e", "@" + vars);
    assertThat(run.exit()).as(run.output()).isZero();
    String keyBody =
        clientKey.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
    assertThat(run.output()).doesNotContain(keyBody);
    String written = Files.readString(config);
    assertThat(written)
        .contains("*.* action(type=\"omfwd\" name=\"vigie\"")
        .contains("target=\"127.0.0.1\" port=\"" + port + "\" protocol=\"tcp\"")
        .contains("TCP_Framing=\"octet-counted\" template=\"RSYSLOG_SyslogProtocol23Format\"")
        .contains("StreamDriver=\"gtls\" StreamDriverMode=\"1\" StreamDriverAuthMode=\"x509/name\"")
        .contains("StreamDriverPermittedPeers=\"localhost\"")
        .contains("StreamDriver.CAFile=\"" + tls.resolve("ca.pem") + "\"")
        .contains("StreamDriver.KeyFile=\"" + tls.resolve("client.key") + "\"")
        .contains("queue.type=\"LinkedList\" queue.filename=\"vigie-forward\"")
        .contains("queue.saveOnShutdown=\"on\"")
        .contains("action.resumeRetryCount=\"-1\"");
    Ansible.Run check =
        Ansible.run(List.of("/usr/sbin/rsyslogd", "-N1", "-f", config.toString()), dir);
    assertThat(check.exit()).as(check.output()).isZero();
    assertThat(Files.readString(tls.resolve("ca.pem"))).isEqualTo(Files.readString(certs.rootCa()));
    assertThat(Files.readString(tls.resolve("client.key"))).isEqualTo(clientKey);
    assertThat(mode(tls.resolve("client.key"))).isEqualTo("rw-r-----");
    assertThat(mode(tls.resolve("ca.pem"))).isEqualTo("rw-r--r--");
    assertThat(mode(tls)).isEqualTo("rwxr-x---");

    Ansible.Run again = Ansible.playbook("syslog_target.yml", hosts, "-e", "@" + vars);
    assertThat(again.exit()).as(again.output()).isZero();
    assertThat(again.changed()).as(again.output()).isZero();
    assertThat(Files.readString(config)).isEqualTo(written);

    // The host's rsyslogd, privately: its own work directory (where the queue spills), a file it
    // follows as the host's logs, and the role's file as /etc/rsyslog.conf includes it.
    Path work = Files.createDirectories(dir.resolve("work"));
    Path logFile = Files.writeString(dir.resolve("app.log"), "");
    Path main =
        Files.writeString(
            dir.resolve("rsyslog.conf"),
            """
            global(workDirectory="%s")
            module(load="imfile" mode="polling" PollingInterval="1")
            input(type="imfile" File="%s" Tag="%s:")
            include(file="%s")
            """
                .formatted(work, logFile, APP, config));
    Path daemonLog = dir.resolve("rsyslogd.log");

    // The collector is down: the lines wait, and rsyslogd saves them to disk when it stops.
    start(main, daemonLog);
    append(logFile, 1, 4, "written while the collector is down");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(Files.readString(daemonLog))
                    .contains("cannot connect to 127.0.0.1:" + port));
    stop();
    assertThat(work.resolve("vigie-forward.qi"))
        .as("the queue saved at shutdown; rsyslogd said: %s", Files.readString(daemonLog))
        .exists();

    LogsSettings logs =
        new LogsSettings(
            null,
            null,
            new InetSocketAddress("127.0.0.1", port),
            certs.chain(Kind.VALID),
            certs.key(Kind.VALID),
            certs.rootCa(), // client certificates required
            SyslogReceiver.DEFAULT_MAX_BYTES,
            "logs",
            Duration.ofDays(7),
            16L << 20,
            ZoneOffset.UTC);
    Path inventory =
        Files.writeString(
            dir.resolve("inventory.yml"),
            """
            clients:
              - {id: acme, name: ACME, language: fr, contacts: [it@acme.example]}
            targets:
              - {id: acme-web-1, client: acme, kind: local, address: 127.0.0.1, interval: 60s}
            """);
    try (SnmpEngine snmp = new SnmpEngine(2);
        SshSessions ssh = new SshSessions();
        Collector collector =
            Collector.start(
                Fixtures.settings(inventory, dir.resolve("data"), INFLUX.url(), DB).withLogs(logs),
                InventoryLoader.withSystemSecrets(),
                Collector.defaultSources(snmp, ssh, Clock.systemUTC()),
                new CollectorMetrics(new SimpleMeterRegistry()),
                Clock.systemUTC())) {
      start(main, daemonLog);
      append(logFile, 5, 8, "written while the collector is up");
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(
                          INFLUX.count(
                              DB,
                              "SELECT count(message) FROM logs.syslog WHERE appname = '"
                                  + APP
                                  + "'"))
                      .as("lines in InfluxDB; rsyslogd said: %s", Files.readString(daemonLog))
                      .isEqualTo(8));
    }
    List<JsonNode> rows =
        INFLUX.rows(
            DB,
            "SELECT message, format, client, target FROM logs.syslog WHERE appname = '"
                + APP
                + "'");
    assertThat(rows.stream().map(r -> r.get(1).asString()).sorted())
        .containsExactly(
            "written while the collector is down #1",
            "written while the collector is down #2",
            "written while the collector is down #3",
            "written while the collector is down #4",
            "written while the collector is up #5",
            "written while the collector is up #6",
            "written while the collector is up #7",
            "written while the collector is up #8");
    for (JsonNode row : rows) {
      assertThat(row.get(2).asString()).as("format").isEqualTo("rfc5424");
      assertThat(row.get(3).asString()).as("client").isEqualTo("acme");
      assertThat(row.get(4).asString()).as("target").isEqualTo("acme-web-1");
    }
  }

  private void start(Path config, Path log) throws IOException {
    rsyslogd =
        new ProcessBuilder(
                "/usr/sbin/rsyslogd",
                "-n",
                "-f",
                config.toString(),
                "-i",
                dir.resolve("rsyslogd.pid").toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
  }

  /** Stops rsyslogd as systemd does (SIGTERM), and waits: it saves its queue as it stops. */
  private void stop() throws InterruptedException {
    if (rsyslogd != null) {
      rsyslogd.destroy();
      if (!rsyslogd.waitFor(30, TimeUnit.SECONDS)) {
        rsyslogd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      rsyslogd = null;
    }
  }

  private static void append(Path file, int from, int to, String text) throws IOException {
    StringBuilder s = new StringBuilder();
    for (int i = from; i <= to; i++) {
      s.append(text).append(" #").append(i).append('\n');
    }
    Files.writeString(file, s.toString(), StandardOpenOption.APPEND);
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
