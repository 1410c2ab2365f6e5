package io.vigie.collector.probe;

import io.vigie.model.poll.FailureKind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How one probe run ended.
 *
 * @param up whether the service answered as the probe expects
 * @param failure why not, typed; {@link FailureKind#NONE} when up
 * @param reason why not, in words for the NOC (the host, the status, the certificate's subject);
 *     empty when up
 * @param fields what was measured, named by {@link io.vigie.model.schema.ProbeSchema} (phases in
 *     ms, status codes, days to expiry...): as much as the run got to, also when it failed
 */
public record ProbeResult(
    boolean up, FailureKind failure, String reason, Map<String, Object> fields) {

  public ProbeResult {
    Objects.requireNonNull(failure, "failure");
    reason = Objects.requireNonNullElse(reason, "");
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    if (up != (failure == FailureKind.NONE)) {
      throw new IllegalArgumentException(
          "failure: NONE exactly when up, found up=" + up + " with " + failure);
    }
  }

  public static ProbeResult up(Map<String, Object> fields) {
    return new ProbeResult(true, FailureKind.NONE, "", fields);
  }

  public static ProbeResult failed(FailureKind failure, String reason, Map<String, Object> fields) {
    return new ProbeResult(false, failure, reason, fields);
  }
}
