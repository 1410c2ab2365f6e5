package io.vigie.collector.probe;

import io.vigie.model.inventory.Target;
import io.vigie.model.probe.Probe;
import java.util.concurrent.CompletionStage;

/**
 * Runs probes of one {@link io.vigie.model.probe.ProbeType}. A run must not hold the calling thread
 * while it waits on the network (asynchronous I/O, or a child process awaited with {@link
 * Process#onExit}): the scheduler's few workers serve every target, and a black-holed address must
 * never delay another probe. A run ends within the probe's {@link Probe#timeout()}; the scheduler
 * also stops waiting a little after it.
 *
 * <p>A run completes with a {@link ProbeResult} for every way the service can fail (refused,
 * timeout, bad status, expired certificate...): exceptional completion is for bugs.
 */
public interface Prober extends AutoCloseable {

  CompletionStage<ProbeResult> run(Probe probe);

  /**
   * Runs {@code probe} of {@code target}: a prober that needs the target's credentials (HTTP basic
   * authentication reads its password among them) overrides this; the others ignore the target.
   */
  default CompletionStage<ProbeResult> run(Target target, Probe probe) {
    return run(probe);
  }

  /** Releases shared resources (clients, selectors) when the collector stops. */
  @Override
  default void close() {}
}
