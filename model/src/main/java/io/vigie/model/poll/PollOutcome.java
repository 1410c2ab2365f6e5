package io.vigie.model.poll;

import io.vigie.model.schema.Schema;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How one poll of a target ended: the fields of its {@code poll} point, as a type. The collector
 * writes {@link #fields()}; the alerting service reads a stored point back with {@link #read}, so
 * both sides name the fields through {@link Schema} and the failure through {@link FailureKind},
 * never through words.
 *
 * @param up whether the poll reached the target
 * @param failure what stopped it short; {@link FailureKind#NONE} when it completed
 * @param reason why, in words for people; empty when complete. Never parsed: {@code failure} is the
 *     contract
 * @param warnings what the target could not give without failing the poll; empty when none
 * @param durationMs how long the poll took
 * @param points metric points the poll produced
 * @param values values read and used (SNMP: variable bindings); 0 when unknown
 * @param timings extra durations in ms, such as {@link Schema#POLL_CONNECT_MS}
 */
public record PollOutcome(
    boolean up,
    FailureKind failure,
    String reason,
    String warnings,
    double durationMs,
    long points,
    long values,
    Map<String, Double> timings) {

  public PollOutcome {
    Objects.requireNonNull(failure, "failure: NONE when the poll completed");
    reason = Objects.requireNonNullElse(reason, "");
    warnings = Objects.requireNonNullElse(warnings, "");
    timings = Map.copyOf(timings);
    if (!up && failure == FailureKind.NONE) {
      throw new IllegalArgumentException(
          "failure: a poll that did not reach its target needs a kind, found none");
    }
  }

  /** The point's fields, named by the schema, in the order of its documentation. */
  public Map<String, Object> fields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Schema.POLL_UP, up ? 1L : 0L);
    fields.put(Schema.POLL_DURATION_MS, durationMs);
    fields.put(Schema.POLL_POINTS, points);
    fields.put(Schema.POLL_REASON, reason);
    fields.put(Schema.POLL_FAILURE, failure.code());
    fields.put(Schema.POLL_WARNINGS, warnings);
    fields.put(Schema.POLL_VALUES, values);
    fields.putAll(timings);
    return fields;
  }

  /**
   * What a stored poll point says, by field name. A point written before the {@code failure} field
   * existed is judged by its reason's old words ({@link FailureKind#fromLegacyReason}); a code from
   * a newer collector is {@link FailureKind#UNKNOWN}; a point that says it failed with {@code none}
   * (no collector writes that) is UNKNOWN too.
   *
   * @param field the value of a field of the point, or null when the point lacks it
   */
  public static PollOutcome read(Function<String, @Nullable Object> field) {
    boolean up = number(field.apply(Schema.POLL_UP)) == 1;
    String reason = text(field.apply(Schema.POLL_REASON));
    String code = text(field.apply(Schema.POLL_FAILURE));
    FailureKind failure;
    if (up) {
      failure =
          code.isEmpty()
              ? FailureKind.NONE
              : FailureKind.fromCode(code).orElse(FailureKind.UNKNOWN);
    } else if (code.isEmpty()) {
      failure = FailureKind.fromLegacyReason(reason);
    } else {
      failure =
          FailureKind.fromCode(code).filter(k -> k != FailureKind.NONE).orElse(FailureKind.UNKNOWN);
    }
    Map<String, Double> timings = new LinkedHashMap<>();
    for (String timing : new String[] {Schema.POLL_CONNECT_MS, Schema.POLL_AUTH_MS}) {
      Object value = field.apply(timing);
      if (value instanceof Number n) {
        timings.put(timing, n.doubleValue());
      }
    }
    return new PollOutcome(
        up,
        failure,
        reason,
        text(field.apply(Schema.POLL_WARNINGS)),
        number(field.apply(Schema.POLL_DURATION_MS)),
        (long) number(field.apply(Schema.POLL_POINTS)),
        (long) number(field.apply(Schema.POLL_VALUES)),
        timings);
  }

  private static double number(@Nullable Object value) {
    return value instanceof Number n ? n.doubleValue() : 0;
  }

  private static String text(@Nullable Object value) {
    return value == null ? "" : value.toString();
  }
}
