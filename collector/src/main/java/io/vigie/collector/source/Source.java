package io.vigie.collector.source;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Polls one target. The scheduler calls {@link #poll()} from a worker thread, never twice at once
 * for the same source. An asynchronous source (SNMP) returns at once and completes later without
 * holding a thread; a blocking one ({@link #blocking}) completes before returning. A poll that
 * fails completes exceptionally, with a message that says why: the scheduler turns it into a failed
 * {@code poll} point.
 */
public interface Source extends AutoCloseable {
  CompletionStage<PollResult> poll();

  /** Releases connections; called when the target leaves the inventory or changes. */
  @Override
  default void close() {}

  /** A source whose poll runs on the calling worker thread. */
  static Source blocking(Callable<List<Sample>> poll) {
    return () -> {
      try {
        return CompletableFuture.completedFuture(PollResult.ok(poll.call()));
      } catch (Exception e) {
        return CompletableFuture.failedFuture(e);
      }
    };
  }
}
