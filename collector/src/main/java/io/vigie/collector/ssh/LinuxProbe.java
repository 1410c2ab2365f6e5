package io.vigie.collector.ssh;

import io.vigie.collector.agent.HostStats;
import java.util.ArrayList;
import java.util.List;

/**
 * The agentless Linux probe: one command that prints, in one round trip, what the local agent reads
 * through OSHI, and a parser that turns its output into a {@link HostStats} snapshot. The local
 * agent's arithmetic then applies unchanged, so SSH hosts write the same measurements.
 */
final class LinuxProbe {
  static final String SEPARATOR = "--vigie--";

  /** POSIX sh only: the target may have nothing else. Pseudo filesystems are left out by df. */
  static final String COMMAND =
      String.join(
          "; echo " + SEPARATOR + "; ",
          "cat /proc/stat",
          "cat /proc/meminfo",
          "cat /proc/loadavg",
          "LC_ALL=C df -P -k -x tmpfs -x devtmpfs -x squashfs -x overlay 2>/dev/null",
          "cat /proc/net/dev",
          "cat /proc/uptime",
          "ls -d /proc/[0-9]* | wc -l");

  private LinuxProbe() {}

  /**
   * A reading of the host, fixed at one instant. A class, not a record: its arrays would make a
   * record's equals and hashCode compare identities, and a snapshot is never compared anyway.
   */
  static final class Snapshot implements HostStats {
    private final long[] cpuTicks;
    private final long[][] coreTicks;
    private final double[] load;
    private final HostStats.Memory memory;
    private final List<HostStats.FileSystemUsage> fileSystems;
    private final List<HostStats.InterfaceCounters> interfaces;
    private final long uptimeSeconds;
    private final int processes;

    Snapshot(
        long[] cpuTicks,
        long[][] coreTicks,
        double[] load,
        HostStats.Memory memory,
        List<HostStats.FileSystemUsage> fileSystems,
        List<HostStats.InterfaceCounters> interfaces,
        long uptimeSeconds,
        int processes) {
      this.cpuTicks = cpuTicks;
      this.coreTicks = coreTicks;
      this.load = load;
      this.memory = memory;
      this.fileSystems = fileSystems;
      this.interfaces = interfaces;
      this.uptimeSeconds = uptimeSeconds;
      this.processes = processes;
    }

    @Override
    public long[] cpuTicks() {
      return cpuTicks;
    }

    @Override
    public long[][] coreTicks() {
      return coreTicks;
    }

    @Override
    public double[] loadAverage() {
      return load;
    }

    @Override
    public int logicalCores() {
      return coreTicks.length;
    }

    @Override
    public HostStats.Memory memory() {
      return memory;
    }

    @Override
    public List<HostStats.FileSystemUsage> fileSystems() {
      return fileSystems;
    }

    @Override
    public List<HostStats.InterfaceCounters> interfaces() {
      return interfaces;
    }

    @Override
    public long uptimeSeconds() {
      return uptimeSeconds;
    }

    @Override
    public int processCount() {
      return processes;
    }
  }

  static Snapshot parse(String output, long timeMillis) {
    String[] sections = output.split("\\n?" + SEPARATOR + "\\n", -1);
    if (sections.length < 7) {
      throw new IllegalStateException(
          "the probe's output has " + sections.length + " sections of 7: is this a Linux host?");
    }
    // Every split passes limit -1 (trailing empty strings kept), which changes no result here:
    // fields are split from trimmed text, which has none, and the trailing empty lines a newline
    // split may add are skipped by each loop (no "cpu" prefix, fewer than 2 or 6 fields, no colon).
    long[] total = new long[8];
    List<long[]> cores = new ArrayList<>();
    for (String line : sections[0].split("\n", -1)) {
      if (line.startsWith("cpu")) {
        String[] f = line.trim().split("\\s+", -1);
        long[] ticks = new long[8];
        for (int i = 0; i < 8 && i + 1 < f.length; i++) {
          ticks[i] = Long.parseLong(f[i + 1]);
        }
        if (f[0].equals("cpu")) {
          total = ticks;
        } else {
          cores.add(ticks);
        }
      }
    }
    long memTotal = 0;
    long memAvailable = 0;
    long swapTotal = 0;
    long swapFree = 0;
    for (String line : sections[1].split("\n", -1)) {
      String[] f = line.trim().split("\\s+", -1);
      if (f.length < 2) {
        continue;
      }
      long kb = Long.parseLong(f[1]) * 1024;
      switch (f[0]) {
        case "MemTotal:" -> memTotal = kb;
        case "MemAvailable:" -> memAvailable = kb;
        case "SwapTotal:" -> swapTotal = kb;
        case "SwapFree:" -> swapFree = kb;
        default -> {}
      }
    }
    String[] loadFields = sections[2].trim().split("\\s+", -1);
    double[] load = {
      Double.parseDouble(loadFields[0]),
      Double.parseDouble(loadFields[1]),
      Double.parseDouble(loadFields[2])
    };
    List<HostStats.FileSystemUsage> fileSystems = new ArrayList<>();
    String[] dfLines = sections[3].split("\n", -1);
    for (int i = 1; i < dfLines.length; i++) {
      String[] f = dfLines[i].trim().split("\\s+", -1);
      if (f.length < 6 || !f[1].matches("\\d+")) {
        continue;
      }
      long size = Long.parseLong(f[1]) * 1024;
      long used = Long.parseLong(f[2]) * 1024;
      long available = Long.parseLong(f[3]) * 1024;
      if (size > 0) {
        // df's Use% is used / (used + available); free is what a user can still write.
        fileSystems.add(
            new HostStats.FileSystemUsage(f[5], "", f[0], used + available, available, 0, 0));
      }
    }
    List<HostStats.InterfaceCounters> interfaces = new ArrayList<>();
    for (String line : sections[4].split("\n", -1)) {
      int colon = line.indexOf(':');
      if (colon < 0 || line.contains("|")) {
        continue;
      }
      String name = line.substring(0, colon).trim();
      String[] f = line.substring(colon + 1).trim().split("\\s+", -1);
      interfaces.add(
          new HostStats.InterfaceCounters(
              name,
              Long.parseLong(f[0]),
              Long.parseLong(f[8]),
              Long.parseLong(f[1]),
              Long.parseLong(f[9]),
              Long.parseLong(f[2]),
              Long.parseLong(f[10]),
              Long.parseLong(f[3]),
              true,
              timeMillis));
    }
    long uptime = (long) Double.parseDouble(sections[5].trim().split("\\s+", -1)[0]);
    int processes = Integer.parseInt(sections[6].trim());
    return new Snapshot(
        total,
        cores.toArray(long[][]::new),
        load,
        new HostStats.Memory(memTotal, memAvailable, swapTotal, swapTotal - swapFree),
        fileSystems,
        interfaces,
        uptime,
        processes);
  }
}
