package io.vigie.collector.source;

import java.util.List;

/**
 * Polls one target. The scheduler calls {@link #poll()} from a worker thread, never twice at once
 * for the same source, and turns an exception into a failed {@code poll} point: a source reports
 * "unreachable" by throwing, with a message that says why.
 */
public interface Source extends AutoCloseable {
  List<Sample> poll() throws Exception;

  /** Releases connections; called when the target leaves the inventory or changes. */
  @Override
  default void close() {}
}
