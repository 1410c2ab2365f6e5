package io.vigie.bench;

/**
 * One measured run of the logs benchmark: a contender taking the measured lines, from the first
 * byte sent to the last line stored (in InfluxDB, or rsyslog's file).
 *
 * @param contender {@code Vigie}, {@code rsyslog} or {@code curl}
 * @param round 1, 2, ...
 * @param lines lines sent (the measured ones)
 * @param wallS first byte sent to the last line stored
 * @param receiveS first byte sent to the last one taken by the receiver (the sender done); for curl
 *     the same as the wall
 * @param cpuS the contender's CPU-seconds over the run: the collector's JVM, rsyslogd, or curl
 * @param influxdCpuS influxd's CPU-seconds over the run (0 for rsyslog, which has none)
 * @param benchCpuS the benchmark's JVM: the sender, the polling
 * @param busyS the machine's busy CPU-seconds over the run, all cores
 * @param stored lines counted back in the store, warm-up included
 * @param expected lines sent, warm-up included
 * @param lost numbered lines not found in the store
 * @param duplicated numbered lines found more than once
 */
record LogsRun(
    String contender,
    int round,
    long lines,
    double wallS,
    double receiveS,
    double cpuS,
    double influxdCpuS,
    double benchCpuS,
    double busyS,
    long stored,
    long expected,
    long lost,
    long duplicated) {

  double rate() {
    return lines / wallS;
  }

  double cpuPer10k() {
    return cpuS / lines * 10_000;
  }

  double influxdPer10k() {
    return influxdCpuS / lines * 10_000;
  }

  /** CPU-seconds of processes the benchmark did not start (the machine is shared). */
  double otherS() {
    return Math.max(0, busyS - cpuS - influxdCpuS - benchCpuS);
  }

  /** The machine's busy share over the run, in % of all its cores. */
  double busyPercent() {
    return 100 * busyS / wallS / Runtime.getRuntime().availableProcessors();
  }

  boolean complete() {
    return lost == 0 && duplicated == 0 && stored == expected;
  }
}
