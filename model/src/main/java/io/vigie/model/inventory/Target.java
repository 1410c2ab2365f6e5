package io.vigie.model.inventory;

import io.vigie.model.logs.TargetLogs;
import io.vigie.model.probe.Probe;
import io.vigie.model.snmp.SnmpSettings;
import io.vigie.model.ssh.SshSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Something that is polled.
 *
 * @param address host name or IP; for a {@code local} target, the host the collector runs on; empty
 *     for a {@code service} target given none (its probes then name their own hosts)
 * @param parent the target in front of this one (the switch before a server), or null
 * @param credentials secret references by role ({@code community}, {@code password}, ...)
 * @param labels free key/value pairs written as tags
 * @param snmp how to poll an {@code snmp} target; null for other kinds
 * @param ssh how to reach an {@code ssh} target; null for other kinds
 * @param probes the services checked from the collector ({@code probes:}), on any kind of target
 * @param logs its log sources and rules ({@code logs:}, {@code log_rules:} and its client's)
 */
public record Target(
    String id,
    String client,
    TargetKind kind,
    String address,
    Duration interval,
    @Nullable String parent,
    Map<String, SecretRef> credentials,
    Map<String, String> labels,
    @Nullable SnmpSettings snmp,
    @Nullable SshSettings ssh,
    List<Probe> probes,
    TargetLogs logs) {
  public Target {
    credentials = Map.copyOf(credentials);
    labels = Map.copyOf(labels);
    probes = List.copyOf(probes);
  }

  /** A target without log sources or rules. */
  public Target(
      String id,
      String client,
      TargetKind kind,
      String address,
      Duration interval,
      @Nullable String parent,
      Map<String, SecretRef> credentials,
      Map<String, String> labels,
      @Nullable SnmpSettings snmp,
      @Nullable SshSettings ssh,
      List<Probe> probes) {
    this(
        id,
        client,
        kind,
        address,
        interval,
        parent,
        credentials,
        labels,
        snmp,
        ssh,
        probes,
        TargetLogs.NONE);
  }

  /** This target with {@code logs} in place of its logs. */
  public Target withLogs(TargetLogs logs) {
    return new Target(
        id, client, kind, address, interval, parent, credentials, labels, snmp, ssh, probes, logs);
  }

  /** A target without probes. */
  public Target(
      String id,
      String client,
      TargetKind kind,
      String address,
      Duration interval,
      @Nullable String parent,
      Map<String, SecretRef> credentials,
      Map<String, String> labels,
      @Nullable SnmpSettings snmp,
      @Nullable SshSettings ssh) {
    this(id, client, kind, address, interval, parent, credentials, labels, snmp, ssh, List.of());
  }

  /** Whether the collector polls the target itself; a {@code service} target only has probes. */
  public boolean polled() {
    return kind != TargetKind.SERVICE;
  }
}
