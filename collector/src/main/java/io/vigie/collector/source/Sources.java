package io.vigie.collector.source;

import io.vigie.model.inventory.Target;
import io.vigie.model.inventory.TargetKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/** A {@link SourceFactory} by target kind; a kind without a source polls as down, with why. */
public final class Sources implements SourceFactory {
  private final Map<TargetKind, Function<Target, Source>> factories;

  public Sources(Map<TargetKind, Function<Target, Source>> factories) {
    this.factories = new EnumMap<>(factories);
  }

  @Override
  public Source create(Target target) {
    Function<Target, Source> factory = factories.get(target.kind());
    if (factory == null) {
      String reason = "this collector has no " + target.kind().code() + " source yet";
      return () ->
          java.util.concurrent.CompletableFuture.failedFuture(
              new UnsupportedOperationException(reason));
    }
    return factory.apply(target);
  }
}
