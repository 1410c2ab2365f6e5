package io.vigie.bench;

import java.util.Map;

/**
 * One measured window of one prober (Vigie or blackbox_exporter) running every probe every
 * interval.
 *
 * @param collector {@code Vigie} or {@code blackbox_exporter}
 * @param probes probe runs started in the window (for the exporter: scrapes sent)
 * @param skipped turns not started: Vigie's skipped turns (overrun, missed); the scraper's scrapes
 *     that could not be sent
 * @param onTime runs started within 1 s of their schedule
 * @param p95DriftMs the 95th percentile of the starts' drift from their schedule ({@link DriftLog})
 * @param maxDriftMs the largest drift
 * @param down runs that said down (the failing endpoints are a tenth or so of the mix)
 * @param collectorCpuS CPU-seconds of the prober: Vigie's JVM (with the fping processes it waited
 *     for, when ICMP goes through fping), or the exporter process
 * @param clientCpuS CPU-seconds of what drove it: the scraper (this JVM) for the exporter; 0 for
 *     Vigie, which schedules itself
 * @param serversCpuS CPU-seconds of nginx and dnsmasq answering
 * @param otherCpuS the machine's busy CPU-seconds minus the above
 * @param rssMb the prober's resident memory at the end of the window
 * @param last each probe's last up/down in the window, by {@code target/name}
 */
record ProbeWindow(
    String collector,
    double wallS,
    long probes,
    long skipped,
    long onTime,
    double p95DriftMs,
    double maxDriftMs,
    long down,
    double collectorCpuS,
    double clientCpuS,
    double serversCpuS,
    double otherCpuS,
    double rssMb,
    Map<String, Boolean> last) {

  /** CPU-seconds of the prober per 1,000 probe runs: the benchmark's measure. */
  double cpuPerThousand() {
    return collectorCpuS / probes * 1000;
  }

  /** Runs started within 1 s of schedule, among runs due (started or skipped). */
  double onTimeShare() {
    return (double) onTime / (probes + skipped);
  }
}
