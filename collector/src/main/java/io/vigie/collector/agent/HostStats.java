package io.vigie.collector.agent;

import java.util.List;

/**
 * What the local agent reads from the host. The OSHI implementation is tested for real; the
 * arithmetic on top of it ({@link LocalAgentSource}) is tested with fixed values.
 */
public interface HostStats {

  /** Cumulative CPU ticks of the whole host, in OSHI's tick order (user, nice, system, ...). */
  long[] cpuTicks();

  /** The same per logical processor. */
  long[][] coreTicks();

  /** 1, 5 and 15-minute load averages; negative where the OS has none. */
  double[] loadAverage();

  int logicalCores();

  Memory memory();

  List<FileSystemUsage> fileSystems();

  List<InterfaceCounters> interfaces();

  long uptimeSeconds();

  int processCount();

  /** Memory and swap in bytes. */
  record Memory(long total, long available, long swapTotal, long swapUsed) {}

  /**
   * The space of one mounted filesystem, in bytes.
   *
   * @param free space usable by unprivileged users, as df shows it
   */
  record FileSystemUsage(
      String mount,
      String type,
      String device,
      long total,
      long free,
      long inodesTotal,
      long inodesFree) {}

  /** Cumulative counters of one interface, read at {@code timestampMillis}. */
  record InterfaceCounters(
      String name,
      long bytesRecv,
      long bytesSent,
      long packetsRecv,
      long packetsSent,
      long errorsIn,
      long errorsOut,
      long dropsIn,
      boolean up,
      long timestampMillis) {}
}
