package io.vigie.collector.probe;

import io.vigie.model.inventory.Target;
import io.vigie.model.probe.Probe;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * A prober made at its type's first probe: a collector whose inventory has no probe of a type loads
 * none of its classes (TLS for HTTP, JNA for ICMP, dnsjava for DNS) and starts none of its threads.
 * With the SNMP session opened late, 185 classes and four threads fewer on the local agent.
 */
public final class LazyProber implements Prober {
  /** Makes the prober; may fail as opening its sockets or threads can. */
  @FunctionalInterface
  public interface Factory {
    Prober make() throws Exception;
  }

  private final Factory factory;
  private @Nullable Prober made;
  private boolean closed;

  private LazyProber(Factory factory) {
    this.factory = factory;
  }

  public static LazyProber of(Factory factory) {
    return new LazyProber(factory);
  }

  private synchronized Prober prober() throws Exception {
    if (closed) {
      throw new IllegalStateException("the probers are closed");
    }
    Prober prober = made;
    if (prober == null) {
      prober = factory.make();
      made = prober;
    }
    return prober;
  }

  @Override
  public CompletionStage<ProbeResult> run(Probe probe) {
    try {
      return prober().run(probe);
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletionStage<ProbeResult> run(Target target, Probe probe) {
    try {
      return prober().run(target, probe);
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (made != null) {
      made.close();
    }
  }
}
