package io.vigie.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Peer: net-snmp's snmpbulkwalk, as a script polling devices would use it. A process walks one
 * subtree, so each device is walked as all of ifTable and all of ifXTable (two processes, its
 * cheapest way to cover the 19 columns Vigie reads; the system scalars are left out), run by {@code
 * xargs -P}. Its collector CPU is those processes' own (bash's {@code times} of xargs's children);
 * its varbinds are its output lines ({@code -On}: one per varbind).
 */
final class BulkwalkPeer {
  static final String IF_TABLE = "1.3.6.1.2.1.2.2";
  static final String IF_X_TABLE = "1.3.6.1.2.1.31.1.1";

  private final Path dir;
  private final int devices;
  private final int parallel;

  private BulkwalkPeer(Path dir, int devices, int parallel) {
    this.dir = dir;
    this.devices = devices;
    this.parallel = parallel;
  }

  /** One measured window: warm-up and measured cycles of walks. */
  static SnmpWindow window(SnmpBench.Settings s, Snmpd snmpd, Path work) throws Exception {
    Path dir = Files.createDirectories(work.resolve("bulkwalk"));
    StringBuilder jobs = new StringBuilder();
    for (int i = 0; i < s.devices(); i++) {
      jobs.append(Snmpd.agent(i)).append(' ').append(IF_TABLE).append('\n');
      jobs.append(Snmpd.agent(i)).append(' ').append(IF_X_TABLE).append('\n');
    }
    Files.writeString(dir.resolve("jobs"), jobs.toString());
    BulkwalkPeer peer = new BulkwalkPeer(dir, s.devices(), s.parallel());
    return PeerCycles.measure("snmpbulkwalk", s, snmpd, OptionalLong.empty(), peer::cycle);
  }

  /** Both walks of every device; a failed walk writes one line to stderr. */
  PeerCycles.Result cycle() throws Exception {
    Path walks = dir.resolve("walks");
    Path errors = dir.resolve("errors");
    double cpu =
        Procs.timed(
            Map.of("MIBS", ""),
            walks,
            errors,
            List.of(
                "xargs",
                "-P",
                Integer.toString(parallel),
                "-n",
                "2",
                "-a",
                dir.resolve("jobs").toString(),
                "snmpbulkwalk",
                "-v2c",
                "-c",
                Snmpd.COMMUNITY,
                "-On",
                "-Cr25",
                "-t",
                "2",
                "-r",
                "1"));
    return new PeerCycles.Result(2L * devices, lines(errors), lines(walks), cpu);
  }

  private static long lines(Path file) throws java.io.IOException {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.filter(l -> !l.isBlank()).count();
    }
  }

  static String version() {
    return Procs.firstLine("snmpbulkwalk", "--version");
  }
}
