package io.vigie.dashboards.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.collector.Collector;
import io.vigie.collector.CollectorSettings;
import io.vigie.collector.it.Fixtures;
import io.vigie.collector.logs.LogsSettings;
import io.vigie.collector.logs.SyslogReceiver;
import io.vigie.collector.metrics.CollectorMetrics;
import io.vigie.collector.probe.Probers;
import io.vigie.collector.snmp.Snmpd;
import io.vigie.collector.ssh.Sshd;
import io.vigie.dashboards.generate.DashboardJson;
import io.vigie.dashboards.generate.Generated;
import io.vigie.dashboards.generate.Generator;
import io.vigie.dashboards.grafana.Dashboard;
import io.vigie.model.dashboard.DashboardNames;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.model.schema.FieldDef;
import io.vigie.model.schema.Schema;
import io.vigie.testkit.InfluxServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Every InfluxQL query of the generated dashboards (panels and template variables) runs against a
 * real InfluxDB filled by real collector polls of this host, a real snmpd and a real sshd, and real
 * probes (tcp and http, of the test's InfluxDB itself), with Grafana's macros replaced the way
 * Grafana does, and must answer without error and with data. A probe panel's every column must have
 * data: the generator draws only the fields the probe's type writes. Syslog lines reach the
 * collector's receiver over TCP from each target's address (and from an address that is no
 * target's): each logs panel shows exactly its target's or client's lines, newest first.
 */
class DashboardQueriesIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();
  @RegisterExtension static final Snmpd SNMPD = new Snmpd();
  @RegisterExtension static final Sshd SSHD = new Sshd();

  private static final String DB = "dashboards";
  private static final io.vigie.collector.snmp.SnmpEngine SNMP =
      new io.vigie.collector.snmp.SnmpEngine(16);
  private static final io.vigie.collector.ssh.SshSessions SSH =
      new io.vigie.collector.ssh.SshSessions();

  /** The statuses the alerting service would have given, one of each so every count has data. */
  private static final Map<String, Integer> STATUS =
      Map.of(
          "collector-host",
          0,
          "acme-sw",
          2,
          "acme-web",
          1,
          "acme-db",
          3,
          "acme-app",
          0,
          "acme-services",
          0);

  /** The severities each target sends a line of. */
  private static final List<String> SEVERITIES = List.of("err", "warning", "info", "debug");

  /** Lines from an address no target has: the NOC's bucket, on no client's dashboard. */
  private static final int UNATTRIBUTED = 2;

  @TempDir Path dir;

  @AfterAll
  static void close() throws Exception {
    SSH.close();
    SNMP.close();
  }

  @Test
  void everyQueryOfEveryGeneratedDashboardRunsAndReturnsData() throws Exception {
    Instant start = Instant.now();
    Path inventoryFile = Files.writeString(dir.resolve("inventory.yml"), inventory());
    CollectorSettings settings =
        Fixtures.settings(inventoryFile, dir.resolve("data"), INFLUX.url(), DB)
            .withLogs(
                new LogsSettings(
                    null,
                    new InetSocketAddress("127.0.0.1", 0),
                    null,
                    null,
                    null,
                    null,
                    SyslogReceiver.DEFAULT_MAX_BYTES,
                    Generator.DEFAULT_LOGS_RETENTION_POLICY,
                    Duration.ofDays(30),
                    64L << 20,
                    ZoneOffset.UTC));
    try (Probers probers = Collector.defaultProbers(null);
        Collector collector =
            Collector.start(
                settings,
                InventoryLoader.withSystemSecrets(),
                Collector.defaultSources(SNMP, SSH, Clock.systemUTC()),
                probers,
                new CollectorMetrics(new SimpleMeterRegistry()),
                Clock.systemUTC())) {
      // 5 polled targets, and 2 probes of the service target (which has no polls of its own)
      assertThat(collector.scheduler().size()).isEqualTo(7);
      sendLogs(java.util.Objects.requireNonNull(collector.logs()).receiver().tcpPort());
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(() -> assertThat(missing()).isEmpty());
    }
    writeStatuses();
    Instant end = Instant.now().plusSeconds(5);

    Inventory inventory = InventoryLoader.withSystemSecrets().load(inventoryFile);
    Generated generated = new Generator().generate(inventory);
    List<String> failures = new ArrayList<>();
    int queries = 0;
    int probePanels = 0;
    Map<String, Integer> counts = new java.util.TreeMap<>();
    Map<String, List<String>> logLines = new TreeMap<>();
    Map<String, Map<String, Integer>> bySeverity = new TreeMap<>();
    for (Dashboard dashboard : generated.dashboards()) {
      JsonNode tree = DashboardJson.tree(dashboard);
      Map<String, List<String>> variables = new LinkedHashMap<>();
      for (JsonNode variable : tree.at("/templating/list")) {
        String query = variable.path("query").asString();
        JsonNode answer = INFLUX.query(DB, query);
        queries++;
        List<String> values = new ArrayList<>();
        answer.at("/results/0/series/0/values").forEach(row -> values.add(row.get(1).asString()));
        check(
            dashboard.uid() + " variable $" + variable.path("name").asString(),
            query,
            answer,
            failures);
        variables.put(variable.path("name").asString(), values);
      }
      // Grafana's panel width in points, and the data source's minimum interval: the polls here
      // come every second.
      GrafanaMacros macros =
          new GrafanaMacros(start.minusSeconds(60), end, 1000, Duration.ofSeconds(1), variables);
      for (JsonNode panel : tree.path("panels")) {
        for (JsonNode target : panel.path("targets")) {
          String query = macros.apply(target.path("query").asString());
          queries++;
          JsonNode answer = INFLUX.query(DB, query);
          check(
              dashboard.uid() + " \"" + panel.path("title").asString() + "\"",
              query,
              answer,
              failures);
          if (query.contains("FROM \"probe\" WHERE \"target\" = ")) {
            probePanels++;
            everyColumnHasData(
                dashboard.uid() + " \"" + panel.path("title").asString() + "\"",
                query,
                answer,
                failures);
          }
          if (query.contains("FROM \"logs\".\"syslog\"")) {
            if (panel.path("type").asString().equals("table")) {
              logLines.put(dashboard.uid(), messagesNewestFirst(answer));
            } else {
              bySeverity.put(dashboard.uid(), sumsBySeverity(answer));
            }
          }
          if (List.of("RUN", "WARNING", "ERROR", "DEAD").contains(panel.path("title").asString())) {
            counts.put(
                dashboard.uid() + " " + panel.path("title").asString(),
                (int) Math.round(answer.at("/results/0/series/0/values/0/1").asDouble(-1)));
          }
        }
      }
    }
    assertThat(failures).as("%d queries", queries).isEmpty();
    assertThat(queries).isGreaterThan(60);
    // tcp: up, phases, last runs; http: the same and its status.
    assertThat(probePanels).isEqualTo(7);
    // The counts per status match the statuses written, zeros included.
    assertThat(counts)
        .containsEntry("vigie-overview RUN", 3)
        .containsEntry("vigie-overview WARNING", 1)
        .containsEntry("vigie-overview ERROR", 1)
        .containsEntry("vigie-overview DEAD", 1)
        .containsEntry("vigie-c-noc RUN", 1)
        .containsEntry("vigie-c-noc WARNING", 0)
        .containsEntry("vigie-c-noc DEAD", 0)
        .containsEntry("vigie-c-acme RUN", 2)
        .containsEntry("vigie-c-acme ERROR", 1);
    logsPanelsShowTheirOwnLinesOnly(inventory, logLines, bySeverity);
  }

  /**
   * Each target's dashboard shows its own lines, each client's overview its targets' lines and
   * their count per severity; nothing of another client's, nor of the NOC's bucket.
   */
  private static void logsPanelsShowTheirOwnLinesOnly(
      Inventory inventory,
      Map<String, List<String>> logLines,
      Map<String, Map<String, Integer>> bySeverity) {
    Map<String, List<String>> expected = new TreeMap<>();
    Map<String, Map<String, Integer>> expectedCounts = new TreeMap<>();
    for (io.vigie.model.inventory.Target target : inventory.targets()) {
      List<String> own = SEVERITIES.stream().map(s -> line(target.id(), s)).toList();
      expected.put(DashboardNames.targetUid(target.id()), own);
      expected
          .computeIfAbsent(DashboardNames.clientUid(target.client()), k -> new ArrayList<>())
          .addAll(own);
      Map<String, Integer> counts =
          expectedCounts.computeIfAbsent(
              DashboardNames.clientUid(target.client()), k -> new TreeMap<>());
      SEVERITIES.forEach(s -> counts.merge(s, 1, Integer::sum));
    }
    assertThat(logLines.keySet()).isEqualTo(expected.keySet());
    expected.forEach(
        (uid, lines) ->
            assertThat(logLines.get(uid)).as(uid).containsExactlyInAnyOrderElementsOf(lines));
    assertThat(bySeverity).isEqualTo(expectedCounts);
  }

  /** A log table's messages, after checking that its rows come newest first. */
  private static List<String> messagesNewestFirst(JsonNode answer) {
    JsonNode series = answer.at("/results/0/series/0");
    List<String> columns = new ArrayList<>();
    series.path("columns").forEach(c -> columns.add(c.asString()));
    int message = columns.indexOf("message");
    List<String> messages = new ArrayList<>();
    Instant previous = Instant.MAX;
    for (JsonNode row : series.path("values")) {
      // The test kit asks InfluxDB for times in milliseconds since the epoch.
      Instant time = Instant.ofEpochMilli(row.path(0).asLong());
      assertThat(time).as("newest first").isBeforeOrEqualTo(previous);
      previous = time;
      messages.add(row.path(message).asString());
    }
    return messages;
  }

  /** A count-per-severity graph's lines in the whole range, by severity. */
  private static Map<String, Integer> sumsBySeverity(JsonNode answer) {
    Map<String, Integer> sums = new TreeMap<>();
    for (JsonNode series : answer.at("/results/0/series")) {
      int sum = 0;
      for (JsonNode row : series.path("values")) {
        sum += row.path(1).asInt();
      }
      sums.put(series.at("/tags/severity").asString(), sum);
    }
    return sums;
  }

  private static String line(String target, String severity) {
    return "line from " + target + " (" + severity + ")";
  }

  /**
   * A line of each severity from each target, as its host would send it: {@code collector-host}
   * from its address (127.0.0.2), the others from 127.0.0.1, an address they share, naming their
   * own host (a relay's way; the collector believes a host name of the sender's own client). Then
   * lines from an address that is no target's, though they name a client's host: the NOC's bucket.
   */
  private static void sendLogs(int port) throws Exception {
    new SyslogSender("127.0.0.2", port)
        .send("collector-host", "cron", SEVERITIES, "line from collector-host");
    SyslogSender shared = new SyslogSender("127.0.0.1", port);
    for (String target : List.of("acme-sw", "acme-web", "acme-db", "acme-app", "acme-services")) {
      shared.send(target, "sshd", SEVERITIES, "line from " + target);
    }
    new SyslogSender("127.0.0.3", port)
        .send("acme-web", "sshd", SEVERITIES.subList(0, UNATTRIBUTED), "line from nowhere");
  }

  private static void check(String where, String query, JsonNode answer, List<String> failures) {
    JsonNode result = answer.path("results").path(0);
    if (answer.has("error") || result.has("error")) {
      failures.add(
          where
              + ": error "
              + answer.path("error").asString(result.path("error").asString())
              + "\n  "
              + query);
    } else if (result.path("series").isEmpty()) {
      failures.add(where + ": no data\n  " + query);
    }
  }

  /**
   * Every column of a probe panel's answer has a value in some row: a field the probe's type does
   * not write must not be drawn.
   */
  private static void everyColumnHasData(
      String where, String query, JsonNode answer, List<String> failures) {
    JsonNode series = answer.path("results").path(0).path("series");
    if (series.isEmpty()) {
      return; // check() said so
    }
    JsonNode columns = series.path(0).path("columns");
    for (int c = 1; c < columns.size(); c++) {
      boolean found = false;
      for (JsonNode s : series) {
        for (JsonNode row : s.path("values")) {
          if (!row.path(c).isNull() && !row.path(c).isMissingNode()) {
            found = true;
          }
        }
      }
      if (!found) {
        failures.add(where + ": no data in column " + columns.path(c).asString() + "\n  " + query);
      }
    }
  }

  /** What the polls have not written yet: rates need two polls, differences two samples. */
  private static List<String> missing() {
    Map<String, Long> wanted = new LinkedHashMap<>();
    wanted.put("SELECT count(bytes_recv_per_sec) FROM net WHERE target = 'collector-host'", 2L);
    wanted.put("SELECT count(bytes_recv_per_sec) FROM net WHERE target = 'acme-web'", 2L);
    wanted.put("SELECT count(in_bytes_per_sec) FROM interface WHERE target = 'acme-sw'", 2L);
    wanted.put("SELECT count(status) FROM \"check\" WHERE target = 'acme-web'", 3L);
    wanted.put("SELECT count(processes) FROM device", 2L);
    wanted.put("SELECT count(mtu) FROM if_mtu", 2L);
    wanted.put("SELECT count(used_percent) FROM storage", 2L);
    wanted.put("SELECT count(usage_percent) FROM cpu WHERE target = 'acme-sw'", 1L);
    wanted.put("SELECT count(count) FROM vigie_collector WHERE meter = 'vigie.polls'", 8L);
    // Both probes up twice: the http one has its status, the tcp one its connection.
    wanted.put("SELECT count(http_status) FROM probe WHERE target = 'acme-services'", 2L);
    wanted.put("SELECT count(connect_ms) FROM probe WHERE target = 'acme-services'", 2L);
    wanted.put("SELECT sum(up) FROM probe WHERE target = 'acme-services'", 4L);
    // Every line sent, the NOC's bucket's included.
    wanted.put(
        "SELECT count(message) FROM \"logs\".\"syslog\"",
        (long) (6 * SEVERITIES.size() + UNATTRIBUTED));
    wanted.put(
        "SELECT count(message) FROM \"logs\".\"syslog\" WHERE client = ''", (long) UNATTRIBUTED);
    List<String> missing = new ArrayList<>();
    wanted.forEach(
        (query, atLeast) -> {
          long count = INFLUX.count(DB, query);
          if (count < atLeast) {
            missing.add(query + ": " + count + " < " + atLeast);
          }
        });
    return missing;
  }

  /**
   * Status points as the alerting service writes them (the {@code status} measurement of the
   * schema): a transition half a minute ago, then a refresh.
   */
  private static void writeStatuses() throws Exception {
    List<String> fields = Schema.STATUS.fields().stream().map(FieldDef::name).toList();
    assertThat(fields)
        .containsExactly(
            "code",
            "status",
            "previous",
            "changed",
            "check",
            "cause",
            "cause_noc",
            "suppressed",
            "flapping");
    String[] names = {"RUN", "WARNING", "ERROR", "DEAD"};
    Map<String, String> clients = new HashMap<>();
    clients.put("collector-host", "noc");
    long now = System.currentTimeMillis();
    StringBuilder lines = new StringBuilder();
    STATUS.forEach(
        (target, code) -> {
          String tags =
              "status,client="
                  + clients.getOrDefault(target, "acme")
                  + ",target="
                  + target
                  + ",kind=x ";
          for (boolean changed : new boolean[] {true, false}) {
            lines
                .append(tags)
                .append("code=")
                .append(code)
                .append("i,status=\"")
                .append(names[code])
                .append("\",previous=0i,changed=")
                .append(changed)
                .append(",check=\"cpu.usage_percent\",cause=\"Utilisation CPU à 97,2 %\"")
                .append(",cause_noc=\"above error level 95 (97.2)\"")
                .append(",suppressed=false,flapping=false ")
                .append(changed ? now - 30_000 : now - 1_000)
                .append('\n');
          }
        });
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(INFLUX.url() + "/write?db=" + DB + "&precision=ms"))
                    .POST(HttpRequest.BodyPublishers.ofString(lines.toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
  }

  private String inventory() throws Exception {
    Path community = Files.writeString(dir.resolve("community"), "public\n");
    String fingerprint = SSHD.hostKeyFingerprint();
    String user = System.getProperty("user.name");
    StringBuilder yaml =
        new StringBuilder(
            """
            clients:
              - {id: noc, name: NOC internal, language: en, contacts: [noc@example.net]}
              - {id: acme, name: ACME Industries, language: fr, contacts: [it@acme.example]}
            targets:
              - {id: collector-host, client: noc, kind: local, address: 127.0.0.2, interval: 1s}
              - id: acme-sw
                client: acme
                kind: snmp
                address: 127.0.0.1
                interval: 1s
                credentials: {community: {file: %s}}
                snmp:
                  version: 2c
                  port: %d
                  profiles: [system, if-mib, host-resources, ucd]
                  custom:
                    scalars:
                      - {oid: 1.3.6.1.2.1.25.1.6.0, measurement: device, field: processes, type: gauge}
                    tables:
                      - measurement: if_mtu
                        index_tag: ifindex
                        columns:
                          - {oid: 1.3.6.1.2.1.2.2.1.4, field: mtu, type: integer}
                          - {oid: 1.3.6.1.2.1.2.2.1.2, tag: descr}
            """
                .formatted(community, SNMPD.port()));
    for (String id : List.of("acme-web", "acme-db", "acme-app")) {
      yaml.append(
          """
            - id: %s
              client: acme
              kind: ssh
              address: 127.0.0.1
              interval: 1s
              credentials: {private_key: {file: %s}}
              ssh:
                user: %s
                port: %d
                host_key: %s
          """
              .formatted(id, SSHD.userKey(), user, SSHD.port(), fingerprint));
      if (id.equals("acme-web")) {
        yaml.append(
            """
                  checks:
                    - {name: ok, command: "echo 'OK - fine | load=0.5;1;2'"}
                    - {name: warm, command: "echo 'WARNING - warm | temp=70;60;80'; exit 1"}
            """);
      }
    }
    int influxPort = URI.create(INFLUX.url()).getPort();
    yaml.append(
        """
          - id: acme-services
            client: acme
            kind: service
            address: 127.0.0.1
            interval: 1s
            probes:
              - {name: influxdb-port, type: tcp, port: %d}
              - {name: influxdb-ping, type: http, url: "http://{address}:%d/ping", expect_status: [204]}
        """
            .formatted(influxPort, influxPort));
    return yaml.toString();
  }
}
