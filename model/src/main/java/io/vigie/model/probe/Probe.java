package io.vigie.model.probe;

import java.time.Duration;
import java.util.Objects;

/**
 * One active check of a service, declared under a target's {@code probes:}. It is a check of its
 * target named {@code probe:NAME}, run on its own schedule, and writes one {@code probe} point per
 * run.
 *
 * @param name unique within the target; the {@code probe} tag and the check's name
 * @param interval how often it runs (the target's interval unless the probe sets one)
 * @param timeout how long one run may take in all, phases included; shorter than the interval
 * @param spec what to ask, by type
 */
public record Probe(String name, Duration interval, Duration timeout, ProbeSpec spec) {

  /** A probe's timeout when the inventory sets none. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** The prefix of a probe's check name in statuses and mails. */
  public static final String CHECK_PREFIX = "probe:";

  public Probe {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(spec, "spec");
  }

  public ProbeType type() {
    return spec.type();
  }

  /** The check this probe is, for the status engine: {@code probe:NAME}. */
  public String check() {
    return CHECK_PREFIX + name;
  }
}
