package io.vigie.collector.snmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.collector.metrics.CollectorMetrics;
import io.vigie.collector.point.Point;
import io.vigie.collector.schedule.PollScheduler;
import io.vigie.collector.source.Sources;
import io.vigie.model.inventory.Client;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.Language;
import io.vigie.model.inventory.TargetKind;
import io.vigie.model.inventory.Thresholds;
import io.vigie.testkit.FreePort;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;

/**
 * A slow device and an unreachable one beside a healthy one, on a scheduler with only two worker
 * threads: SNMP polls hold no thread while they wait, so the healthy device keeps its pace.
 */
class SnmpSchedulingTest {

  @Test
  void slowAndUnreachableDevicesDoNotDelayTheOthers() throws Exception {
    ConcurrentLinkedQueue<Point> points = new ConcurrentLinkedQueue<>();
    try (SnmpEngine engine = new SnmpEngine(64);
        TestAgent fast = new TestAgent();
        TestAgent slow = new TestAgent()) {
      for (TestAgent agent : List.of(fast, slow)) {
        agent.set("1.3.6.1.2.1.1.3.0", new TimeTicks(100));
        agent.set("1.3.6.1.2.1.1.5.0", new OctetString("device"));
      }
      slow.delay(900);
      Duration interval = Duration.ofMillis(300);
      Inventory inventory =
          new Inventory(
              "test",
              interval,
              List.of(new Client("acme", "ACME", List.of(), Language.EN, null)),
              List.of(
                  SnmpTargets.v2c("fast", fast.port(), interval, List.of("system")),
                  SnmpTargets.v2c("slow", slow.port(), interval, List.of("system")),
                  SnmpTargets.v2c("gone", FreePort.pick(), interval, List.of("system"))),
              Thresholds.none());
      PollScheduler scheduler =
          new PollScheduler(
              new Sources(
                  Map.of(
                      TargetKind.SNMP,
                      t -> new SnmpSource(engine, t, SnmpTargets.SECRETS, Clock.systemUTC()))),
              points::addAll,
              new CollectorMetrics(new SimpleMeterRegistry()),
              Clock.systemUTC(),
              "c1",
              2);
      try {
        scheduler.apply(inventory);
        await().atMost(Duration.ofSeconds(20)).until(() -> polls(points, "fast").size() >= 12);
      } finally {
        scheduler.close();
      }
      List<Point> fastPolls = polls(points, "fast");
      assertThat(fastPolls).allSatisfy(p -> assertThat(p.fields()).containsEntry("up", 1L));
      assertThat(fastPolls)
          .as("the healthy device's polls stay quick while the others hang")
          .allSatisfy(p -> assertThat((Double) p.fields().get("duration_ms")).isLessThan(150.0));
      long span = fastPolls.get(fastPolls.size() - 1).timeMillis() - fastPolls.get(0).timeMillis();
      assertThat(span / (fastPolls.size() - 1.0))
          .as("mean spacing of the healthy device's polls")
          .isBetween(250.0, 350.0);
      assertThat(polls(points, "gone"))
          .isNotEmpty()
          .allSatisfy(p -> assertThat(p.fields()).containsEntry("up", 0L));
      assertThat(polls(points, "gone").stream().map(p -> (String) p.fields().get("reason")))
          .anyMatch(r -> r.startsWith("timeout"));
      assertThat(polls(points, "slow").stream().map(p -> (String) p.fields().get("reason")))
          .anyMatch(
              r ->
                  r.startsWith("skipped")
                      || r.startsWith("timeout")
                      || r.startsWith("time budget"));
    }
  }

  private static List<Point> polls(ConcurrentLinkedQueue<Point> points, String target) {
    return points.stream()
        .filter(p -> p.measurement().equals("poll") && p.tags().get("target").equals(target))
        .toList();
  }
}
