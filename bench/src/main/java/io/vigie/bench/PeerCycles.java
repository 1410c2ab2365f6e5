package io.vigie.bench;

import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The clock of an SNMP peer: every device polled once per cycle, a cycle starting every interval
 * (or at once when the previous one overran), as Vigie's scheduler polls each target every
 * interval. A warm-up of cycles first, then a measured window as long as Vigie's.
 */
final class PeerCycles {
  /** What a peer does once per cycle: poll every device once. */
  interface Cycle {
    Result run() throws Exception;
  }

  /**
   * One cycle's outcome.
   *
   * @param requests scrapes or walks started
   * @param failed those that did not return their data
   * @param varbinds varbinds used
   * @param clientCpuS CPU-seconds of the processes the cycle ran (curl, or xargs and its walks)
   */
  record Result(long requests, long failed, long varbinds, double clientCpuS) {}

  private PeerCycles() {}

  /**
   * Warm-up cycles, then {@code seconds / interval} measured ones. {@code collectorPid} is the
   * lasting collector process (the exporter), whose CPU and memory are read from /proc; without one
   * (snmpbulkwalk) the collector is the cycle's own processes.
   */
  static SnmpWindow measure(
      String name, SnmpBench.Settings s, Snmpd snmpd, OptionalLong collectorPid, Cycle cycle)
      throws Exception {
    long interval = TimeUnit.SECONDS.toNanos(s.intervalS());
    long next = System.nanoTime();
    long warmEnd = next + TimeUnit.SECONDS.toNanos(s.warmup());
    while (next < warmEnd) {
      sleepUntil(next);
      long start = System.nanoTime();
      cycle.run();
      next = Math.max(start + interval, System.nanoTime());
    }
    int cycles = Math.max(1, s.seconds() / s.intervalS());
    sleepUntil(next);
    long pid = collectorPid.orElse(-1);
    double collector0 = pid > 0 ? Procs.cpuSeconds(pid) : 0;
    double snmpd0 = Procs.cpuSeconds(snmpd.pid());
    double busy0 = Procs.machineBusySeconds();
    long windowStart = System.nanoTime();
    long requests = 0;
    long onTime = 0;
    long failed = 0;
    long varbinds = 0;
    double client = 0;
    double rssSum = 0;
    for (int c = 0; c < cycles; c++) {
      sleepUntil(next);
      long start = System.nanoTime();
      Result r = cycle.run();
      long end = System.nanoTime();
      next = Math.max(start + interval, end);
      requests += r.requests();
      failed += r.failed();
      varbinds += r.varbinds();
      client += r.clientCpuS();
      if (end - start <= interval) {
        onTime += r.requests() - r.failed();
      }
      rssSum += pid > 0 ? Procs.rssMb(pid) : Double.NaN;
    }
    // The window ends where the next cycle would start: the last interval's idle time counts too.
    sleepUntil(next);
    double wall = (System.nanoTime() - windowStart) / 1e9;
    double collectorCpu = pid > 0 ? Procs.cpuSeconds(pid) - collector0 : client;
    double snmpdCpu = Procs.cpuSeconds(snmpd.pid()) - snmpd0;
    double busy = Procs.machineBusySeconds() - busy0;
    double clientCpu = client;
    double other = busy - snmpdCpu - (pid > 0 ? collectorCpu + clientCpu : clientCpu);
    return new SnmpWindow(
        name,
        wall,
        requests,
        onTime,
        failed,
        varbinds,
        collectorCpu,
        clientCpu,
        snmpdCpu,
        Math.max(0, other),
        rssSum / cycles,
        pid > 0 ? Procs.peakRssMb(pid) : Double.NaN);
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long wait = nanoTime - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }
}
