package io.vigie.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.collector.influx.InfluxBatchWriter;
import io.vigie.collector.influx.Shipper;
import io.vigie.collector.influx.ShipperSettings;
import io.vigie.collector.influx.WriteOutcome;
import io.vigie.collector.metrics.CollectorMetrics;
import io.vigie.collector.spool.Spool;
import io.vigie.testkit.InfluxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** One bad point in a batch is set aside; every other point of the batch is written. */
class BadPointIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();

  @TempDir Path dir;

  @Test
  void theWriterTellsBadDataFromOutagesAndConfiguration() throws Exception {
    INFLUX.createDatabase("classify");
    try (InfluxBatchWriter writer =
        new InfluxBatchWriter(Fixtures.influx(INFLUX.url(), "classify"))) {
      assertThat(writer.write(List.of("m f=1.5 1")).kind()).isEqualTo(WriteOutcome.Kind.OK);
      assertThat(writer.write(List.of("m f=1i 2")).kind()).isEqualTo(WriteOutcome.Kind.BAD_DATA);
      assertThat(writer.write(List.of("not line protocol")).kind())
          .isEqualTo(WriteOutcome.Kind.BAD_DATA);
    }
    try (InfluxBatchWriter missing =
        new InfluxBatchWriter(
            new io.vigie.collector.influx.InfluxSettings(
                INFLUX.url(), "nodb", null, null, null, false, false, Duration.ofSeconds(5)))) {
      WriteOutcome outcome = missing.write(List.of("m f=1 1"));
      assertThat(outcome.kind()).isEqualTo(WriteOutcome.Kind.CONFIG);
      assertThat(outcome.message()).contains("404").contains("database not found");
    }
    try (InfluxBatchWriter nowhere =
        new InfluxBatchWriter(
            Fixtures.influx("http://127.0.0.1:" + io.vigie.testkit.FreePort.pick(), "x"))) {
      assertThat(nowhere.write(List.of("m f=1 1")).kind()).isEqualTo(WriteOutcome.Kind.TRANSIENT);
    }
  }

  @Test
  void aBatchWithBadPointsWritesAllTheGoodOnes() throws Exception {
    INFLUX.createDatabase("bad");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    CollectorMetrics metrics = new CollectorMetrics(registry);
    List<String> batch = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      batch.add("m,target=t" + (i % 10) + " value=" + i + ".5 " + (1_700_000_000_000L + i));
      if (i == 300) {
        batch.add("m,target=t0 value=7i " + (1_700_000_000_000L + 5000)); // field type conflict
      }
      if (i == 700) {
        batch.add("m,target=t0 value= " + (1_700_000_000_000L + 6000)); // unparsable
      }
      if (i == 900) {
        // Unparsable, with what a device may send: raw control text, quoted back by InfluxDB.
        batch.add("m,target=t\r0 value=\"two\nlines\u001b[2J\" not-a-time");
      }
    }
    try (Spool spool = Spool.open(dir.resolve("spool"), 64L << 20, 1L << 20, metrics)) {
      spool.append(List.of("m,target=t0 value=0.25 1600000000000")); // the field is a float
      spool.append(batch);
      Shipper shipper =
          new Shipper(
                  spool,
                  new InfluxBatchWriter(Fixtures.influx(INFLUX.url(), "bad")),
                  new ShipperSettings(
                      5000, Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(200)),
                  metrics,
                  Clock.systemUTC(),
                  dir.resolve("rejected.lp"))
              .start();
      await().atMost(Duration.ofSeconds(30)).until(() -> spool.pending() == 0);
      shipper.close();
      // Refused points show in the health, the reason on one line, escaped.
      assertThat(shipper.rejections().recent()).isEqualTo(3);
      assertThat(shipper.rejections().lastReason())
          .contains("unable to parse")
          .contains("two\\nlines\\u001B[2J")
          .doesNotContain("\n", "\r", "\u001b");
    }
    assertThat(INFLUX.count("bad", "SELECT count(value) FROM m")).isEqualTo(1001);
    assertThat(registry.get("vigie.points.rejected").counter().count()).isEqualTo(3);
    String rejected = Files.readString(dir.resolve("rejected.lp"));
    assertThat(rejected)
        .contains("m,target=t0 value=7i")
        .contains("m,target=t0 value= ")
        .contains("field type conflict");
  }
}
