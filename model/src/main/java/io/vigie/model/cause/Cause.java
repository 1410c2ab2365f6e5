package io.vigie.model.cause;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.vigie.model.inventory.Comparison;
import io.vigie.model.poll.FailureKind;
import io.vigie.model.probe.ProbeType;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Why a target is in its status, as typed fields: what a sentence for people is built from, in the
 * client's language, by {@link CauseText}. The English {@code cause} text the alerting service
 * writes to InfluxDB and its API stays as it was; this is carried next to it.
 *
 * <p>Stored with the alerting service's decisions and states as JSON, named by {@code type}: a
 * variant, once stored, keeps its name and its fields' names.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Cause.Threshold.class, name = "threshold"),
  @JsonSubTypes.Type(value = Cause.Unreachable.class, name = "unreachable"),
  @JsonSubTypes.Type(value = Cause.AccessRefused.class, name = "access_refused"),
  @JsonSubTypes.Type(value = Cause.NoData.class, name = "no_data"),
  @JsonSubTypes.Type(value = Cause.NeverReported.class, name = "never_reported"),
  @JsonSubTypes.Type(value = Cause.ParentDown.class, name = "parent_down"),
  @JsonSubTypes.Type(value = Cause.Flapping.class, name = "flapping"),
  @JsonSubTypes.Type(value = Cause.CheckFailed.class, name = "check_failed"),
  @JsonSubTypes.Type(value = Cause.InterfaceDown.class, name = "interface_down"),
  @JsonSubTypes.Type(value = Cause.ProbeFailed.class, name = "probe_failed"),
  @JsonSubTypes.Type(value = Cause.ProbeSilent.class, name = "probe_silent"),
  @JsonSubTypes.Type(value = Cause.LogMatched.class, name = "log_matched")
})
public sealed interface Cause {

  /** Which level of a threshold a value is beyond. */
  enum Level {
    WARNING,
    ERROR
  }

  /**
   * A value beyond a threshold level.
   *
   * @param metric {@code measurement.field}, as in the thresholds file
   * @param tags the series' tags (mount, interface...), used in the metric's display name
   */
  record Threshold(
      String metric,
      Map<String, String> tags,
      double value,
      double level,
      Comparison comparison,
      Level severity)
      implements Cause {
    public Threshold {
      tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
  }

  /**
   * Polls in a row that did not reach the target (DEAD).
   *
   * @param protocol the target's kind code ({@code snmp}, {@code ssh}, {@code local})
   */
  record Unreachable(FailureKind failure, int polls, String protocol) implements Cause {}

  /** The target refused the credentials or its host key is wrong: a human must act (ERROR). */
  record AccessRefused(FailureKind failure, String protocol) implements Cause {}

  /** No poll point for {@code silence}, its collector being alive. */
  record NoData(Duration silence) implements Cause {}

  /** No poll point ever, since the target was added. */
  record NeverReported(Instant since) implements Cause {}

  /**
   * Its parent is DEAD.
   *
   * @param parent the parent's id, or null when the parent is another client's (not named)
   */
  record ParentDown(@Nullable String parent) implements Cause {}

  /**
   * Too many status changes in a window.
   *
   * @param now the cause of the status it is in now, or null when it is RUN
   */
  record Flapping(int changes, Duration window, @Nullable Cause now) implements Cause {}

  /**
   * A Nagios plugin's check not OK.
   *
   * @param state the plugin's exit code: 1 WARNING, 2 CRITICAL, 3 UNKNOWN
   * @param message the plugin's first line, as the plugin wrote it
   */
  record CheckFailed(String check, int state, String message) implements Cause {}

  /** An interface that was up is down while administratively up. */
  record InterfaceDown(String name) implements Cause {}

  /**
   * A service probe's latest run failed (a check {@code probe:NAME}).
   *
   * @param probe the probe's name
   * @param service what the probe asks, as people name it: the URL of an http or rtsp probe, the
   *     host (and port) of the others, the server of a dns probe
   * @param status the protocol's answer when it had one: the HTTP, SIP or RTSP status, the DNS
   *     RCODE; null otherwise
   * @param days the days to the certificate's expiry, for a certificate failure; null otherwise
   * @param runs runs in a row that failed with the same consequence as this one ({@link
   *     FailureKind#leadsTo()}), this one included
   * @param failingFor from the first of those runs to this one
   */
  record ProbeFailed(
      String probe,
      ProbeType type,
      FailureKind failure,
      String service,
      @Nullable String status,
      @Nullable Double days,
      int runs,
      Duration failingFor)
      implements Cause {}

  /**
   * A probe of a polled target has written nothing for {@code silence}, the target's polls going
   * on.
   */
  record ProbeSilent(String probe, ProbeType type, String service, Duration silence)
      implements Cause {}

  /**
   * Log lines matched a log rule (a check {@code log:NAME}) often enough.
   *
   * @param rule the rule's name
   * @param matches lines that matched within {@code within}
   * @param count the rule's count: how many lines within the window make it fire
   * @param lines the last matching lines, at most three, each on one line and cut
   */
  record LogMatched(
      String rule, long matches, int count, Duration within, java.util.List<String> lines)
      implements Cause {
    public LogMatched {
      lines = lines == null ? java.util.List.of() : java.util.List.copyOf(lines);
    }
  }
}
