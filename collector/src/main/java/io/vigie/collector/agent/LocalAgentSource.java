package io.vigie.collector.agent;

import io.vigie.collector.source.Sample;
import io.vigie.collector.source.Source;
import io.vigie.model.schema.Schema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The host the collector runs on: CPU, load, memory, filesystems, network and uptime.
 *
 * <p>CPU usage and network rates are differences between two polls. The CPU baseline is taken when
 * the source is made, so the first poll already has CPU usage; network rates start at the second
 * poll. A counter that goes backwards (an interface reset) gives no rate for that poll rather than
 * a spike.
 */
public final class LocalAgentSource implements Source {
  // OSHI's tick order: USER, NICE, SYSTEM, IDLE, IOWAIT, IRQ, SOFTIRQ, STEAL.
  private static final int USER = 0;
  private static final int NICE = 1;
  private static final int SYSTEM = 2;
  private static final int IDLE = 3;
  private static final int IOWAIT = 4;
  private static final int IRQ = 5;
  private static final int SOFTIRQ = 6;
  private static final int STEAL = 7;

  private final HostStats host;
  private long[] previousTicks;
  private long[][] previousCoreTicks;
  private Map<String, HostStats.InterfaceCounters> previousInterfaces = Map.of();

  public LocalAgentSource(HostStats host) {
    this.host = host;
    this.previousTicks = host.cpuTicks();
    this.previousCoreTicks = host.coreTicks();
  }

  @Override
  public java.util.concurrent.CompletionStage<io.vigie.collector.source.PollResult> poll() {
    return java.util.concurrent.CompletableFuture.completedFuture(
        io.vigie.collector.source.PollResult.ok(collect()));
  }

  /** One reading of the host, on the calling thread. */
  public List<Sample> collect() {
    List<Sample> samples = new ArrayList<>();
    cpu(samples);
    load(samples);
    memory(samples);
    disks(samples);
    network(samples);
    samples.add(
        Sample.of(Schema.SYSTEM.name())
            .field("uptime_s", host.uptimeSeconds())
            .field("processes", (long) host.processCount())
            .build());
    return samples;
  }

  private void cpu(List<Sample> samples) {
    long[] ticks = host.cpuTicks();
    Sample.Builder total = cpuSample("total", previousTicks, ticks);
    if (total != null) {
      samples.add(total.build());
    }
    previousTicks = ticks;
    long[][] cores = host.coreTicks();
    for (int i = 0; i < cores.length && i < previousCoreTicks.length; i++) {
      Sample.Builder core = cpuSample(Integer.toString(i), previousCoreTicks[i], cores[i]);
      if (core != null) {
        samples.add(core.build());
      }
    }
    previousCoreTicks = cores;
  }

  /** Percentages of the ticks spent between two readings; null when no time passed. */
  static Sample.@Nullable Builder cpuSample(String cpu, long[] before, long[] after) {
    long[] delta = new long[after.length];
    long total = 0;
    for (int i = 0; i < after.length; i++) {
      delta[i] = Math.max(0, after[i] - (i < before.length ? before[i] : 0));
      total += delta[i];
    }
    if (total <= 0) {
      return null;
    }
    double scale = 100.0 / total;
    return Sample.of(Schema.CPU.name())
        .tag("cpu", cpu)
        .field("usage_percent", (total - delta[IDLE] - delta[IOWAIT]) * scale)
        .field("user_percent", (delta[USER] + delta[NICE]) * scale)
        .field("system_percent", (delta[SYSTEM] + delta[IRQ] + delta[SOFTIRQ]) * scale)
        .field("iowait_percent", delta[IOWAIT] * scale)
        .field("steal_percent", delta[STEAL] * scale);
  }

  private void load(List<Sample> samples) {
    double[] load = host.loadAverage();
    Sample.Builder sample = Sample.of(Schema.LOAD.name());
    String[] names = {"load1", "load5", "load15"};
    for (int i = 0; i < names.length && i < load.length; i++) {
      if (load[i] >= 0) {
        sample.field(names[i], load[i]);
      }
    }
    sample.field("cores", (long) host.logicalCores());
    samples.add(sample.build());
  }

  private void memory(List<Sample> samples) {
    HostStats.Memory m = host.memory();
    long used = m.total() - m.available();
    samples.add(
        Sample.of(Schema.MEM.name())
            .field("total_bytes", m.total())
            .field("available_bytes", m.available())
            .field("used_bytes", used)
            .field("used_percent", percent(used, m.total()))
            .field("swap_total_bytes", m.swapTotal())
            .field("swap_used_bytes", m.swapUsed())
            .field("swap_used_percent", percent(m.swapUsed(), m.swapTotal()))
            .build());
  }

  private void disks(List<Sample> samples) {
    for (HostStats.FileSystemUsage fs : host.fileSystems()) {
      long used = fs.total() - fs.free();
      Sample.Builder sample =
          Sample.of(Schema.DISK.name())
              .tag("mount", fs.mount())
              .tag("fstype", fs.type())
              .tag("device", fs.device())
              .field("total_bytes", fs.total())
              .field("free_bytes", fs.free())
              .field("used_bytes", used)
              .field("used_percent", percent(used, fs.total()));
      if (fs.inodesTotal() > 0) {
        sample.field(
            "inodes_used_percent", percent(fs.inodesTotal() - fs.inodesFree(), fs.inodesTotal()));
      }
      samples.add(sample.build());
    }
  }

  private void network(List<Sample> samples) {
    Map<String, HostStats.InterfaceCounters> current = new HashMap<>();
    for (HostStats.InterfaceCounters now : host.interfaces()) {
      current.put(now.name(), now);
      Sample.Builder sample =
          Sample.of(Schema.NET.name()).tag("interface", now.name()).field("up", now.up() ? 1L : 0L);
      HostStats.InterfaceCounters before = previousInterfaces.get(now.name());
      if (before != null && now.timestampMillis() > before.timestampMillis()) {
        double seconds = (now.timestampMillis() - before.timestampMillis()) / 1000.0;
        rate(sample, "bytes_recv_per_sec", before.bytesRecv(), now.bytesRecv(), seconds);
        rate(sample, "bytes_sent_per_sec", before.bytesSent(), now.bytesSent(), seconds);
        rate(sample, "packets_recv_per_sec", before.packetsRecv(), now.packetsRecv(), seconds);
        rate(sample, "packets_sent_per_sec", before.packetsSent(), now.packetsSent(), seconds);
        rate(sample, "errors_in_per_sec", before.errorsIn(), now.errorsIn(), seconds);
        rate(sample, "errors_out_per_sec", before.errorsOut(), now.errorsOut(), seconds);
        rate(sample, "drops_in_per_sec", before.dropsIn(), now.dropsIn(), seconds);
      }
      samples.add(sample.build());
    }
    previousInterfaces = current;
  }

  private static void rate(
      Sample.Builder sample, String field, long before, long now, double seconds) {
    if (now >= before) {
      sample.field(field, (now - before) / seconds);
    }
  }

  private static double percent(long part, long whole) {
    return whole <= 0 ? 0 : 100.0 * part / whole;
  }
}
