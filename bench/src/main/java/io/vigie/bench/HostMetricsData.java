package io.vigie.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Host-metric line protocol shaped like the peer script's (shared/peers/peer-influx-ingest.sh): N
 * targets, four measurements (cpu, mem, disk, net) of 6 to 8 fields, one point per series per 10 s
 * interval, millisecond timestamps, a fixed seed.
 */
final class HostMetricsData {
  static final String[] COUNTED = {"cpu.usage_user", "mem.total", "disk.total", "net.bytes_recv"};

  private HostMetricsData() {}

  static List<String> generate(int targets, long points) {
    Random rnd = new Random(42);
    long intervals = (points + targets * 4L - 1) / (targets * 4L);
    long base = 1_700_000_000_000L;
    List<String> lines = new ArrayList<>((int) (intervals * targets * 4));
    long[] mem = new long[targets];
    long[] disk = new long[targets];
    double[] load = new double[targets];
    long[] bytes = new long[targets];
    for (int i = 0; i < targets; i++) {
      mem[i] = (2L << rnd.nextInt(6)) * (1L << 30);
      disk[i] = (20L << rnd.nextInt(5)) * (1L << 30);
      load[i] = 5 + rnd.nextDouble() * 55;
    }
    for (long k = 0; k < intervals; k++) {
      for (int i = 0; i < targets; i++) {
        String tags = ",client=c" + (i % 40) + ",kind=local,target=host" + i;
        long ts = base + k * 10_000 + (i * 7919L) % 5000 + rnd.nextInt(50);
        load[i] = Math.min(99, Math.max(0.5, load[i] + rnd.nextDouble() * 6 - 3));
        double us = load[i] * 0.7;
        double sy = load[i] * 0.25;
        double io = rnd.nextDouble() * 2;
        lines.add(
            String.format(
                "cpu,cpu=cpu-total%s usage_user=%.3f,usage_system=%.3f,usage_idle=%.3f,usage_iowait=%.3f,"
                    + "usage_irq=0,usage_softirq=%.3f,usage_steal=%.3f,usage_nice=0 %d",
                tags,
                us,
                sy,
                Math.max(0, 100 - us - sy - io),
                io,
                rnd.nextDouble() * 0.5,
                rnd.nextDouble() * 0.3,
                ts));
        long used = (long) (mem[i] * (0.2 + load[i] / 200));
        lines.add(
            String.format(
                "mem%s total=%di,available=%di,used=%di,free=%di,cached=%di,buffered=%di,used_percent=%.3f %d",
                tags,
                mem[i],
                mem[i] - used,
                used,
                mem[i] - used - mem[i] / 6,
                mem[i] / 7,
                mem[i] / 50,
                used * 100.0 / mem[i],
                ts + 1));
        long du = (long) (disk[i] * 0.5) + k * 1024 * 1024;
        lines.add(
            String.format(
                "disk,device=vda1,fstype=ext4,mount=/%s total=%di,used=%di,free=%di,used_percent=%.3f,"
                    + "inodes_total=6553600i,inodes_used=%di %d",
                tags, disk[i], du, disk[i] - du, du * 100.0 / disk[i], du / 65536, ts + 2));
        bytes[i] += rnd.nextInt(50_000_000);
        lines.add(
            String.format(
                "net,interface=eth0%s bytes_recv=%di,bytes_sent=%di,packets_recv=%di,packets_sent=%di,"
                    + "err_in=0i,err_out=0i,drop_in=%di,drop_out=0i %d",
                tags,
                bytes[i],
                bytes[i] / 3,
                bytes[i] / 900,
                bytes[i] / 1200,
                rnd.nextInt(3),
                ts + 3));
      }
    }
    return lines;
  }
}
