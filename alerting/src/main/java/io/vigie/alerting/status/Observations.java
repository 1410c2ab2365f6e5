package io.vigie.alerting.status;

import io.vigie.model.poll.FailureKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one evaluation read from InfluxDB, for every target at once.
 *
 * @param polls the latest poll points per target, newest first
 * @param metrics the latest value of every series that a threshold rule names
 * @param plugins the latest result of every Nagios-plugin check
 * @param interfaces the latest status of every SNMP interface
 * @param rejected each collector's count of points InfluxDB refused, as it reported it, oldest
 *     first
 * @param probes the runs of every probe per target, newest first
 * @param logs what each target's log rules matched over each window the rules use
 */
public record Observations(
    Map<String, List<Poll>> polls,
    List<Metric> metrics,
    List<Plugin> plugins,
    List<Interface> interfaces,
    List<Rejected> rejected,
    Map<String, List<ProbeRun>> probes,
    LogWindows logs) {

  public Observations {
    polls = Map.copyOf(polls);
    metrics = List.copyOf(metrics);
    plugins = List.copyOf(plugins);
    interfaces = List.copyOf(interfaces);
    rejected = List.copyOf(rejected);
    probes = Map.copyOf(probes);
  }

  /** Without log rules' matches. */
  public Observations(
      Map<String, List<Poll>> polls,
      List<Metric> metrics,
      List<Plugin> plugins,
      List<Interface> interfaces,
      List<Rejected> rejected,
      Map<String, List<ProbeRun>> probes) {
    this(polls, metrics, plugins, interfaces, rejected, probes, LogWindows.NONE);
  }

  /** Without probe runs (a collector before issue 16, or no target with probes). */
  public Observations(
      Map<String, List<Poll>> polls,
      List<Metric> metrics,
      List<Plugin> plugins,
      List<Interface> interfaces,
      List<Rejected> rejected) {
    this(polls, metrics, plugins, interfaces, rejected, Map.of());
  }

  public Observations(
      Map<String, List<Poll>> polls,
      List<Metric> metrics,
      List<Plugin> plugins,
      List<Interface> interfaces) {
    this(polls, metrics, plugins, interfaces, List.of());
  }

  public static Observations none() {
    return new Observations(Map.of(), List.of(), List.of(), List.of());
  }

  /**
   * One poll of a target: whether it reached the target and, if not, why: in words for people
   * ({@code reason}) and as the kind the status is decided by ({@code failure}).
   */
  public record Poll(
      Instant time, boolean up, String reason, String collector, FailureKind failure) {
    public Poll {
      if (failure == null) {
        throw new IllegalArgumentException("failure: must be given (NONE when the poll was up)");
      }
      if (!up && failure == FailureKind.NONE) {
        // No collector writes this; a point that says so anyway is judged as an unknown failure.
        failure = FailureKind.UNKNOWN;
      }
    }

    /**
     * A poll point written before it had its {@code failure} field: the kind is what the words of
     * its reason tell ({@link FailureKind#fromLegacyReason}).
     */
    public Poll(Instant time, boolean up, String reason, String collector) {
      this(
          time,
          up,
          reason,
          collector,
          up ? FailureKind.NONE : FailureKind.fromLegacyReason(reason));
    }
  }

  /**
   * The latest value of one series.
   *
   * @param metric {@code measurement.field}
   * @param tags the series' own tags (mount, interface...), without target, client, kind
   */
  public record Metric(String target, String metric, Map<String, String> tags, double value) {
    public Metric {
      tags = Map.copyOf(tags);
    }
  }

  /** A Nagios plugin's latest exit code (0..3) and message. */
  public record Plugin(String target, String check, int status, String message) {}

  /**
   * A collector's {@code vigie.points.rejected} counter at one time: the points InfluxDB refused
   * for good since the collector started.
   */
  public record Rejected(String collector, Instant time, double count) {}

  /**
   * One run of a service probe: its {@code probe} point.
   *
   * @param probe the probe's name ({@code probe} tag)
   * @param type the {@code type} tag as written ({@code http}, {@code sip}...)
   * @param failure the kind read from the point's {@code failure} code; {@link FailureKind#UNKNOWN}
   *     for a code this version does not know, {@link FailureKind#NONE} when up
   * @param fields the point's other fields the engine and its causes use (status codes, days,
   *     loss), numbers as {@link Double}, text as {@link String}
   */
  public record ProbeRun(
      Instant time,
      String probe,
      String type,
      boolean up,
      FailureKind failure,
      String reason,
      String collector,
      Map<String, Object> fields) {
    public ProbeRun {
      fields = Map.copyOf(fields);
      if (up) {
        failure = FailureKind.NONE;
      } else if (failure == FailureKind.NONE) {
        failure = FailureKind.UNKNOWN;
      }
    }

    /** A numeric field, or null when the run did not write it. */
    public @org.jspecify.annotations.Nullable Double number(String field) {
      return fields.get(field) instanceof Number n ? n.doubleValue() : null;
    }

    /** A field as text, or null when the run did not write it. */
    public @org.jspecify.annotations.Nullable String text(String field) {
      Object v = fields.get(field);
      return v == null ? null : v.toString();
    }
  }

  /** An SNMP interface's latest IF-MIB statuses (1 up, 2 down). */
  public record Interface(String target, String name, int oper, int admin) {}
}
