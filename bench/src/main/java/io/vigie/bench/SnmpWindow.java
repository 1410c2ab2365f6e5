package io.vigie.bench;

/**
 * One measured window of one SNMP collector (Vigie, the exporter or snmpbulkwalk) polling every
 * device every interval.
 *
 * @param requests polls (Vigie), scrapes (exporter) or walks (snmpbulkwalk) in the window
 * @param onTime those that succeeded within their interval
 * @param failed those that failed (or, for Vigie, were skipped)
 * @param varbinds varbinds used: within the walked columns, plus the GET scalars
 * @param collectorCpuS CPU-seconds of the collector: Vigie's JVM, the exporter process, or every
 *     snmpbulkwalk process
 * @param clientCpuS CPU-seconds of what drove it: curl scraping the exporter; 0 for Vigie, and for
 *     snmpbulkwalk the same processes as the collector (xargs is negligible)
 * @param snmpdCpuS CPU-seconds of snmpd answering
 * @param otherCpuS the machine's busy CPU-seconds minus the above: processes this run did not start
 *     (and the benchmark JVM idling while a peer runs)
 * @param rssMeanMb the collector's resident memory, mean of one sample per cycle; NaN when there is
 *     no lasting process (snmpbulkwalk)
 * @param rssMaxMb the collector's peak resident memory (VmHWM for the exporter); NaN as above
 */
record SnmpWindow(
    String collector,
    double wallS,
    long requests,
    long onTime,
    long failed,
    long varbinds,
    double collectorCpuS,
    double clientCpuS,
    double snmpdCpuS,
    double otherCpuS,
    double rssMeanMb,
    double rssMaxMb) {

  /** Varbinds used per CPU-second of the collector: the benchmark's measure. */
  double varbindsPerCpuS() {
    return varbinds / collectorCpuS;
  }
}
