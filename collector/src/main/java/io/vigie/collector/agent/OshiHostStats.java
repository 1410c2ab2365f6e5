package io.vigie.collector.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.software.os.OSFileStore;
import oshi.software.os.OperatingSystem;

/** {@link HostStats} read through OSHI, which knows each OS's sources better than we would. */
public final class OshiHostStats implements HostStats {

  /**
   * Filesystems that hold no user data: memory-backed, kernel interfaces and read-only images.
   * {@code overlay} is kept only where it is the root, as in a container.
   */
  static final Set<String> PSEUDO_FILESYSTEMS =
      Set.of(
          "autofs",
          "binfmt_misc",
          "bpf",
          "cgroup",
          "cgroup2",
          "configfs",
          "debugfs",
          "devpts",
          "devtmpfs",
          "efivarfs",
          "fusectl",
          "hugetlbfs",
          "mqueue",
          "nsfs",
          "proc",
          "pstore",
          "ramfs",
          "rpc_pipefs",
          "securityfs",
          "squashfs",
          "sysfs",
          "tmpfs",
          "tracefs",
          "overlay",
          "fuse.lxcfs",
          "fuse.snapfuse",
          "iso9660");

  private final CentralProcessor processor;
  private final GlobalMemory memory;
  private final HardwareAbstractionLayer hardware;
  private final OperatingSystem os;

  public OshiHostStats() {
    SystemInfo system = new SystemInfo();
    this.hardware = system.getHardware();
    this.processor = hardware.getProcessor();
    this.memory = hardware.getMemory();
    this.os = system.getOperatingSystem();
  }

  @Override
  public long[] cpuTicks() {
    return processor.getSystemCpuLoadTicks();
  }

  @Override
  public long[][] coreTicks() {
    return processor.getProcessorCpuLoadTicks();
  }

  @Override
  public double[] loadAverage() {
    return processor.getSystemLoadAverage(3);
  }

  @Override
  public int logicalCores() {
    return processor.getLogicalProcessorCount();
  }

  @Override
  public Memory memory() {
    return new Memory(
        memory.getTotal(),
        memory.getAvailable(),
        memory.getVirtualMemory().getSwapTotal(),
        memory.getVirtualMemory().getSwapUsed());
  }

  @Override
  public List<FileSystemUsage> fileSystems() {
    Map<String, FileSystemUsage> byMount = new LinkedHashMap<>();
    for (OSFileStore store : os.getFileSystem().getFileStores(true)) {
      String type = store.getType();
      boolean pseudo =
          PSEUDO_FILESYSTEMS.contains(type)
              && !("overlay".equals(type) && "/".equals(store.getMount()));
      if (pseudo || store.getTotalSpace() <= 0) {
        continue;
      }
      byMount.putIfAbsent(
          store.getMount(),
          new FileSystemUsage(
              store.getMount(),
              type,
              store.getVolume(),
              store.getTotalSpace(),
              store.getUsableSpace(),
              store.getTotalInodes(),
              store.getFreeInodes()));
    }
    return new ArrayList<>(byMount.values());
  }

  @Override
  public List<InterfaceCounters> interfaces() {
    List<InterfaceCounters> out = new ArrayList<>();
    for (NetworkIF nic : hardware.getNetworkIFs(true)) {
      out.add(
          new InterfaceCounters(
              nic.getName(),
              nic.getBytesRecv(),
              nic.getBytesSent(),
              nic.getPacketsRecv(),
              nic.getPacketsSent(),
              nic.getInErrors(),
              nic.getOutErrors(),
              nic.getInDrops(),
              nic.getIfOperStatus() == NetworkIF.IfOperStatus.UP
                  || nic.getIfOperStatus() == NetworkIF.IfOperStatus.UNKNOWN,
              nic.getTimeStamp()));
    }
    return out;
  }

  @Override
  public long uptimeSeconds() {
    return os.getSystemUptime();
  }

  @Override
  public int processCount() {
    return os.getProcessCount();
  }
}
