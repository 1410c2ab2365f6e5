package io.vigie.collector.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.collector.Collector;
import io.vigie.collector.it.Fixtures;
import io.vigie.collector.metrics.CollectorMetrics;
import io.vigie.collector.snmp.SnmpEngine;
import io.vigie.collector.ssh.SshSessions;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.testkit.FreePort;
import io.vigie.testkit.InfluxServer;
import io.vigie.testkit.TestCertificates;
import io.vigie.testkit.TestCertificates.Kind;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The collector with its syslog receiver on UDP, TCP and TLS (client certificates required), fed by
 * the real senders operators run: a private rsyslogd (with rsyslog-gnutls) and syslog-ng, each
 * following files the test writes to and forwarding them in both formats over every transport.
 * Every line reaches InfluxDB attributed to the sender's target, in the logs' own retention policy;
 * a sender whose certificate no authority of the receiver signed is refused and counted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CollectorLogsIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();
  private static final String DB = "logs_it";

  @TempDir static Path dir;
  private TestCertificates certs;
  private SnmpEngine snmp;
  private SshSessions ssh;
  private Collector collector;
  private SimpleMeterRegistry registry;
  private int udp;
  private int tcp;
  private int tls;

  @BeforeAll
  void start() throws Exception {
    Files.createDirectories(dir.resolve("certs"));
    certs = TestCertificates.mint(dir.resolve("certs"));
    Path inventory =
        Files.writeString(
            dir.resolve("inventory.yml"),
            """
            clients:
              - {id: acme, name: ACME, language: fr, contacts: [it@acme.example]}
            targets:
              - id: relay
                client: acme
                kind: local
                address: 127.0.0.1
                interval: 60s
                log_rules:
                  - {name: auth, match: "Failed password for \\\\S+", level: ERROR, count: 3}
            """);
    udp = FreePort.pick();
    tcp = FreePort.pick();
    tls = FreePort.pick();
    LogsSettings logs =
        new LogsSettings(
            new InetSocketAddress("127.0.0.1", udp),
            new InetSocketAddress("127.0.0.1", tcp),
            new InetSocketAddress("127.0.0.1", tls),
            certs.chain(Kind.VALID),
            certs.key(Kind.VALID),
            certs.rootCa(),
            SyslogReceiver.DEFAULT_MAX_BYTES,
            "logs",
            Duration.ofDays(14),
            64L << 20,
            ZoneOffset.UTC);
    snmp = new SnmpEngine(8);
    ssh = new SshSessions();
    registry = new SimpleMeterRegistry();
    collector =
        Collector.start(
            Fixtures.settings(inventory, dir.resolve("data"), INFLUX.url(), DB).withLogs(logs),
            InventoryLoader.withSystemSecrets(),
            Collector.defaultSources(snmp, ssh, Clock.systemUTC()),
            new CollectorMetrics(registry),
            Clock.systemUTC());
  }

  @AfterAll
  void stop() throws Exception {
    collector.close();
    ssh.close();
    snmp.close();
  }

  @Test
  void theLogsRetentionPolicyIsCreatedApartFromTheMetrics() {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Map<String, String> policies = new HashMap<>();
              for (JsonNode row : INFLUX.rows(DB, "SHOW RETENTION POLICIES ON " + DB)) {
                policies.put(row.get(0).asString(), row.get(1).asString());
              }
              assertThat(policies).containsEntry("logs", "336h0m0s").containsKey("autogen");
            });
  }

  @Test
  void rsyslogOverUdpTcpAndTlsInBothFormats() throws Exception {
    Path rs = Files.createDirectories(dir.resolve("rsyslog"));
    String config =
        """
        module(load="imfile" mode="polling" PollingInterval="1")
        ruleset(name="udp") {
          action(type="omfwd" target="127.0.0.1" port="%d" protocol="udp"
                 template="RSYSLOG_TraditionalForwardFormat")
        }
        ruleset(name="tcp") {
          action(type="omfwd" target="127.0.0.1" port="%d" protocol="tcp"
                 template="RSYSLOG_ForwardFormat")
        }
        ruleset(name="tls") {
          action(type="omfwd" target="127.0.0.1" port="%d" protocol="tcp"
                 TCP_Framing="octet-counted" template="RSYSLOG_SyslogProtocol23Format"
                 StreamDriver="gtls" StreamDriverMode="1" StreamDriverAuthMode="x509/name"
                 StreamDriverPermittedPeers="localhost"
                 StreamDriver.CAFile="%s" StreamDriver.CertFile="%s" StreamDriver.KeyFile="%s")
        }
        input(type="imfile" File="%s" Tag="rs-udp:" Facility="local0" Severity="warning"
              ruleset="udp")
        input(type="imfile" File="%s" Tag="rs-tcp:" Facility="local1" Severity="err"
              ruleset="tcp")
        input(type="imfile" File="%s" Tag="rs-tls:" Facility="local2" Severity="notice"
              ruleset="tls")
        """
            .formatted(
                udp,
                tcp,
                tls,
                certs.rootCa(),
                certs.chain(Kind.VALID),
                certs.key(Kind.VALID),
                rs.resolve("udp.log"),
                rs.resolve("tcp.log"),
                rs.resolve("tls.log"));
    for (String f : List.of("udp.log", "tcp.log", "tls.log")) {
      Files.writeString(rs.resolve(f), "");
    }
    try (SyslogDaemon daemon = SyslogDaemon.rsyslog(rs, config)) {
      for (String transport : List.of("udp", "tcp", "tls")) {
        append(rs.resolve(transport + ".log"), 5, "rsyslog over " + transport + " née à Paris");
      }
      awaitLines("rs-udp", 5, daemon);
      awaitLines("rs-tcp", 5, daemon);
      awaitLines("rs-tls", 5, daemon);
    }
    assertLines("rs-udp", "rfc3164", "local0", "warning", "rsyslog over udp née à Paris");
    assertLines("rs-tcp", "rfc3164", "local1", "err", "rsyslog over tcp née à Paris");
    assertLines("rs-tls", "rfc5424", "local2", "notice", "rsyslog over tls née à Paris");
  }

  @Test
  void syslogNgOverUdpTcpAndTlsInBothFormats() throws Exception {
    Path ng = Files.createDirectories(dir.resolve("syslog-ng"));
    StringBuilder config = new StringBuilder("options { keep-hostname(yes); };\n");
    Map<String, String> destinations =
        Map.of(
            "ng-udp",
            "network(\"127.0.0.1\" port(%d) transport(\"udp\"))".formatted(udp),
            "ng-tcp",
            "network(\"127.0.0.1\" port(%d) transport(\"tcp\"))".formatted(tcp),
            "ng-5424",
            "syslog(\"127.0.0.1\" port(%d) transport(\"tcp\"))".formatted(tcp),
            "ng-tls",
            ("syslog(\"127.0.0.1\" port(%d) transport(\"tls\") tls(ca-file(\"%s\")"
                    + " cert-file(\"%s\") key-file(\"%s\") peer-verify(required-trusted)))")
                .formatted(tls, certs.rootCa(), certs.chain(Kind.VALID), certs.key(Kind.VALID)));
    for (Map.Entry<String, String> d : destinations.entrySet()) {
      String name = d.getKey().replace('-', '_');
      Path file = ng.resolve(d.getKey() + ".log");
      Files.writeString(file, "");
      config
          .append("source s_")
          .append(name)
          .append(" { file(\"")
          .append(file)
          .append("\" follow-freq(1) flags(no-parse) program-override(\"")
          .append(d.getKey())
          .append("\")); };\ndestination d_")
          .append(name)
          .append(" { ")
          .append(d.getValue(), 0, d.getValue().length() - 1)
          .append(" persist-name(\"")
          .append(name)
          .append("\")); };\nlog { source(s_")
          .append(name)
          .append("); destination(d_")
          .append(name)
          .append("); };\n");
    }
    try (SyslogDaemon daemon = SyslogDaemon.syslogNg(ng, config.toString())) {
      for (String app : destinations.keySet()) {
        append(ng.resolve(app + ".log"), 4, "syslog-ng as " + app + " ✓");
      }
      for (String app : destinations.keySet()) {
        awaitLines(app, 4, daemon);
      }
    }
    assertLines("ng-udp", "rfc3164", "user", "notice", "syslog-ng as ng-udp ✓");
    assertLines("ng-tcp", "rfc3164", "user", "notice", "syslog-ng as ng-tcp ✓");
    assertLines("ng-5424", "rfc5424", "user", "notice", "syslog-ng as ng-5424 ✓");
    assertLines("ng-tls", "rfc5424", "user", "notice", "syslog-ng as ng-tls ✓");
  }

  @Test
  void aSenderWithACertificateNoAuthorityOfTheReceiverSignedIsRefusedAndCounted() throws Exception {
    Path rs = Files.createDirectories(dir.resolve("rsyslog-untrusted"));
    Path file = Files.writeString(rs.resolve("in.log"), "");
    String config =
        """
        module(load="imfile" mode="polling" PollingInterval="1")
        ruleset(name="tls") {
          action(type="omfwd" target="127.0.0.1" port="%d" protocol="tcp"
                 TCP_Framing="octet-counted" template="RSYSLOG_SyslogProtocol23Format"
                 StreamDriver="gtls" StreamDriverMode="1" StreamDriverAuthMode="x509/name"
                 StreamDriverPermittedPeers="localhost"
                 StreamDriver.CAFile="%s" StreamDriver.CertFile="%s" StreamDriver.KeyFile="%s")
        }
        input(type="imfile" File="%s" Tag="rs-untrusted:" ruleset="tls")
        """
            .formatted(
                tls, certs.rootCa(), certs.chain(Kind.UNTRUSTED), certs.key(Kind.UNTRUSTED), file);
    double before = gauge("vigie.logs.tls.refused");
    try (SyslogDaemon daemon = SyslogDaemon.rsyslog(rs, config)) {
      append(file, 3, "from a stranger");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(gauge("vigie.logs.tls.refused"))
                      .as(daemon.output())
                      .isGreaterThan(before));
    }
    assertThat(
            INFLUX.count(
                DB, "SELECT count(message) FROM logs.syslog WHERE appname = 'rs-untrusted'"))
        .isZero();
  }

  @Test
  void linesMatchingALogRuleAreCountedAndQuotedInLogmatchPoints() throws Exception {
    List<String> lines =
        List.of(
            "Failed password for root from 203.0.113.9 port 50022 ssh2",
            "Accepted publickey for deploy",
            "Failed password for admin from 203.0.113.9 port 50023 ssh2",
            "Failed password for\tbob from 203.0.113.9",
            "Failed password for oracle from 203.0.113.9 port 50024 ssh2");
    for (String line : lines) {
      Process p =
          new ProcessBuilder(
                  "logger",
                  "-n",
                  "127.0.0.1",
                  "-P",
                  Integer.toString(tcp),
                  "-T",
                  "-t",
                  "sshd",
                  line)
              .redirectErrorStream(true)
              .start();
      assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        INFLUX.rows(
                            DB,
                            "SELECT sum(matches) FROM logmatch WHERE rule = 'auth'"
                                + " AND target = 'relay' AND client = 'acme'"))
                    .singleElement()
                    .satisfies(row -> assertThat(row.get(1).asLong()).isEqualTo(3)));
    String quoted =
        INFLUX
            .rows(DB, "SELECT last(lines) FROM logmatch WHERE rule = 'auth'")
            .get(0)
            .get(1)
            .asString();
    assertThat(quoted).contains("Failed password for oracle from 203.0.113.9 port 50024 ssh2");
    assertThat(quoted.lines().count()).isLessThanOrEqualTo(3);
  }

  @Test
  void malformedInputIsKeptAsWellAsItCanBeAndTheRestOfTheConnectionToo() throws Exception {
    double truncatedBefore = gauge("vigie.logs.truncated");
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    bytes.write(new byte[] {0, 1, 2, (byte) 0xff, 'b', 'i', 'n', 0, '\n'});
    bytes.write(("<13>Nov 30 12:00:00 web-1 huge: " + "x".repeat(1 << 20) + "\n").getBytes());
    bytes.write("<13>Nov 30 12:00:01 web-1 utf: caf".getBytes());
    bytes.write(new byte[] {(byte) 0xc3, (byte) 0x28, '\n'}); // an invalid sequence
    bytes.write("<13>Nov 30 12:00:02 web-1 fine: still read\n".getBytes());
    bytes.write("500 <13>Nov 30 12:00:03 web-1 cut: the sender went away".getBytes());
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", tcp)) {
      socket.getOutputStream().write(bytes.toByteArray());
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        INFLUX.count(
                            DB,
                            "SELECT count(message) FROM logs.syslog WHERE appname =~"
                                + " /^(huge|utf|fine|cut)$/"))
                    .isEqualTo(4));
    assertThat(gauge("vigie.logs.truncated")).isGreaterThan(truncatedBefore);
    JsonNode huge =
        INFLUX.rows(DB, "SELECT message, truncated FROM logs.syslog WHERE appname = 'huge'").get(0);
    assertThat(huge.get(1).asString()).startsWith("xxxx").hasSizeGreaterThan(60_000);
    assertThat(huge.get(2).asLong()).isEqualTo(1);
    assertThat(
            INFLUX
                .rows(DB, "SELECT message FROM logs.syslog WHERE appname = 'utf'")
                .get(0)
                .get(1)
                .asString())
        .isEqualTo("caf\uFFFD(");
    assertThat(
            INFLUX
                .rows(DB, "SELECT message FROM logs.syslog WHERE appname = 'cut'")
                .get(0)
                .get(1)
                .asString())
        .isEqualTo("the sender went away");
    assertThat(
            INFLUX.count(
                DB,
                "SELECT count(message) FROM logs.syslog WHERE format = 'raw' AND message =~ /bin/"))
        .as("binary is kept, as raw")
        .isEqualTo(1);
  }

  private double gauge(String name) {
    return registry.get(name).gauge().value();
  }

  private static void append(Path file, int lines, String text) throws Exception {
    StringBuilder s = new StringBuilder();
    for (int i = 1; i <= lines; i++) {
      s.append(text).append(" #").append(i).append('\n');
    }
    Files.writeString(file, s.toString(), StandardOpenOption.APPEND);
  }

  private static void awaitLines(String app, int lines, SyslogDaemon daemon) {
    await()
        .atMost(Duration.ofSeconds(40))
        .untilAsserted(
            () ->
                assertThat(
                        INFLUX.count(
                            DB,
                            "SELECT count(message) FROM logs.syslog WHERE appname = '" + app + "'"))
                    .as("%s lines in InfluxDB; the daemon said: %s", app, daemon.output())
                    .isEqualTo(lines));
  }

  private static void assertLines(
      String app, String format, String facility, String severity, String text) {
    List<JsonNode> rows =
        INFLUX.rows(
            DB,
            "SELECT message, format, facility, severity, client, target FROM logs.syslog"
                + " WHERE appname = '"
                + app
                + "'");
    assertThat(rows).hasSizeGreaterThan(0);
    for (int i = 0; i < rows.size(); i++) {
      JsonNode row = rows.get(i);
      // As written in the file: no line feed of the framing, the non-ASCII kept.
      assertThat(row.get(1).asString()).as(app).matches(Pattern.quote(text + " #") + "\\d+");
      assertThat(row.get(2).asString()).as(app + " format").isEqualTo(format);
      assertThat(row.get(3).asString()).as(app + " facility").isEqualTo(facility);
      assertThat(row.get(4).asString()).as(app + " severity").isEqualTo(severity);
      assertThat(row.get(5).asString()).as(app + " client").isEqualTo("acme");
      assertThat(row.get(6).asString()).as(app + " target").isEqualTo("relay");
    }
  }
}
