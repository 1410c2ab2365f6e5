package io.vigie.alerting.status;

import java.time.Instant;

/** A change of a target's status, written to InfluxDB as a {@code status} point. */
public record Transition(
    String target,
    String client,
    String kind,
    Instant time,
    Status from,
    Status to,
    String check,
    String cause,
    boolean suppressed,
    boolean flapping) {}
