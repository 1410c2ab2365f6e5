package io.vigie.bench;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The SNMP benchmark's section of docs/benchmarks.md, from its interleaved windows. */
final class SnmpReport {
  private final SnmpBench.Settings s;
  private final int interfaces;
  private final List<SnmpWindow> vigie;
  private final List<SnmpWindow> exporter;
  private final List<SnmpWindow> bulkwalk;

  SnmpReport(
      SnmpBench.Settings s,
      int interfaces,
      List<SnmpWindow> vigie,
      List<SnmpWindow> exporter,
      List<SnmpWindow> bulkwalk) {
    this.s = s;
    this.interfaces = interfaces;
    this.vigie = vigie;
    this.exporter = exporter;
    this.bulkwalk = bulkwalk;
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append(
            f(
                "## SNMP polling: %,d devices, Vigie beside snmp_exporter and snmpbulkwalk%n%n",
                s.devices()))
        .append("`./vigie bench snmp`, run ")
        .append(LocalDate.now(ZoneOffset.UTC))
        .append(". ")
        .append(Report.machine())
        .append(' ')
        .append(SnmpExporterPeer.version())
        .append(", ")
        .append(BulkwalkPeer.version())
        .append(".\n\n")
        .append(method())
        .append(
            "\n| collector | varbinds per collector CPU-s, median [min–max] | Vigie's ratio, median")
        .append(" [min–max] | rounds |\n|---|---|---|---|\n")
        .append(summaryRow("Vigie", vigie, null))
        .append(summaryRow("prometheus-snmp-exporter, if_mib as above", exporter, vigie))
        .append(summaryRow("snmpbulkwalk, a process per walk", bulkwalk, vigie))
        .append("\nEvery window, in the order run:\n\n")
        .append(
            "| round | collector | window s | polls | on time | failed | varbinds | collector CPU-s |")
        .append(
            " varbinds per CPU-s | client CPU-s | snmpd CPU-s | other CPU-s | RSS mean / max MB |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (int r = 0; r < s.rounds(); r++) {
      row(md, r, exporter);
      row(md, r, vigie);
      row(md, r, bulkwalk);
    }
    md.append(
        "\nTarget: at least twice snmp_exporter's varbinds per CPU-second (the median ratio). Both"
            + " fetch the same varbinds; snmpbulkwalk fetches whole tables, so varbinds per"
            + " CPU-second, not per device, is the measure to compare.\n");
    return md.toString();
  }

  private String method() {
    return f(
        "%,d devices = one snmpd answering on %,d loopback addresses (127.10.x.y:%d), each reporting"
            + " this machine's %d interfaces. Every collector polls every device every %d s"
            + " (SNMPv2c, 25 repetitions, 2 s timeout, 1 retry) and is measured over a %d s window"
            + " after a %d s warm-up of its own. Windows are interleaved on the same snmpd: exporter,"
            + " Vigie, exporter, Vigie, ... for %d rounds, snmpbulkwalk after them in the first %d"
            + " (it is far from Vigie, and slow). The measure is varbinds used per CPU-second of the"
            + " collector; Vigie's ratio to a peer is taken per round (Vigie's window over the peer's"
            + " window of that round), and the median of the rounds is given with its range.%n%n"
            + "- Vigie: its own scheduler and engine (2 worker threads, 256 requests in flight at"
            + " most) with the `system` and `if-mib` profiles: 4 scalars by GET and 19"
            + " ifTable/ifXTable columns by GETBULK, %d varbinds a device. CPU and memory: the"
            + " benchmark's JVM.%n"
            + "- prometheus-snmp-exporter (the Debian package), started by the benchmark, a fresh"
            + " one per window, with a module it generates to fetch the same 4 scalars and 19"
            + " columns (the same %d varbinds, counted by its `snmp_scrape_pdus_returned`), scraped"
            + " for every device once per cycle by one `curl --parallel --parallel-max %d`. CPU and"
            + " memory: the exporter process (/proc); curl's CPU is the client column.%n"
            + "- snmpbulkwalk: all of ifTable and ifXTable, a process per walk (2 a device, its"
            + " cheapest way to those columns; more varbinds, no scalars), %d walks in flight"
            + " (`xargs -P`). CPU: those processes'.%n"
            + "- Other CPU: the machine's busy time minus the collector, client and snmpd, i.e."
            + " processes this benchmark did not start (the machine is shared).%n",
        s.devices(),
        s.devices(),
        Snmpd.PORT,
        interfaces,
        s.intervalS(),
        s.seconds(),
        s.warmup(),
        s.rounds(),
        Math.min(s.bulkwalkRounds(), s.rounds()),
        SnmpExporterConfig.varbindsPerDevice(interfaces),
        SnmpExporterConfig.varbindsPerDevice(interfaces),
        s.parallel(),
        s.parallel());
  }

  private static String summaryRow(
      String name, List<SnmpWindow> windows, @Nullable List<SnmpWindow> vigie) {
    if (windows.isEmpty()) {
      return "| " + name + " | not run | | 0 |\n";
    }
    List<Double> rates = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < windows.size(); i++) {
      rates.add(windows.get(i).varbindsPerCpuS());
      if (vigie != null && i < vigie.size()) {
        ratios.add(vigie.get(i).varbindsPerCpuS() / windows.get(i).varbindsPerCpuS());
      }
    }
    double[] rate = medianRange(rates);
    String ratio = "–";
    if (!ratios.isEmpty()) {
      double[] r = medianRange(ratios);
      ratio = f("**%.2f×** [%.2f–%.2f]", r[0], r[1], r[2]);
    }
    return f(
        "| %s | %,.0f [%,.0f–%,.0f] | %s | %d |%n",
        name, rate[0], rate[1], rate[2], ratio, windows.size());
  }

  private static void row(StringBuilder md, int round, List<SnmpWindow> windows) {
    if (round >= windows.size()) {
      return;
    }
    SnmpWindow w = windows.get(round);
    md.append(
        f(
            "| %d | %s | %.0f | %,d | %,d | %,d | %,d | %.1f | %,.0f | %.1f | %.1f | %.1f | %s |%n",
            round + 1,
            w.collector(),
            w.wallS(),
            w.requests(),
            w.onTime(),
            w.failed(),
            w.varbinds(),
            w.collectorCpuS(),
            w.varbindsPerCpuS(),
            w.clientCpuS(),
            w.snmpdCpuS(),
            w.otherCpuS(),
            Double.isNaN(w.rssMaxMb()) ? "–" : f("%.0f / %.0f", w.rssMeanMb(), w.rssMaxMb())));
  }

  /** {median, min, max}. */
  static double[] medianRange(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    double median =
        n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    return new double[] {median, sorted.get(0), sorted.get(n - 1)};
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
