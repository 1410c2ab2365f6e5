package io.vigie.alerting.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.alerting.influx.InfluxClients;
import io.vigie.alerting.influx.InfluxReader;
import io.vigie.alerting.influx.LineProtocol;
import io.vigie.alerting.influx.WrittenPoints;
import io.vigie.alerting.status.Observations;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.testkit.InfluxServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A point means the same whether it came by the stream or by a read: points of every kind the
 * engine judges (polls up and down with their failure kinds, metrics with their series' tags,
 * plugin results, interfaces, the collectors' refused points, probe runs with their fields), text
 * with every character the line protocol escapes, written to a real InfluxDB that forwards them to
 * a {@link Receiver} through a real subscription; the observations read from the forwarded points
 * equal those of {@link InfluxReader}'s statements over the same points.
 */
class StreamParityIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();

  static final String INVENTORY =
      """
      version: 1
      defaults:
        interval: 10s
      clients:
        - {id: acme, name: ACME, language: en, contacts: [it@acme.example]}
      targets:
        - {id: web1, client: acme, kind: local}
        - id: sw1
          client: acme
          kind: snmp
          address: 10.0.0.2
          credentials: {community: {env: HOME}}
          snmp: {version: 2c}
        - id: shop
          client: acme
          kind: service
          address: 10.0.0.5
          probes:
            - {name: site, type: http, url: "https://shop.acme.example/"}
      thresholds:
        defaults:
          - {metric: cpu.usage_percent, where: {cpu: total}, warning: 85, error: 95}
          - {metric: disk.used_percent, warning: 80, error: 90}
          - {metric: probe.duration_ms, warning: 800, error: 2000}
      """;

  String database;
  InfluxDB influx;
  Receiver receiver;
  final List<LineProtocol.Point> received = new CopyOnWriteArrayList<>();
  final List<Integer> unreadable = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    database = "parity" + System.nanoTime();
    INFLUX.createDatabase(database);
    influx = InfluxClients.connect(INFLUX.url(), null, null, Duration.ofSeconds(30));
    receiver =
        new Receiver(
            new InetSocketAddress("127.0.0.1", 0),
            database,
            batch -> {
              received.addAll(batch.points());
              unreadable.add(batch.unreadable());
            });
    Subscription.create(influx, database, "parity", "http://127.0.0.1:" + receiver.port());
  }

  @AfterEach
  void tearDown() {
    receiver.close();
    influx.close();
  }

  @Test
  void theStreamAndTheReadSeeTheSameObservations() throws Exception {
    Inventory inventory = InventoryLoader.withSystemSecrets().parse(INVENTORY, "inventory.yml");
    long t = Instant.now().minusSeconds(30).toEpochMilli();
    String web = ",client=acme,kind=local,target=web1";
    String sw = ",client=acme,kind=snmp,target=sw1";
    List<String> lines =
        List.of(
            "poll,collector=c1" + web + " up=1i,reason=\"\",duration_ms=12.5 " + t,
            "poll,collector=c1"
                + web
                + " up=0i,reason=\"timed out, \\\"again\\\" \\\\ then\\nnothing\","
                + "failure=\"timeout\" "
                + (t + 1000),
            "poll,collector=c\\ 2" + sw + " up=1i,reason=\"ok\" " + (t + 2),
            "cpu,collector=c1,cpu=total" + web + " usage_percent=42.5 " + t,
            "cpu,collector=c1,cpu=total" + web + " usage_percent=97 " + (t + 1000),
            "disk,collector=c1,mount=/var\\ log,device=sda1" + web + " used_percent=91 " + t,
            "disk,collector=c1,mount=/,device=sda2" + web + " used_percent=12.25 " + t,
            "check,collector=c1,check=ntp\\,drift" + web + " status=2i,message=\"é ✓ ‐\" " + t,
            "interface,collector=c1,ifindex=3,ifname=eth\\=0"
                + sw
                + " oper_status=2i,admin_status=1i "
                + t,
            "vigie_collector,collector=c1,meter=vigie.points.rejected count=3 " + t,
            "vigie_collector,collector=c1,meter=vigie.points.written count=99 " + t,
            "probe,collector=c1,client=acme,kind=service,target=shop,probe=site,type=http"
                + " up=0i,failure=\"http_status\",reason=\"503\",http_status=503i,"
                + "duration_ms=2500.5,tls_leaf_days=40i "
                + t,
            "unrelated,target=web1 value=1 " + t);
    influx.write(database, "autogen", InfluxDB.ConsistencyLevel.ONE, TimeUnit.MILLISECONDS, lines);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> received.size() >= lines.size());
    assertThat(received).hasSize(lines.size());
    assertThat(unreadable).allMatch(n -> n == 0);

    Observations streamed = WrittenPoints.observations(inventory, received);
    Observations read =
        new InfluxReader(influx, database, 3)
            .read(inventory, Instant.now(), Instant.ofEpochMilli(t - 1));

    assertThat(streamed.polls()).isEqualTo(read.polls());
    assertThat(sorted(streamed.metrics())).isEqualTo(sorted(read.metrics()));
    assertThat(streamed.plugins()).containsExactlyInAnyOrderElementsOf(read.plugins());
    assertThat(streamed.interfaces()).containsExactlyInAnyOrderElementsOf(read.interfaces());
    assertThat(streamed.rejected()).isEqualTo(read.rejected());
    assertThat(streamed.probes()).isEqualTo(read.probes());
    // Not empty comparisons: every kind is there.
    assertThat(streamed.polls().get("web1")).hasSize(2);
    assertThat(streamed.polls().get("web1").get(0).reason())
        .isEqualTo("timed out, \"again\" \\ then\\nnothing"); // \n is no escape of the protocol
    assertThat(streamed.polls().get("sw1").get(0).collector()).isEqualTo("c 2");
    assertThat(streamed.metrics())
        .hasSize(5); // cpu, 2 disks, the probe's duration and certificate days
    assertThat(streamed.plugins()).singleElement().extracting("check").isEqualTo("ntp,drift");
    assertThat(streamed.interfaces()).singleElement().extracting("name").isEqualTo("eth=0");
    assertThat(streamed.rejected()).singleElement().extracting("count").isEqualTo(3.0);
    assertThat(streamed.probes().get("shop").get(0).number("http_status")).isEqualTo(503.0);
  }

  private static List<Observations.Metric> sorted(List<Observations.Metric> metrics) {
    List<Observations.Metric> out = new ArrayList<>(metrics);
    out.sort(Comparator.comparing(Observations.Metric::toString));
    return out;
  }
}
