package io.vigie.alerting;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named thread running tasks at a fixed delay, and its orderly stop: the run in progress
 * finishes (an evaluation is stored, the mail in flight is sent and recorded), no other starts.
 * Interrupting instead broke both: Jakarta Mail's blocking socket does not notice an interrupt, so
 * the JVM exited between the server's 250 and the outbox's commit (the mail went out again after
 * the restart), and a thread interrupted inside H2 closes the database file under it.
 */
final class Loop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Loop.class);

  private final ScheduledExecutorService thread;
  private final String name;
  private final Duration grace;
  private final Runnable stopping;

  /**
   * @param grace how long a stop waits for the run in progress
   * @param stopping told first when the loop stops (the notifier starts no new message)
   */
  Loop(String name, Duration grace, Runnable stopping) {
    this.name = name;
    this.grace = grace;
    this.stopping = stopping;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, name);
              // Daemon: a run stuck past the grace cannot keep the JVM alive.
              t.setDaemon(true);
              return t;
            });
  }

  /** Runs {@code task} after {@code first}, then {@code every} after each run ends: no overlap. */
  Loop every(Runnable task, Duration first, Duration every) {
    // A task that throws is not run again (the executor's rule), and its future, which nobody
    // reads, would keep the failure to itself: it is logged here, then left to end the schedule.
    Runnable logged =
        () -> {
          try {
            task.run();
          } catch (RuntimeException | Error e) {
            LOG.error("{}: a task failed and will not run again", name, e);
            throw e;
          }
        };
    ScheduledFuture<?> unused =
        thread.scheduleWithFixedDelay(
            logged, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  @Override
  public void close() {
    stopping.run();
    thread.shutdown();
    try {
      if (!thread.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("{} did not finish its run within {}; interrupted", name, grace);
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      thread.shutdownNow();
    }
  }
}
