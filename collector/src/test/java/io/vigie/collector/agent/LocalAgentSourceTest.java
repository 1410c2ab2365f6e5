package io.vigie.collector.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigie.collector.source.Sample;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalAgentSourceTest {

  /** Host readings set by the test, one step at a time. */
  static final class SteppedHost implements HostStats {
    long[] ticks = {0, 0, 0, 0, 0, 0, 0, 0};
    long[][] cores = {{0, 0, 0, 0, 0, 0, 0, 0}};
    List<InterfaceCounters> nics = List.of();

    @Override
    public long[] cpuTicks() {
      return ticks.clone();
    }

    @Override
    public long[][] coreTicks() {
      return new long[][] {cores[0].clone()};
    }

    @Override
    public double[] loadAverage() {
      return new double[] {0.5, 0.25, -1};
    }

    @Override
    public int logicalCores() {
      return 1;
    }

    @Override
    public Memory memory() {
      return new Memory(1000, 250, 0, 0);
    }

    @Override
    public List<FileSystemUsage> fileSystems() {
      return List.of(new FileSystemUsage("/", "ext4", "/dev/sda1", 1000, 100, 10, 5));
    }

    @Override
    public List<InterfaceCounters> interfaces() {
      return nics;
    }

    @Override
    public long uptimeSeconds() {
      return 3600;
    }

    @Override
    public int processCount() {
      return 42;
    }
  }

  private static Optional<Sample> find(
      List<Sample> samples, String measurement, String tag, String value) {
    return samples.stream()
        .filter(s -> s.measurement().equals(measurement))
        .filter(s -> tag == null || value.equals(s.tags().get(tag)))
        .findFirst();
  }

  private static HostStats.InterfaceCounters nic(long bytesIn, long errors, long time) {
    return new HostStats.InterfaceCounters(
        "eth0", bytesIn, 0, bytesIn / 100, 0, errors, 0, 0, true, time);
  }

  @Test
  void cpuUsageIsTheShareOfBusyTicksSinceTheLastPoll() {
    SteppedHost host = new SteppedHost();
    LocalAgentSource source = new LocalAgentSource(host);
    // user 30, nice 10, system 10, idle 40, iowait 10 -> busy 50 of 100
    host.ticks = new long[] {30, 10, 10, 40, 10, 0, 0, 0};
    host.cores = new long[][] {{30, 10, 10, 40, 10, 0, 0, 0}};
    List<Sample> samples = source.collect();
    Sample total = find(samples, "cpu", "cpu", "total").orElseThrow();
    assertThat((double) total.fields().get("usage_percent")).isCloseTo(50, within(1e-9));
    assertThat((double) total.fields().get("user_percent")).isCloseTo(40, within(1e-9));
    assertThat((double) total.fields().get("iowait_percent")).isCloseTo(10, within(1e-9));
    assertThat(find(samples, "cpu", "cpu", "0")).isPresent();

    // No time passed: no CPU sample rather than a division by zero.
    assertThat(find(source.collect(), "cpu", "cpu", "total")).isEmpty();
  }

  @Test
  void memoryDiskLoadAndSystem() {
    List<Sample> samples = new LocalAgentSource(new SteppedHost()).collect();
    Sample mem = find(samples, "mem", null, null).orElseThrow();
    assertThat(mem.fields()).containsEntry("used_bytes", 750L).containsEntry("used_percent", 75.0);
    assertThat(mem.fields()).containsEntry("swap_used_percent", 0.0);
    Sample disk = find(samples, "disk", "mount", "/").orElseThrow();
    assertThat(disk.fields()).containsEntry("used_percent", 90.0).containsEntry("free_bytes", 100L);
    assertThat(disk.fields()).containsEntry("inodes_used_percent", 50.0);
    Sample load = find(samples, "load", null, null).orElseThrow();
    assertThat(load.fields()).containsEntry("load1", 0.5).doesNotContainKey("load15");
    assertThat(find(samples, "system", null, null).orElseThrow().fields())
        .containsEntry("uptime_s", 3600L)
        .containsEntry("processes", 42L);
  }

  @Test
  void networkRatesStartAtTheSecondPollAndSkipCounterResets() {
    SteppedHost host = new SteppedHost();
    LocalAgentSource source = new LocalAgentSource(host);
    host.nics = List.of(nic(1_000, 0, 10_000));
    assertThat(find(source.collect(), "net", "interface", "eth0").orElseThrow().fields())
        .containsOnlyKeys("up");

    host.nics = List.of(nic(21_000, 4, 12_000));
    Sample second = find(source.collect(), "net", "interface", "eth0").orElseThrow();
    assertThat(second.fields())
        .containsEntry("bytes_recv_per_sec", 10_000.0)
        .containsEntry("packets_recv_per_sec", 100.0)
        .containsEntry("errors_in_per_sec", 2.0);

    host.nics = List.of(nic(500, 0, 14_000));
    assertThat(find(source.collect(), "net", "interface", "eth0").orElseThrow().fields())
        .as("a counter reset gives no rate, not a spike")
        .doesNotContainKey("bytes_recv_per_sec");
  }
}
