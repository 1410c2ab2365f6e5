package io.vigie.collector.probe;

import io.vigie.collector.schedule.ProbeSources;
import io.vigie.collector.source.PollResult;
import io.vigie.collector.source.Sample;
import io.vigie.collector.source.Source;
import io.vigie.model.inventory.Target;
import io.vigie.model.probe.Probe;
import io.vigie.model.probe.ProbeType;
import io.vigie.model.schema.ProbeSchema;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The probers of this collector, one per type, as the scheduler's {@link ProbeSources}: each probe
 * becomes a source whose run is the prober's, bounded by the probe's timeout (plus a second, so
 * that a prober's own timeout, which says which phase was slow, comes first).
 */
public final class Probers implements ProbeSources, AutoCloseable {
  private static final long GRACE_MS = 1_000;
  private final Map<ProbeType, Prober> probers;

  public Probers(Map<ProbeType, Prober> probers) {
    this.probers = new EnumMap<>(probers);
  }

  @Override
  public Source create(Target target, Probe probe) {
    Prober prober = probers.get(probe.type());
    if (prober == null) {
      return ProbeSources.NONE.create(target, probe);
    }
    return () ->
        prober
            .run(target, probe)
            .toCompletableFuture()
            .orTimeout(probe.timeout().toMillis() + GRACE_MS, TimeUnit.MILLISECONDS)
            .thenApply(Probers::toPollResult);
  }

  private static PollResult toPollResult(ProbeResult result) {
    Sample fields = new Sample(ProbeSchema.PROBE.name(), Map.of(), result.fields());
    return new PollResult(
        List.of(fields), result.up(), result.failure(), result.reason(), "", 0, Map.of());
  }

  @Override
  public void close() {
    probers.values().forEach(Prober::close);
  }

  /** A run that completes at once with {@code result}: for probers that decide without I/O. */
  static CompletableFuture<ProbeResult> now(ProbeResult result) {
    return CompletableFuture.completedFuture(result);
  }
}
