package io.vigie.bench;

import io.vigie.testkit.FreePort;
import io.vigie.testkit.InfluxServer;
import io.vigie.testkit.NatsCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.JsonNode;

/**
 * The fault scenarios of issue 21 with the packaged collector, as ClusterIT runs them but timed:
 * three members of one group polling SNMP targets of the bench snmpd, their points going through
 * the stream to two InfluxDB replicas each fed by its own {@code vigie ingest}. A member is killed
 * (SIGKILL) and restarted several times: how long its targets went unpolled, and when the last of
 * them was polled by another member. Then replica B is stopped for a while and started again: how
 * long until it holds what replica A holds.
 */
final class TransportFaults {
  private static final String DB = "cluster";
  private static final String VICTIM = "c1";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  record Options(String jar, int targets, int intervalS, int kills, int outageS) {
    static Options of(Map<String, String> opts, boolean quick) {
      return new Options(
          opts.getOrDefault("jar", "collector/target/vigie-collector-exec.jar"),
          Integer.parseInt(opts.getOrDefault("targets", quick ? "9" : "30")),
          Integer.parseInt(opts.getOrDefault("interval-s", "10")),
          Integer.parseInt(opts.getOrDefault("kills", quick ? "1" : "3")),
          Integer.parseInt(opts.getOrDefault("influx-outage-s", quick ? "30" : "300")));
    }
  }

  /** One kill: its targets, the worst gap between two polls of one, the last one's takeover. */
  record Kill(int owned, long worstGapMs, long takeoverMs, double load) {}

  /** Replica B's outage and catch-up. */
  record CatchUp(long outageMs, long catchUpMs, long points, double load) {
    double rate() {
      return points / (catchUpMs / 1000.0);
    }
  }

  record Result(List<Kill> kills, CatchUp catchUp) {}

  private final Path dir;
  private final NatsCluster nats;
  private final Options options;
  private final Map<String, Process> processes = new LinkedHashMap<>();
  private final Map<String, Integer> ports = new LinkedHashMap<>();

  private TransportFaults(Path dir, NatsCluster nats, Options options) {
    this.dir = dir;
    this.nats = nats;
    this.options = options;
  }

  static Result run(Path work, NatsCluster nats, Options options) throws Exception {
    Path dir = Files.createTempDirectory(work, "faults-");
    TransportFaults faults = new TransportFaults(dir, nats, options);
    try (Snmpd snmpd = Snmpd.start(snmpdDir(work), options.targets());
        InfluxServer a = InfluxServer.launch(dir);
        InfluxServer b = InfluxServer.launch(dir)) {
      TransportBench.log("snmpd with %d devices, pid %d", snmpd.devices(), snmpd.pid());
      a.createDatabase(DB);
      b.createDatabase(DB);
      return faults.scenarios(a, b);
    } finally {
      faults.processes.values().forEach(Procs::stop);
    }
  }

  /**
   * snmpd's directory, beside the temp one rather than in it: snmpd runs as nobody when the bench
   * runs as root, and a temp directory is the owner's alone.
   */
  private static Path snmpdDir(Path work) throws IOException {
    return Files.createDirectories(work.resolve("snmpd-faults"));
  }

  private Result scenarios(InfluxServer a, InfluxServer b) throws Exception {
    Path inventory = inventory();
    ingest("influx-a", a);
    ingest("influx-b", b);
    for (String c : List.of("c1", "c2", "c3")) {
      collector(c, inventory);
    }
    List<Kill> kills = new ArrayList<>();
    for (int k = 1; k <= options.kills(); k++) {
      TransportBench.log("takeover %d of %d: waiting for a balanced group", k, options.kills());
      await("every target polled by one member, " + VICTIM + " among them", 300, () -> balanced(a));
      Set<String> owned = new TreeSet<>();
      pollers(a)
          .forEach(
              (t, who) -> {
                if (who.contains(VICTIM)) {
                  owned.add(t);
                }
              });
      long killedAt = System.currentTimeMillis();
      java.util.Objects.requireNonNull(processes.get(VICTIM)).destroyForcibly().waitFor();
      await(
          VICTIM + "'s targets polled by another member",
          180,
          () -> owned.stream().allMatch(t -> takenOverAt(a, t, killedAt) > 0));
      TimeUnit.SECONDS.sleep(3);
      long worstGap = 0;
      long last = 0;
      for (String t : owned) {
        long at = takenOverAt(a, t, killedAt);
        last = Math.max(last, at);
        worstGap = Math.max(worstGap, gapAround(a, t, killedAt, at));
      }
      Kill kill = new Kill(owned.size(), worstGap, last - killedAt, TransportBench.load());
      TransportBench.log(
          "  %d targets; worst gap %,d ms; last taken over %,d ms after the kill;" + " load %.2f",
          kill.owned(), kill.worstGapMs(), kill.takeoverMs(), kill.load());
      kills.add(kill);
      collector(VICTIM, inventory);
    }
    await("a balanced group", 300, () -> balanced(a));

    TransportBench.log("catch-up: influx B away for %d s", options.outageS());
    long stoppedAt = System.currentTimeMillis();
    b.stop();
    TimeUnit.SECONDS.sleep(options.outageS());
    b.start();
    long restartedAt = System.currentTimeMillis();
    long until = restartedAt - 5_000;
    double ingested0 =
        metric(
            java.util.Objects.requireNonNull(ports.get("influx-b")), "vigie_ingest_points_total");
    String counts = "SELECT count(*) FROM /.*/ WHERE time < " + until + "ms GROUP BY *";
    await(
        "replica B caught up",
        600,
        () -> a.query(DB, counts).toString().equals(b.query(DB, counts).toString()));
    long caughtAt = System.currentTimeMillis();
    double ingested1 =
        metric(
            java.util.Objects.requireNonNull(ports.get("influx-b")), "vigie_ingest_points_total");
    CatchUp catchUp =
        new CatchUp(
            restartedAt - stoppedAt,
            caughtAt - restartedAt,
            (long) (ingested1 - ingested0),
            TransportBench.load());
    TransportBench.log(
        "  away %,d ms; caught up %,d ms after its start; %,d points, %,.0f/s;" + " load %.2f",
        catchUp.outageMs(), catchUp.catchUpMs(), catchUp.points(), catchUp.rate(), catchUp.load());
    return new Result(kills, catchUp);
  }

  /** Every target polled lately by exactly one member, the victim owning some. */
  private boolean balanced(InfluxServer influx) {
    Map<String, Set<String>> pollers = pollers(influx);
    return pollers.size() == options.targets()
        && pollers.values().stream().allMatch(s -> s.size() == 1)
        && pollers.values().stream().anyMatch(s -> s.contains(VICTIM));
  }

  /** Which collectors polled each target in the last interval and a half. */
  private Map<String, Set<String>> pollers(InfluxServer influx) {
    JsonNode result =
        influx
            .query(
                DB,
                "SELECT count(up) FROM poll WHERE time > now() - "
                    + (options.intervalS() * 1500)
                    + "ms GROUP BY target, collector")
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

  /** The first poll of the target by another member than the victim after the kill, or 0. */
  private static long takenOverAt(InfluxServer influx, String target, long killedAt) {
    List<JsonNode> rows =
        influx.rows(
            DB,
            "SELECT first(up) FROM poll WHERE target = '"
                + target
                + "' AND collector != '"
                + VICTIM
                + "' AND time > "
                + killedAt
                + "ms");
    return rows.isEmpty() ? 0 : rows.get(0).get(0).asLong();
  }

  /** The longest time between two polls of the target from before the kill to its takeover. */
  private long gapAround(InfluxServer influx, String target, long killedAt, long takenOver) {
    List<JsonNode> rows =
        influx.rows(
            DB,
            "SELECT up FROM poll WHERE target = '"
                + target
                + "' AND time >= "
                + (killedAt - 3_000L * options.intervalS())
                + "ms AND time <= "
                + takenOver
                + "ms");
    long gap = 0;
    long previous = -1;
    for (JsonNode row : rows) {
      long time = row.get(0).asLong();
      if (previous > 0) {
        gap = Math.max(gap, time - previous);
      }
      previous = time;
    }
    return gap;
  }

  private Path inventory() throws IOException {
    Path community = Files.writeString(dir.resolve("community"), Snmpd.COMMUNITY + "\n");
    StringBuilder yaml = new StringBuilder("clients:\n  - {id: acme, name: ACME}\ntargets:\n");
    for (int i = 0; i < options.targets(); i++) {
      yaml.append(
          String.format(
              "  - {id: sw%d, client: acme, kind: snmp, address: %s, interval: %ds,%n"
                  + "     credentials: {community: {file: %s}},"
                  + " snmp: {port: %d, profiles: [system, if-mib]}}%n",
              i, Snmpd.address(i), options.intervalS(), community, Snmpd.PORT));
    }
    yaml.append("collector_groups:\n  - {id: site, members: [c1, c2, c3], clients: [acme]}\n");
    return Files.writeString(dir.resolve("inventory.yml"), yaml.toString());
  }

  private void collector(String id, Path inventory) throws IOException {
    int port = ports.computeIfAbsent(id, k -> FreePort.pick());
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
            "--vigie.nats.max-size=256MB"));
  }

  private void ingest(String consumer, InfluxServer influx) throws IOException {
    int port = ports.computeIfAbsent(consumer, k -> FreePort.pick());
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
            "--server.port=" + port));
  }

  private void start(String name, List<String> args) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-jar",
                options.jar()));
    command.addAll(args);
    processes.put(
        name,
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()))
            .start());
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
      return Double.NaN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Double.NaN;
    }
  }

  private static void await(String what, int seconds, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        // influxd starting again, a query while it is away: asked again
      }
      TimeUnit.MILLISECONDS.sleep(500);
    }
    throw new IllegalStateException("not within " + seconds + " s: " + what);
  }
}
