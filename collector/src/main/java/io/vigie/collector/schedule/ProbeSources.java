package io.vigie.collector.schedule;

import io.vigie.collector.source.Source;
import io.vigie.model.inventory.Target;
import io.vigie.model.probe.Probe;
import java.util.concurrent.CompletableFuture;

/** Makes the source that runs one probe of a target. */
@FunctionalInterface
public interface ProbeSources {

  /** For a scheduler without probers: every probe fails, saying so. */
  ProbeSources NONE =
      (target, probe) ->
          () ->
              CompletableFuture.failedFuture(
                  new UnsupportedOperationException(
                      "this collector has no " + probe.type().code() + " prober"));

  Source create(Target target, Probe probe);
}
