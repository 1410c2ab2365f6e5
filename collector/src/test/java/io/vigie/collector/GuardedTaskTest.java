package io.vigie.collector;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GuardedTaskTest {

  @Test
  void aPeriodicTaskThatThrowsOnceRunsAgain() throws InterruptedException {
    // Unguarded, the executor ends a periodic task at its first exception, silently: the self
    // metrics or the spool sync would stop for good.
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch third = new CountDownLatch(3);
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    try {
      var unused =
          executor.scheduleWithFixedDelay(
              Collector.guarded(
                  "test",
                  () -> {
                    third.countDown();
                    if (runs.incrementAndGet() == 1) {
                      throw new IllegalStateException("first run fails");
                    }
                  }),
              0,
              10,
              TimeUnit.MILLISECONDS);
      assertTrue(third.await(5, TimeUnit.SECONDS), "ran " + runs.get() + " times");
    } finally {
      executor.shutdownNow();
    }
  }
}
