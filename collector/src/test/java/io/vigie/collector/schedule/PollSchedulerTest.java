package io.vigie.collector.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.collector.metrics.CollectorMetrics;
import io.vigie.collector.point.Point;
import io.vigie.collector.source.Sample;
import io.vigie.collector.source.Source;
import io.vigie.model.inventory.Client;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.Language;
import io.vigie.model.inventory.Target;
import io.vigie.model.inventory.TargetKind;
import io.vigie.model.inventory.Thresholds;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PollSchedulerTest {
  private final ConcurrentLinkedQueue<Point> points = new ConcurrentLinkedQueue<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final CountDownLatch release = new CountDownLatch(1);
  private PollScheduler scheduler;

  private static Target target(String id, long intervalMs) {
    return new Target(
        id,
        "acme",
        TargetKind.LOCAL,
        "localhost",
        Duration.ofMillis(intervalMs),
        null,
        Map.of(),
        Map.of("site", "paris"),
        null,
        null);
  }

  private static Inventory inventory(Target... targets) {
    return new Inventory(
        "test",
        Duration.ofSeconds(10),
        List.of(new Client("acme", "ACME", List.of(), Language.EN, null)),
        List.of(targets),
        Thresholds.none());
  }

  /** "hung" blocks until released, "broken" throws, others answer at once. */
  private Source source(Target target) {
    return switch (target.id()) {
      case "hung" ->
          Source.blocking(
              () -> {
                release.await();
                return List.of();
              });
      case "broken" ->
          Source.blocking(
              () -> {
                throw new java.io.IOException("connection refused");
              });
      default -> Source.blocking(() -> List.of(Sample.of("load").field("load1", 1.0).build()));
    };
  }

  private List<Point> polls(String target) {
    return points.stream()
        .filter(p -> p.measurement().equals("poll") && p.tags().get("target").equals(target))
        .toList();
  }

  @AfterEach
  void stop() {
    release.countDown();
    scheduler.close();
  }

  @Test
  void aHungTargetIsSkippedAndCountedWhileOthersKeepTheirPace() {
    scheduler =
        new PollScheduler(
            this::source,
            points::addAll,
            new CollectorMetrics(registry),
            Clock.systemUTC(),
            "c1",
            2);
    scheduler.apply(inventory(target("hung", 50), target("broken", 50), target("fast", 50)));

    await().atMost(Duration.ofSeconds(10)).until(() -> polls("fast").size() >= 20);
    assertThat(polls("broken").size()).isGreaterThanOrEqualTo(15);
    assertThat(polls("broken"))
        .allSatisfy(
            p -> {
              assertThat(p.fields())
                  .containsEntry("up", 0L)
                  .containsEntry("reason", "IOException: connection refused");
            });
    assertThat(polls("fast")).allSatisfy(p -> assertThat(p.fields()).containsEntry("up", 1L));
    assertThat(polls("hung"))
        .isNotEmpty()
        .allSatisfy(
            p -> {
              assertThat(p.fields()).containsEntry("up", 0L);
              assertThat((String) p.fields().get("reason"))
                  .startsWith("skipped: the previous poll has been running for");
            });
    assertThat(registry.get("vigie.polls").tag("result", "skipped").counter().count()).isPositive();

    Point metric =
        points.stream().filter(p -> p.measurement().equals("load")).findFirst().orElseThrow();
    assertThat(metric.tags())
        .containsEntry("target", "fast")
        .containsEntry("client", "acme")
        .containsEntry("kind", "local")
        .containsEntry("site", "paris");
    Point poll = polls("fast").get(0);
    assertThat(poll.tags()).containsEntry("collector", "c1");
    assertThat(poll.fields()).containsEntry("points", 1L).containsKey("duration_ms");
    assertThat(metric.timeMillis()).isPositive();
  }

  @Test
  void applyAddsRemovesAndRestartsChangedTargets() {
    scheduler =
        new PollScheduler(
            this::source,
            points::addAll,
            new CollectorMetrics(registry),
            Clock.systemUTC(),
            "c1",
            2);
    PollScheduler.Change first = scheduler.apply(inventory(target("a", 50), target("b", 50)));
    assertThat(first.added()).containsExactlyInAnyOrder("a", "b");

    PollScheduler.Change second = scheduler.apply(inventory(target("a", 60), target("c", 50)));
    assertThat(second.changed()).containsExactly("a");
    assertThat(second.removed()).containsExactly("b");
    assertThat(second.added()).containsExactly("c");
    assertThat(scheduler.size()).isEqualTo(2);

    assertThat(scheduler.apply(inventory(target("a", 60), target("c", 50))).isEmpty()).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> polls("c").size() >= 3);
    long bBefore = polls("b").size();
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> polls("b").size() == bBefore);
  }
}
