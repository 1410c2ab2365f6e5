package io.vigie.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigie.collector.snmp.Snmpd;
import io.vigie.collector.ssh.Sshd;
import io.vigie.testkit.FreePort;
import io.vigie.testkit.InfluxServer;
import io.vigie.testkit.NatsCluster;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Past one machine, for real: three nats-server nodes in a JetStream cluster, three packaged
 * collectors in one collector group polling the test snmpd and local TCP probes, two InfluxDB
 * replicas each fed by its own {@code vigie ingest}. Collectors and NATS nodes are killed with
 * SIGKILL; an InfluxDB replica and all of NATS are taken away for a while. Every poll is checked to
 * reach both replicas, once, and the takeover of a dead member's targets is measured.
 *
 * <p>The outages are shorter than the (2 minutes of NATS, 5 of InfluxDB) to keep {@code
 * ./vigie test} short; {@code -Dvigie.cluster.nats-outage=120s -Dvigie.cluster.influx-outage=300s}
 * runs them at full length (docs/scaling.md gives both runs' figures).
 */
class ClusterIT {
  @RegisterExtension static final InfluxServer INFLUX_A = new InfluxServer();
  @RegisterExtension static final InfluxServer INFLUX_B = new InfluxServer();
  @RegisterExtension static final Snmpd SNMPD = new Snmpd();
  @RegisterExtension static final Sshd SSHD = new Sshd();

  private static final String DB = "cluster";
  private static final long INTERVAL_MS = 2000;
  private static final Duration BOUND = Duration.ofSeconds(30).plusMillis(INTERVAL_MS);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  private final Map<String, Process> processes = new LinkedHashMap<>();
  private final Map<String, Integer> ports = new HashMap<>();
  private NatsCluster nats;

  @AfterEach
  void stopAll() throws IOException {
    processes.values().forEach(Process::destroyForcibly);
    if (nats != null) {
      nats.close();
    }
  }

  @Test
  void aGroupSharesItsTargetsSurvivesDeathsAndOutagesAndBothReplicasEndEqual() throws Exception {
    Duration natsOutage =
        Duration.parse("PT" + System.getProperty("vigie.cluster.nats-outage", "30s"));
    Duration influxOutage =
        Duration.parse("PT" + System.getProperty("vigie.cluster.influx-outage", "60s"));
    nats = NatsCluster.start(dir, 3);
    INFLUX_A.createDatabase(DB);
    INFLUX_B.createDatabase(DB);
    try (ServerSocket service = new ServerSocket(0)) {
      Thread acceptor = acceptForever(service);
      Path inventory = inventory(service.getLocalPort());
      ingest("influx-a", INFLUX_A);
      ingest("influx-b", INFLUX_B);
      for (String c : List.of("c1", "c2", "c3")) {
        collector(c, inventory);
      }
      Set<String> targets = polledTargets();

      // Shared: every target polled, each by one member only.
      await("every target polled by one member, each member its share")
          .atMost(Duration.ofSeconds(120))
          .until(
              () -> {
                Map<String, Set<String>> pollers = pollersLately(INFLUX_A, 6);
                return pollers.keySet().containsAll(targets)
                    && pollers.values().stream().allMatch(s -> s.size() == 1)
                    && pollers.values().stream()
                        .map(s -> s.iterator().next())
                        .collect(Collectors.toSet())
                        .equals(Set.of("c1", "c2", "c3"));
              });
      Map<String, Set<String>> before = pollersLately(INFLUX_A, 6);
      List<String> c1Targets =
          before.entrySet().stream()
              .filter(e -> e.getValue().contains("c1"))
              .map(Map.Entry::getKey)
              .toList();
      assertThat(c1Targets).as("c1 owns a share: %s", before).isNotEmpty();
      assertThat(before.values().stream().map(s -> s.iterator().next()).collect(Collectors.toSet()))
          .as("each member owns some targets: %s", before)
          .containsExactlyInAnyOrder("c1", "c2", "c3");

      // A member killed: its targets are taken over within the bound.
      long killedAt = System.currentTimeMillis();
      processes.get("c1").destroyForcibly().waitFor();
      await("c1's targets taken over")
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  c1Targets.stream()
                      .allMatch(
                          t -> lastPoller(INFLUX_A, t).filter(c -> !c.equals("c1")).isPresent()));
      long worstGap = 0;
      for (String t : c1Targets) {
        worstGap = Math.max(worstGap, largestGap(INFLUX_A, t, killedAt - 10_000));
      }
      System.out.printf(
          "takeover: worst gap between two polls of a dead member's target %d ms%n", worstGap);
      assertThat(worstGap)
          .as("no target unpolled beyond 30 s + one interval")
          .isLessThanOrEqualTo(BOUND.toMillis());

      // The new owner's first poll gives no rate (no baseline yet), never one spanning the gap.
      for (String t : c1Targets) {
        if (t.startsWith("sw")) {
          double maximum = maxRate(INFLUX_A, t, killedAt - 60_000);
          double afterTakeover = maxRate(INFLUX_A, t, killedAt);
          assertThat(afterTakeover)
              .as("%s's rates after the takeover stay within the rates before it", t)
              .isLessThanOrEqualTo(Math.max(maximum * 3, 1_000_000));
          assertThat(firstPollHasNoRate(INFLUX_A, t, killedAt))
              .as("%s: the new owner's first interface point carries no rate", t)
              .isTrue();
        }
      }

      // It returns: it takes a share back, and no target is polled twice.
      collector("c1", inventory);
      await("c1 takes a fair share back")
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  pollersLately(INFLUX_A, 6).values().stream().anyMatch(s -> s.equals(Set.of("c1")))
                      && pollersLately(INFLUX_A, 6).values().stream().allMatch(s -> s.size() == 1));

      // A NATS node killed mid-stream, then back: no poll missing around it.
      long nodeKilledAt = System.currentTimeMillis();
      nats.kill(0);
      Thread.sleep(10_000);
      nats.restart(0);
      Thread.sleep(5_000);
      for (String t : targets) {
        assertThat(largestGap(INFLUX_A, t, nodeKilledAt - 4_000, nodeKilledAt + 12_000))
            .as("polls of %s kept while a NATS node was down", t)
            .isLessThanOrEqualTo(2 * INTERVAL_MS + 500);
      }

      // One InfluxDB replica away; meanwhile all of NATS away: collectors spool, then drain.
      Map<String, Set<String>> owners = pollersLately(INFLUX_A, 6);
      INFLUX_B.stop();
      long natsDownAt = System.currentTimeMillis();
      for (int i = 0; i < 3; i++) {
        nats.kill(i);
      }
      await("collectors spool while NATS is away")
          .atMost(Duration.ofSeconds(60))
          .until(() -> metric(ports.get("c2"), "vigie_spool_pending") > 0);
      Thread.sleep(Math.max(0, natsOutage.toMillis() - (System.currentTimeMillis() - natsDownAt)));
      double spooled = metric(ports.get("c2"), "vigie_spool_pending");
      System.out.printf(
          "NATS away %d s: c2's spool holds %.0f points%n", natsOutage.toSeconds(), spooled);
      restartAll();
      await("spools drained")
          .atMost(Duration.ofSeconds(120))
          .until(
              () ->
                  List.of("c1", "c2", "c3").stream()
                      .allMatch(c -> metric(ports.get(c), "vigie_spool_pending") == 0));
      long influxDownFor = System.currentTimeMillis() - natsDownAt;
      Thread.sleep(Math.max(0, influxOutage.toMillis() - influxDownFor));
      INFLUX_B.start();

      // Nothing lost: a member that lived through the NATS outage has no gap in its polls.
      for (String t : targets) {
        if (lastPoller(INFLUX_A, t).filter(c -> !c.equals("c1")).isPresent()) {
          assertThat(
                  largestGap(INFLUX_A, t, natsDownAt - 5_000, natsDownAt + natsOutage.toMillis()))
              .as("polls of %s kept through the NATS outage", t)
              .isLessThanOrEqualTo(2 * INTERVAL_MS + 500);
        }
      }
      // No reassignment after the outage: every member kept its targets, polled by it alone.
      Thread.sleep(20_000);
      assertThat(pollersLately(INFLUX_A, 6)).as("owners after the NATS outage").isEqualTo(owners);

      // Both replicas end with the same series and counts.
      long until = System.currentTimeMillis() - 5_000;
      String counts = "SELECT count(*) FROM /.*/ WHERE time < " + until + "ms GROUP BY *";
      await("replica B caught up")
          .atMost(Duration.ofSeconds(120))
          .until(
              () ->
                  INFLUX_A
                      .query(DB, counts)
                      .toString()
                      .equals(INFLUX_B.query(DB, counts).toString()));
      assertThat(INFLUX_B.query(DB, counts).toString())
          .isEqualTo(INFLUX_A.query(DB, counts).toString());
      // Taken over: the dead member's targets, once each, and nothing else, ever (a NATS node's
      // death or an outage of all of NATS moves nothing).
      List<String> takeovers = takeovers();
      assertThat(takeovers)
          .as("every takeover logged by the members")
          .allSatisfy(t -> assertThat(t).endsWith(" from c1"))
          .doesNotHaveDuplicates()
          .containsAll(c1Targets.stream().map(t -> t + " from c1").toList());
      long polls = INFLUX_A.count(DB, "SELECT count(up) FROM poll WHERE time < " + until + "ms");
      assertThat(polls).isGreaterThan(100);
      acceptor.interrupt();
    }
  }

  private void restartAll() throws Exception {
    // Together: a node alone has no quorum and is not healthy until the others are back.
    NatsCluster cluster = nats;
    List<Thread> starts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int node = i;
      Thread t = new Thread(() -> cluster.restart(node));
      t.start();
      starts.add(t);
    }
    for (Thread t : starts) {
      t.join();
    }
  }

  private static Set<String> snmpTargets() {
    Set<String> ids = new TreeSet<>();
    for (int i = 1; i <= 6; i++) {
      ids.add("sw" + i);
    }
    return ids;
  }

  /** The polled targets (SNMP and SSH; the probes' service targets write no poll point). */
  private static Set<String> polledTargets() {
    Set<String> ids = new TreeSet<>(snmpTargets());
    ids.addAll(sshTargets());
    return ids;
  }

  private static Set<String> sshTargets() {
    return new TreeSet<>(List.of("host1", "host2", "host3"));
  }

  private Path inventory(int tcpPort) throws IOException, InterruptedException {
    Path community = Files.writeString(dir.resolve("community"), "public\n");
    StringBuilder yaml =
        new StringBuilder(
            """
            clients:
              - {id: acme, name: ACME}
            targets:
            """);
    for (String id : snmpTargets()) {
      yaml.append(
          """
            - {id: %s, client: acme, kind: snmp, address: 127.0.0.1, interval: %dms,
               credentials: {community: {file: %s}}, snmp: {port: %d, profiles: [system, if-mib]}}
          """
              .formatted(id, INTERVAL_MS, community, SNMPD.port()));
    }
    for (String id : sshTargets()) {
      yaml.append(
          """
            - {id: %s, client: acme, kind: ssh, address: 127.0.0.1, interval: %dms,
               credentials: {private_key: {file: %s}},
               ssh: {user: %s, port: %d, host_key: "%s"}}
          """
              .formatted(
                  id,
                  INTERVAL_MS,
                  SSHD.userKey(),
                  System.getProperty("user.name"),
                  SSHD.port(),
                  SSHD.hostKeyFingerprint()));
    }
    for (int i = 1; i <= 3; i++) {
      yaml.append(
          """
            - {id: web%d, client: acme, kind: service, address: 127.0.0.1, interval: %dms,
               probes: [{name: tcp, type: tcp, port: %d}]}
          """
              .formatted(i, INTERVAL_MS, tcpPort));
    }
    yaml.append(
        """
        collector_groups:
          - {id: site, members: [c1, c2, c3], clients: [acme]}
        """);
    return Fixtures.write(dir.resolve("inventory.yml"), yaml.toString());
  }

  private void collector(String id, Path inventory) throws IOException {
    int port = ports.computeIfAbsent(id, k -> pick());
    start(
        id,
        List.of(
            "collector",
            "--inventory=" + inventory,
            "--data-dir=" + dir.resolve(id),
            "--port=" + port,
            "--vigie.collector-id=" + id,
            "--vigie.group=site",
            "--vigie.nats.url=" + nats.urls(),
            "--vigie.nats.max-size=256MB",
            "--vigie.self-interval=5s",
            "--vigie.writer.flush-interval=200ms",
            "--vigie.writer.min-backoff=100ms",
            "--vigie.writer.max-backoff=1s"));
  }

  private void ingest(String consumer, InfluxServer influx) throws IOException {
    start(
        consumer,
        List.of(
            "ingest",
            "--vigie.nats.url=" + nats.urls(),
            "--vigie.ingest.consumer=" + consumer,
            "--vigie.nats.max-size=256MB",
            "--vigie.influx.url=" + influx.url(),
            "--vigie.influx.database=" + DB,
            "--vigie.data-dir=" + dir.resolve(consumer),
            "--server.port=" + pick()));
  }

  /** "TARGET from MEMBER" for each takeover the members logged. */
  private static List<String> takeovers() throws IOException {
    java.util.regex.Pattern line =
        java.util.regex.Pattern.compile("takes (\\S+) over from (\\S+),");
    List<String> found = new ArrayList<>();
    for (String c : List.of("c1", "c2", "c3")) {
      for (String l : Files.readAllLines(logs().resolve(c + ".log"))) {
        java.util.regex.Matcher m = line.matcher(l);
        if (m.find()) {
          found.add(m.group(1) + " from " + m.group(2));
        }
      }
    }
    return found;
  }

  /** The processes' logs, kept after the run under target/ for whoever reads a failure. */
  private static Path logs() throws IOException {
    return Files.createDirectories(Path.of("target", "cluster-it"));
  }

  private static int pick() {
    return FreePort.pick();
  }

  private void start(String name, List<String> args) throws IOException {
    String jar = System.getProperty("vigie.collector.jar");
    assertThat(jar)
        .as("run through `mvn verify`, which packages the collector jar first")
        .isNotNull();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar));
    command.addAll(args);
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(logs().resolve(name + ".log").toFile()))
            .start();
    processes.put(name, process);
  }

  /** Which collectors polled each target in the last {@code seconds}. */
  private static Map<String, Set<String>> pollersLately(InfluxServer influx, int seconds) {
    JsonNode result =
        influx
            .query(
                DB,
                "SELECT count(up) FROM poll WHERE time > now() - "
                    + seconds
                    + "s GROUP BY target, collector")
            .path("results")
            .path(0);
    Map<String, Set<String>> pollers = new TreeMap<>();
    for (JsonNode series : result.path("series")) {
      pollers
          .computeIfAbsent(series.path("tags").path("target").asString(), k -> new TreeSet<>())
          .add(series.path("tags").path("collector").asString());
    }
    return pollers;
  }

  private static java.util.Optional<String> lastPoller(InfluxServer influx, String target) {
    JsonNode result =
        influx
            .query(
                DB,
                "SELECT last(up) FROM poll WHERE target = '"
                    + target
                    + "' AND time > now() - 4s GROUP BY collector")
            .path("results")
            .path(0);
    long latest = -1;
    String who = null;
    for (JsonNode series : result.path("series")) {
      long time = series.path("values").path(0).path(0).asLong();
      if (time > latest) {
        latest = time;
        who = series.path("tags").path("collector").asString();
      }
    }
    return java.util.Optional.ofNullable(who);
  }

  private static long largestGap(InfluxServer influx, String target, long fromMs) {
    return largestGap(influx, target, fromMs, System.currentTimeMillis());
  }

  /** The longest time between two consecutive polls of the target within the window, in ms. */
  private static long largestGap(InfluxServer influx, String target, long fromMs, long toMs) {
    List<JsonNode> rows =
        influx.rows(
            DB,
            "SELECT up FROM poll WHERE target = '"
                + target
                + "' AND time >= "
                + fromMs
                + "ms AND time <= "
                + toMs
                + "ms");
    long gap = 0;
    long previous = fromMs;
    for (JsonNode row : rows) {
      long time = row.get(0).asLong();
      gap = Math.max(gap, time - previous);
      previous = time;
    }
    return Math.max(gap, toMs - previous);
  }

  /** The largest inbound byte rate of the target's interfaces since {@code fromMs}. */
  private static double maxRate(InfluxServer influx, String target, long fromMs) {
    List<JsonNode> rows =
        influx.rows(
            DB,
            "SELECT max(in_bytes_per_sec) FROM interface WHERE target = '"
                + target
                + "' AND time >= "
                + fromMs
                + "ms");
    return rows.isEmpty() || rows.get(0).get(1).isNull() ? 0 : rows.get(0).get(1).asDouble();
  }

  /**
   * Whether each interface's first point after {@code fromMs} carries no rate: the dead member
   * polled nothing after it, so that point is the new owner's first poll, which has no baseline.
   */
  private static boolean firstPollHasNoRate(InfluxServer influx, String target, long fromMs) {
    JsonNode result =
        influx
            .query(
                DB,
                "SELECT in_bytes_per_sec, oper_status FROM interface WHERE target = '"
                    + target
                    + "' AND time >= "
                    + fromMs
                    + "ms GROUP BY ifindex LIMIT 1")
            .path("results")
            .path(0);
    int series = 0;
    for (JsonNode s : result.path("series")) {
      series++;
      if (!s.path("values").path(0).path(1).isNull()) {
        return false;
      }
    }
    return series > 0;
  }

  private static double metric(int port, String name) {
    try {
      String text =
          HTTP.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      return text.lines()
          .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
          .sum();
    } catch (IOException | RuntimeException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static Thread acceptForever(ServerSocket server) {
    Thread t =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  server.accept().close(); // accepted and closed: the tcp probe's answer
                } catch (IOException e) {
                  return;
                }
              }
            });
    t.setDaemon(true);
    t.start();
    return t;
  }
}
