package io.vigie.model.schema;

import static io.vigie.model.schema.FieldType.BOOLEAN;
import static io.vigie.model.schema.FieldType.FLOAT;
import static io.vigie.model.schema.FieldType.INTEGER;
import static io.vigie.model.schema.FieldType.STRING;

import java.util.List;
import java.util.Optional;

/**
 * The InfluxDB schema every module agrees on: measurement, tag and field names, types and units.
 * {@code docs/schema.md} is generated from it (see {@code SchemaDocTest}).
 */
public final class Schema {

  /** Tags on every point about a target. */
  public static final String TAG_TARGET = "target";

  public static final String TAG_CLIENT = "client";
  public static final String TAG_KIND = "kind";

  /** Tag naming the collector instance that wrote the point. */
  public static final String TAG_COLLECTOR = "collector";

  public static final List<String> COMMON_TAGS = List.of(TAG_TARGET, TAG_CLIENT, TAG_KIND);

  /**
   * The {@code meter} of the {@link #COLLECTOR} series counting points InfluxDB refused for good:
   * the collector counts them, the alerting service raises a pipeline condition when it grows.
   */
  public static final String METER_POINTS_REJECTED = "vigie.points.rejected";

  /**
   * Fields of the {@link #POLL} point: the collector writes them, the alerting service reads them.
   */
  public static final String POLL_UP = "up";

  public static final String POLL_DURATION_MS = "duration_ms";
  public static final String POLL_POINTS = "points";
  public static final String POLL_VALUES = "values";
  public static final String POLL_CONNECT_MS = "connect_ms";
  public static final String POLL_AUTH_MS = "auth_ms";
  public static final String POLL_REASON = "reason";

  /**
   * The poll's {@link io.vigie.model.poll.FailureKind} code. Not {@code kind}: that is the target's
   * kind, a tag on every point.
   */
  public static final String POLL_FAILURE = "failure";

  public static final String POLL_WARNINGS = "warnings";

  public static final MeasurementDef POLL =
      new MeasurementDef(
          "poll",
          "One point for every poll of every target, successful or not, so that a dead target can"
              + " be told from a silent collector.",
          List.of(TAG_COLLECTOR),
          List.of(
              new FieldDef(POLL_UP, INTEGER, "0/1", "1 when the poll reached the target")
                  .shown("Poll reached the target", "Relevé abouti"),
              new FieldDef(POLL_DURATION_MS, FLOAT, "ms", "how long the poll took")
                  .shown("Poll duration", "Durée du relevé"),
              new FieldDef(POLL_POINTS, INTEGER, "count", "metric points the poll produced")
                  .shown("Points per poll", "Points par relevé"),
              new FieldDef(
                      POLL_VALUES,
                      INTEGER,
                      "count",
                      "values read and used (SNMP: variable bindings); 0 if unknown")
                  .shown("Values read", "Valeurs lues"),
              new FieldDef(
                      POLL_CONNECT_MS,
                      FLOAT,
                      "ms",
                      "SSH: time to connect, when the poll opened a session")
                  .shown("SSH connection time", "Durée de connexion SSH"),
              new FieldDef(
                      POLL_AUTH_MS,
                      FLOAT,
                      "ms",
                      "SSH: time to authenticate, when the poll opened a session")
                  .shown("SSH authentication time", "Durée d’authentification SSH"),
              new FieldDef(
                  POLL_REASON,
                  STRING,
                  "text",
                  "why the poll failed, stopped short (partial) or was skipped; empty when complete"),
              new FieldDef(
                  POLL_FAILURE,
                  STRING,
                  "code",
                  "the kind of failure, from the table below (`none` when complete); the alerting"
                      + " service decides by it, never by the reason's words"),
              new FieldDef(
                  POLL_WARNINGS,
                  STRING,
                  "text",
                  "what the target could not give without failing the poll (missing OIDs...)")));

  public static final MeasurementDef CPU =
      new MeasurementDef(
          "cpu",
          "CPU usage between two polls; tag cpu is `total` or the core number (`0`, `1`, ...).",
          List.of("cpu"),
          List.of(
              new FieldDef(
                      "usage_percent", FLOAT, "%", "busy time (everything but idle and iowait)")
                  .shown("CPU usage", "Utilisation CPU"),
              new FieldDef("user_percent", FLOAT, "%", "user and nice time")
                  .shown("CPU user time", "CPU en mode utilisateur"),
              new FieldDef("system_percent", FLOAT, "%", "system, irq and softirq time")
                  .shown("CPU system time", "CPU en mode système"),
              new FieldDef("iowait_percent", FLOAT, "%", "time waiting for I/O")
                  .shown("CPU waiting for I/O", "Attente d’entrées-sorties CPU"),
              new FieldDef("steal_percent", FLOAT, "%", "time stolen by the hypervisor")
                  .shown("CPU stolen by the hypervisor", "CPU pris par l’hyperviseur"),
              new FieldDef("idle_percent", FLOAT, "%", "idle time (SNMP ucd profile)")
                  .shown("CPU idle", "CPU inactif")));

  public static final MeasurementDef LOAD =
      new MeasurementDef(
          "load",
          "Load averages.",
          List.of(),
          List.of(
              new FieldDef("load1", FLOAT, "runnable tasks", "1-minute load average")
                  .shown("Load (1 min)", "Charge (1 min)"),
              new FieldDef("load5", FLOAT, "runnable tasks", "5-minute load average")
                  .shown("Load (5 min)", "Charge (5 min)"),
              new FieldDef("load15", FLOAT, "runnable tasks", "15-minute load average")
                  .shown("Load (15 min)", "Charge (15 min)"),
              new FieldDef("cores", INTEGER, "count", "logical processors, to scale the load")
                  .shown("Cores", "Cœurs")));

  public static final MeasurementDef MEM =
      new MeasurementDef(
          "mem",
          "Memory and swap.",
          List.of(),
          List.of(
              new FieldDef("total_bytes", INTEGER, "bytes", "physical memory")
                  .shown("Memory size", "Taille de la mémoire"),
              new FieldDef("available_bytes", INTEGER, "bytes", "memory available to new work")
                  .shown("Memory available", "Mémoire disponible"),
              new FieldDef("used_bytes", INTEGER, "bytes", "total minus available")
                  .shown("Memory in use", "Mémoire occupée"),
              new FieldDef("used_percent", FLOAT, "%", "used over total")
                  .shown("Memory used", "Mémoire utilisée"),
              new FieldDef("swap_total_bytes", INTEGER, "bytes", "swap space")
                  .shown("Swap size", "Taille du swap"),
              new FieldDef("swap_used_bytes", INTEGER, "bytes", "swap in use")
                  .shown("Swap in use", "Swap occupé"),
              new FieldDef("swap_used_percent", FLOAT, "%", "swap used over total; 0 without swap")
                  .shown("Swap used", "Swap utilisé")));

  public static final MeasurementDef DISK =
      new MeasurementDef(
          "disk",
          "One series per mounted filesystem; pseudo filesystems (proc, tmpfs, overlay layers...)"
              + " are skipped.",
          List.of("mount", "fstype", "device"),
          List.of(
              new FieldDef("total_bytes", INTEGER, "bytes", "filesystem size")
                  .shown("Size of {mount}", "Taille de {mount}"),
              new FieldDef("free_bytes", INTEGER, "bytes", "space usable by unprivileged users")
                  .shown("Free space on {mount}", "Espace libre sur {mount}"),
              new FieldDef("used_bytes", INTEGER, "bytes", "total minus free")
                  .shown("Space used on {mount}", "Espace occupé sur {mount}"),
              new FieldDef("used_percent", FLOAT, "%", "used over total, as df shows it")
                  .shown("Disk {mount} full", "Disque {mount} plein"),
              new FieldDef("inodes_used_percent", FLOAT, "%", "inodes in use over total")
                  .shown("Inodes used on {mount}", "Inodes utilisés sur {mount}")));

  public static final MeasurementDef NET =
      new MeasurementDef(
          "net",
          "One series per network interface; rates between two polls (none on the first poll).",
          List.of("interface"),
          List.of(
              new FieldDef("bytes_recv_per_sec", FLOAT, "bytes/s", "received")
                  .shown("Traffic received on {interface}", "Trafic reçu sur {interface}"),
              new FieldDef("bytes_sent_per_sec", FLOAT, "bytes/s", "sent")
                  .shown("Traffic sent on {interface}", "Trafic émis sur {interface}"),
              new FieldDef("packets_recv_per_sec", FLOAT, "packets/s", "received")
                  .shown("Packets received on {interface}", "Paquets reçus sur {interface}"),
              new FieldDef("packets_sent_per_sec", FLOAT, "packets/s", "sent")
                  .shown("Packets sent on {interface}", "Paquets émis sur {interface}"),
              new FieldDef("errors_in_per_sec", FLOAT, "errors/s", "receive errors")
                  .shown("Receive errors on {interface}", "Erreurs en réception sur {interface}"),
              new FieldDef("errors_out_per_sec", FLOAT, "errors/s", "send errors")
                  .shown("Send errors on {interface}", "Erreurs en émission sur {interface}"),
              new FieldDef("drops_in_per_sec", FLOAT, "packets/s", "received packets dropped")
                  .shown(
                      "Packets dropped on receive on {interface}",
                      "Paquets perdus en réception sur {interface}"),
              new FieldDef("up", INTEGER, "0/1", "1 when the interface is up")
                  .shown("Interface {interface} up", "Interface {interface} active")));

  public static final MeasurementDef SYSTEM =
      new MeasurementDef(
          "system",
          "Host-wide facts; the SNMP system profile adds the device's identity.",
          List.of(),
          List.of(
              new FieldDef(
                      "uptime_s", INTEGER, "s", "time since boot (SNMP: since the agent started)")
                  .shown("Time since boot", "Temps depuis le démarrage"),
              new FieldDef("processes", INTEGER, "count", "running processes")
                  .shown("Processes", "Processus"),
              new FieldDef("sys_name", STRING, "text", "sysName"),
              new FieldDef("sys_descr", STRING, "text", "sysDescr"),
              new FieldDef("sys_object_id", STRING, "OID", "sysObjectID: the device's model")));

  public static final MeasurementDef INTERFACE =
      new MeasurementDef(
          "interface",
          "SNMP IF-MIB, one series per interface; rates between two polls (none on the first poll"
              + " nor after a reboot or counter discontinuity); 64-bit counters, 32-bit where a"
              + " device has no 64-bit ones.",
          List.of("ifindex", "ifname", "ifalias", "ifdescr"),
          List.of(
              new FieldDef("oper_status", INTEGER, "1 up, 2 down, ...", "ifOperStatus")
                  .shown("Operational status of {ifname}", "État opérationnel de {ifname}"),
              new FieldDef("admin_status", INTEGER, "1 up, 2 down, 3 testing", "ifAdminStatus")
                  .shown("Administrative status of {ifname}", "État administratif de {ifname}"),
              new FieldDef("speed_bps", INTEGER, "bit/s", "ifHighSpeed × 10⁶, or ifSpeed")
                  .shown("Speed of {ifname}", "Débit nominal de {ifname}"),
              new FieldDef("in_bytes_per_sec", FLOAT, "bytes/s", "received")
                  .shown("Traffic received on {ifname}", "Trafic reçu sur {ifname}"),
              new FieldDef("out_bytes_per_sec", FLOAT, "bytes/s", "sent")
                  .shown("Traffic sent on {ifname}", "Trafic émis sur {ifname}"),
              new FieldDef("in_packets_per_sec", FLOAT, "packets/s", "unicast received")
                  .shown("Packets received on {ifname}", "Paquets reçus sur {ifname}"),
              new FieldDef("out_packets_per_sec", FLOAT, "packets/s", "unicast sent")
                  .shown("Packets sent on {ifname}", "Paquets émis sur {ifname}"),
              new FieldDef("in_errors_per_sec", FLOAT, "errors/s", "ifInErrors")
                  .shown("Receive errors on {ifname}", "Erreurs en réception sur {ifname}"),
              new FieldDef("out_errors_per_sec", FLOAT, "errors/s", "ifOutErrors")
                  .shown("Send errors on {ifname}", "Erreurs en émission sur {ifname}"),
              new FieldDef("in_discards_per_sec", FLOAT, "packets/s", "ifInDiscards")
                  .shown(
                      "Packets discarded on receive on {ifname}",
                      "Paquets rejetés en réception sur {ifname}"),
              new FieldDef("out_discards_per_sec", FLOAT, "packets/s", "ifOutDiscards")
                  .shown(
                      "Packets discarded on send on {ifname}",
                      "Paquets rejetés en émission sur {ifname}")));

  public static final MeasurementDef STORAGE =
      new MeasurementDef(
          "storage",
          "SNMP HOST-RESOURCES hrStorage: memory, swap and filesystems as the device counts them.",
          List.of("index", "descr"),
          List.of(
              new FieldDef("total_bytes", INTEGER, "bytes", "hrStorageSize × allocation unit")
                  .shown("Size of storage {descr}", "Taille du stockage {descr}"),
              new FieldDef("used_bytes", INTEGER, "bytes", "hrStorageUsed × allocation unit")
                  .shown("Space used in storage {descr}", "Espace occupé dans le stockage {descr}"),
              new FieldDef("used_percent", FLOAT, "%", "used over total")
                  .shown("Storage {descr} full", "Stockage {descr} plein")));

  public static final MeasurementDef COLLECTOR =
      new MeasurementDef(
          "vigie_collector",
          "The collector's own health, from its Micrometer registry; one series per meter and tag"
              + " set. Counters are cumulative since the process started.",
          List.of(TAG_COLLECTOR, "meter", "kind", "result"),
          List.of(
              new FieldDef("count", FLOAT, "count", "counter value, or a timer's event count")
                  .shown("{meter} count", "Compteur {meter}"),
              new FieldDef("value", FLOAT, "unit of the meter", "gauge value")
                  .shown("{meter}", "{meter}"),
              new FieldDef("sum_ms", FLOAT, "ms", "timer: total time")
                  .shown("{meter} total time", "Temps total de {meter}"),
              new FieldDef("max_ms", FLOAT, "ms", "timer: recent maximum")
                  .shown("{meter} maximum time", "Temps maximal de {meter}")));

  public static final MeasurementDef CHECK =
      new MeasurementDef(
          "check",
          "A Nagios-plugin check run over SSH, one series per check. Each perfdata label becomes a"
              + " float field of its own name (lower case, _ for other characters), in base units"
              + " (s, bytes), with `_warn`, `_crit`, `_min` and `_max` fields when given.",
          List.of("check"),
          List.of(
              new FieldDef(
                      "status",
                      INTEGER,
                      "0..3",
                      "exit code: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN")
                  .shown("Check {check} result", "Résultat du contrôle {check}"),
              new FieldDef("state", STRING, "text", "OK, WARNING, CRITICAL or UNKNOWN"),
              new FieldDef("message", STRING, "text", "the plugin's first line, before the |")));

  /** The {@link #STATUS} point's cause in the client's language, for its dashboards. */
  public static final String STATUS_CAUSE = "cause";

  /** The {@link #STATUS} point's cause in English, with raw reasons, for the NOC. */
  public static final String STATUS_CAUSE_NOC = "cause_noc";

  public static final MeasurementDef STATUS =
      new MeasurementDef(
          "status",
          "Written by the alerting service: one point at every change of a target's status (or of"
              + " its suppressed or flapping flag), and a refresh of every target's status every few"
              + " minutes so that the latest status is always within a dashboard's time range."
              + " Two causes: `cause` says it to the client, in its language, and is what the"
              + " client's dashboards (its overview, its targets' details) show; `cause_noc` says it"
              + " to the NOC, in English with the raw reasons, and is what the NOC overview shows,"
              + " beside the client's words.",
          List.of(),
          List.of(
              new FieldDef("code", INTEGER, "0..3", "0 RUN, 1 WARNING, 2 ERROR, 3 DEAD")
                  .shown("Status", "État"),
              new FieldDef("status", STRING, "text", "RUN, WARNING, ERROR or DEAD"),
              new FieldDef("previous", INTEGER, "0..3", "the code before the change")
                  .shown("Previous status", "État précédent"),
              new FieldDef("changed", BOOLEAN, "true/false", "false on a refresh point"),
              new FieldDef("check", STRING, "text", "the check that gives the status"),
              new FieldDef(
                  STATUS_CAUSE,
                  STRING,
                  "text",
                  "why, in words, in the client's language (its inventory `language`, as in its"
                      + " mails): a sentence built from the typed cause, numbers and units as the"
                      + " language writes them; empty when RUN. Points written before this field"
                      + " had a `cause_noc` hold the English text here"),
              new FieldDef(
                  STATUS_CAUSE_NOC,
                  STRING,
                  "text",
                  "why, in English, for the NOC: value and level, the poll's raw reason, parent"
                      + " (the API's `cause` for NOC users); missing on points written before it"
                      + " existed, whose `cause` is this text"),
              new FieldDef(
                  "suppressed", BOOLEAN, "true/false", "its parent is down: notifications held"),
              new FieldDef(
                  "flapping", BOOLEAN, "true/false", "changing too often: notifications held")));

  public static final List<MeasurementDef> ALL =
      List.of(
          POLL,
          CPU,
          LOAD,
          MEM,
          DISK,
          NET,
          SYSTEM,
          INTERFACE,
          STORAGE,
          CHECK,
          ProbeSchema.PROBE,
          LogSchema.SYSLOG,
          LogSchema.LOG_MATCH,
          COLLECTOR,
          STATUS);

  private Schema() {}

  public static Optional<MeasurementDef> measurement(String name) {
    return ALL.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  /** The numeric field named by {@code measurement.field}, if the schema has it. */
  public static Optional<FieldDef> numericMetric(String metric) {
    int dot = metric.indexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    return measurement(metric.substring(0, dot))
        .flatMap(m -> m.field(metric.substring(dot + 1)))
        .filter(f -> f.type().numeric());
  }
}
