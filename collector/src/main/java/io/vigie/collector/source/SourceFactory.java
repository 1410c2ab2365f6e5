package io.vigie.collector.source;

import io.vigie.model.inventory.Target;

/** Makes the source for a target, by its kind. */
@FunctionalInterface
public interface SourceFactory {
  Source create(Target target);
}
