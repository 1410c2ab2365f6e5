package io.vigie.collector.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.collector.metrics.CollectorMetrics;
import io.vigie.collector.point.Point;
import io.vigie.collector.source.PollFailure;
import io.vigie.collector.source.Sample;
import io.vigie.collector.source.Source;
import io.vigie.model.inventory.Client;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.Language;
import io.vigie.model.inventory.Target;
import io.vigie.model.inventory.TargetKind;
import io.vigie.model.inventory.Thresholds;
import io.vigie.model.poll.FailureKind;
import io.vigie.testkit.TestClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
      case "locked" ->
          () -> CompletableFuture.failedFuture(new Refused("authentication failed: wrong key"));
      case "buggy" ->
          Source.blocking(
              () -> {
                throw new IllegalStateException("a bug");
              });
      default -> Source.blocking(() -> List.of(Sample.of("load").field("load1", 1.0).build()));
    };
  }

  /** A source's own failure, with its kind. */
  private static final class Refused extends PollFailure {
    private static final long serialVersionUID = 1L;

    Refused(String reason) {
      super(FailureKind.AUTHENTICATION, reason);
    }
  }

  @Test
  void eachFailedPollPointCarriesTheKindOfItsFailureNextToItsReason() {
    scheduler =
        new PollScheduler(
            this::source,
            points::addAll,
            new CollectorMetrics(registry),
            Clock.systemUTC(),
            "c1",
            2);
    scheduler.apply(inventory(target("locked", 50), target("buggy", 50)));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> polls("locked").size() >= 2 && polls("buggy").size() >= 2);
    assertThat(polls("locked"))
        .allSatisfy(
            p ->
                assertThat(p.fields())
                    .containsEntry("up", 0L)
                    .containsEntry("failure", "authentication")
                    .containsEntry("reason", "Refused: authentication failed: wrong key"));
    assertThat(polls("buggy"))
        .allSatisfy(
            p ->
                assertThat(p.fields())
                    .containsEntry("up", 0L)
                    .containsEntry("failure", "internal")
                    .containsEntry("reason", "IllegalStateException: a bug"));
  }

  @Test
  void anExceptionThatIsNoPollFailureIsClassifiedByItsType() {
    assertThat(PollScheduler.classify(new Refused("x"))).isEqualTo(FailureKind.AUTHENTICATION);
    assertThat(PollScheduler.classify(new java.io.IOException("x"))).isEqualTo(FailureKind.IO);
    assertThat(PollScheduler.classify(new java.net.ConnectException("x")))
        .isEqualTo(FailureKind.IO);
    assertThat(
            PollScheduler.classify(new java.io.UncheckedIOException(new java.io.IOException("x"))))
        .isEqualTo(FailureKind.IO);
    assertThat(PollScheduler.classify(new java.util.concurrent.TimeoutException("x")))
        .isEqualTo(FailureKind.TIMEOUT);
    assertThat(PollScheduler.classify(new NullPointerException())).isEqualTo(FailureKind.INTERNAL);
    assertThat(PollScheduler.classify(new OutOfMemoryError())).isEqualTo(FailureKind.INTERNAL);
  }

  private List<Point> polls(String target) {
    return points.stream()
        .filter(p -> p.measurement().equals("poll") && p.tags().get("target").equals(target))
        .toList();
  }

  @AfterEach
  void stop() {
    release.countDown();
    if (scheduler != null) { // a test of a static helper starts none
      scheduler.close();
    }
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
                  .containsEntry("reason", "IOException: connection refused")
                  .containsEntry("failure", "io");
            });
    assertThat(polls("fast")).allSatisfy(p -> assertThat(p.fields()).containsEntry("up", 1L));
    assertThat(polls("fast"))
        .allSatisfy(p -> assertThat(p.fields()).containsEntry("failure", "none"));
    assertThat(polls("hung"))
        .isNotEmpty()
        .allSatisfy(
            p -> {
              assertThat(p.fields()).containsEntry("up", 0L);
              assertThat((String) p.fields().get("reason"))
                  .startsWith("skipped: the previous poll has been running for");
              assertThat(p.fields()).containsEntry("failure", "overrun");
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

  @Test
  void pointsOfOneSeriesNeverShareATimestampEvenWhenTheClockStandsStill() {
    // A clock that does not move stands for turns within one millisecond: skips of a hung target,
    // and the turns a late timer runs back to back. InfluxDB would keep one point of each.
    TestClock clock = new TestClock(Instant.parse("2025-03-01T10:00:00Z"));
    scheduler =
        new PollScheduler(
            this::source, points::addAll, new CollectorMetrics(registry), clock, "c1", 2);
    scheduler.apply(inventory(target("hung", 20), target("fast", 20)));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> polls("hung").size() >= 10 && polls("fast").size() >= 10);

    for (String target : List.of("hung", "fast")) {
      List<Long> times = polls(target).stream().map(Point::timeMillis).toList();
      assertThat(times).as(target).doesNotHaveDuplicates();
      assertThat(times).as(target).allSatisfy(t -> assertThat(t).isGreaterThanOrEqualTo(T0));
    }
    List<Long> loads =
        points.stream().filter(p -> p.measurement().equals("load")).map(Point::timeMillis).toList();
    assertThat(loads).hasSizeGreaterThanOrEqualTo(9).doesNotHaveDuplicates();
  }

  @Test
  void turnsMissedWhileTheTimerWasHeldAreCountedAsSkipsNotPolledInABurst() {
    TestClock clock = new TestClock(Instant.parse("2025-03-01T10:00:00Z"));
    // A spool append that takes 600 ms once (a disk stalled by an fsync), on the timer's thread:
    // the stall is the fault under test, not a wait of the test.
    AtomicBoolean stalled = new AtomicBoolean();
    CountDownLatch never = new CountDownLatch(1);
    scheduler =
        new PollScheduler(
            this::source,
            batch -> {
              if (Thread.currentThread().getName().startsWith("vigie-scheduler")
                  && stalled.compareAndSet(false, true)) {
                try {
                  never.await(600, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              points.addAll(batch);
            },
            new CollectorMetrics(registry),
            clock,
            "c1",
            2);
    scheduler.apply(inventory(target("hung", 50), target("fast", 50)));

    await().atMost(Duration.ofSeconds(10)).until(() -> stalled.get() && polls("fast").size() >= 20);

    List<Point> fast = List.copyOf(polls("fast"));
    List<Point> missed =
        fast.stream()
            .filter(p -> ((String) p.fields().get("reason")).startsWith("skipped: the scheduler"))
            .toList();
    // 600 ms at one turn per 50 ms: about 11 turns missed; generous bounds.
    assertThat(missed).hasSizeBetween(5, 14);
    assertThat(missed)
        .allSatisfy(
            p -> {
              assertThat(p.fields()).containsEntry("up", 0L);
              assertThat((String) p.fields().get("reason"))
                  .matches("skipped: the scheduler was \\d+ ms late; this turn was missed");
              assertThat(p.fields()).containsEntry("failure", "missed");
            });
    assertThat(fast.stream().map(Point::timeMillis).toList()).doesNotHaveDuplicates();
    // Every turn counted is one point written.
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> scheduler.pollCounts().get("fast") == polls("fast").size());
  }

  private static final long T0 = Instant.parse("2025-03-01T10:00:00Z").toEpochMilli();
}
