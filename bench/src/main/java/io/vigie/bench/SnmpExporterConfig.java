package io.vigie.bench;

import java.util.List;

/**
 * The exporter's snmp.yml: one module, {@code if_mib}, fetching exactly what Vigie's {@code system}
 * and {@code if-mib} profiles fetch (4 system scalars by GET, 19 ifTable/ifXTable columns by
 * GETBULK walks, SNMPv2c, 25 repetitions), so that both return the same varbinds per device. The
 * Debian package ships an empty snmp.yml (MIB licensing), and the generator needs MIB files Debian
 * does not ship either: the module is written here by numeric OID, shaped like the upstream
 * generator's if_mib (an ifIndex label, ifName/ifAlias/ifDescr looked up as labels).
 */
final class SnmpExporterConfig {
  /** sysUpTime, sysName, sysDescr, sysObjectID: the {@code system} profile. */
  static final List<Column> SCALARS =
      List.of(
          new Column("sysUpTime", "1.3.6.1.2.1.1.3", "gauge"),
          new Column("sysName", "1.3.6.1.2.1.1.5", "DisplayString"),
          new Column("sysDescr", "1.3.6.1.2.1.1.1", "DisplayString"),
          new Column("sysObjectID", "1.3.6.1.2.1.1.2", "DisplayString"));

  /** The labels every interface metric carries, as the {@code if-mib} profile's tags. */
  static final List<Column> LABELS =
      List.of(
          new Column("ifName", "1.3.6.1.2.1.31.1.1.1.1", "DisplayString"),
          new Column("ifAlias", "1.3.6.1.2.1.31.1.1.1.18", "DisplayString"),
          new Column("ifDescr", "1.3.6.1.2.1.2.2.1.2", "DisplayString"));

  /** The {@code if-mib} profile's value columns, fallbacks included (Vigie walks them too). */
  static final List<Column> VALUES =
      List.of(
          new Column("ifOperStatus", "1.3.6.1.2.1.2.2.1.8", "gauge"),
          new Column("ifAdminStatus", "1.3.6.1.2.1.2.2.1.7", "gauge"),
          new Column("ifHighSpeed", "1.3.6.1.2.1.31.1.1.1.15", "gauge"),
          new Column("ifSpeed", "1.3.6.1.2.1.2.2.1.5", "gauge"),
          new Column("ifHCInOctets", "1.3.6.1.2.1.31.1.1.1.6", "counter"),
          new Column("ifInOctets", "1.3.6.1.2.1.2.2.1.10", "counter"),
          new Column("ifHCOutOctets", "1.3.6.1.2.1.31.1.1.1.10", "counter"),
          new Column("ifOutOctets", "1.3.6.1.2.1.2.2.1.16", "counter"),
          new Column("ifHCInUcastPkts", "1.3.6.1.2.1.31.1.1.1.7", "counter"),
          new Column("ifInUcastPkts", "1.3.6.1.2.1.2.2.1.11", "counter"),
          new Column("ifHCOutUcastPkts", "1.3.6.1.2.1.31.1.1.1.11", "counter"),
          new Column("ifOutUcastPkts", "1.3.6.1.2.1.2.2.1.17", "counter"),
          new Column("ifInErrors", "1.3.6.1.2.1.2.2.1.14", "counter"),
          new Column("ifOutErrors", "1.3.6.1.2.1.2.2.1.20", "counter"),
          new Column("ifInDiscards", "1.3.6.1.2.1.2.2.1.13", "counter"),
          new Column("ifOutDiscards", "1.3.6.1.2.1.2.2.1.19", "counter"));

  /** An exporter metric: its name, numeric OID (a column, or a scalar without .0) and type. */
  record Column(String name, String oid, String type) {}

  private SnmpExporterConfig() {}

  /** Varbinds one device returns per poll with {@code interfaces} rows, for either collector. */
  static int varbindsPerDevice(int interfaces) {
    return SCALARS.size() + (LABELS.size() + VALUES.size()) * interfaces;
  }

  static String yaml(String community, int maxRepetitions) {
    StringBuilder y = new StringBuilder("# written by the SNMP benchmark (SnmpExporterConfig)\n");
    y.append("if_mib:\n  walk:\n");
    for (Column c : LABELS) {
      y.append("  - ").append(c.oid()).append('\n');
    }
    for (Column c : VALUES) {
      y.append("  - ").append(c.oid()).append('\n');
    }
    y.append("  get:\n");
    for (Column c : SCALARS) {
      y.append("  - ").append(c.oid()).append(".0\n");
    }
    y.append("  version: 2\n  max_repetitions: ")
        .append(maxRepetitions)
        .append("\n  retries: 1\n  timeout: 2s\n  auth:\n    community: ")
        .append(community)
        .append("\n  metrics:\n");
    for (Column c : SCALARS) {
      y.append("  - {name: ")
          .append(c.name())
          .append(", oid: ")
          .append(c.oid())
          .append(", type: ")
          .append(c.type())
          .append(", help: ")
          .append(c.oid())
          .append("}\n");
    }
    for (Column c : VALUES) {
      y.append("  - name: ")
          .append(c.name())
          .append("\n    oid: ")
          .append(c.oid())
          .append("\n    type: ")
          .append(c.type())
          .append("\n    help: ")
          .append(c.oid())
          .append("\n    indexes:\n    - {labelname: ifIndex, type: gauge}\n    lookups:\n");
      for (Column l : LABELS) {
        y.append("    - {labels: [ifIndex], labelname: ")
            .append(l.name())
            .append(", oid: ")
            .append(l.oid())
            .append(", type: ")
            .append(l.type())
            .append("}\n");
      }
    }
    return y.toString();
  }
}
