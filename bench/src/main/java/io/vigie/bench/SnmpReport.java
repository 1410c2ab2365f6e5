package io.vigie.bench;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The SNMP benchmark's section of docs/benchmarks.md, from its interleaved windows. */
final class SnmpReport {
  private final SnmpBench.Settings s;
  private final int interfaces;
  private final List<String> flags;
  private final List<SnmpVigieWindow.Result> runs;
  private final List<SnmpWindow> vigie;
  private final List<SnmpWindow> exporter;
  private final List<SnmpWindow> bulkwalk;
  private final SnmpVigieWindow.@Nullable Result profiled;

  SnmpReport(
      SnmpBench.Settings s,
      int interfaces,
      List<String> flags,
      List<SnmpVigieWindow.Result> runs,
      List<SnmpWindow> exporter,
      List<SnmpWindow> bulkwalk,
      SnmpVigieWindow.@Nullable Result profiled) {
    this.s = s;
    this.interfaces = interfaces;
    this.flags = flags;
    this.runs = runs;
    this.vigie = runs.stream().map(SnmpVigieWindow.Result::window).toList();
    this.exporter = exporter;
    this.bulkwalk = bulkwalk;
    this.profiled = profiled;
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
        .append(headline())
        .append(method())
        .append(
            "\n| collector | varbinds per collector CPU-s, median [min–max] | Vigie's ratio, median")
        .append(" [min–max] of the rounds used | rounds used / run |\n|---|---|---|---|\n")
        .append(summaryRow("Vigie", vigie, null))
        .append(summaryRow("prometheus-snmp-exporter, if_mib as above", exporter, vigie))
        .append(summaryRow("snmpbulkwalk, a process per walk", bulkwalk, vigie))
        .append(
            "\nEvery window, in the order run (flagged: outside the range of the same collector's")
        .append(" other windows by more than ")
        .append(f("%.0f", Repeats.MARGIN * 100))
        .append("%, its round not used):\n\n")
        .append(
            "| round | collector | window s | polls | on time | failed | varbinds | collector CPU-s |")
        .append(
            " varbinds per CPU-s | client CPU-s | snmpd CPU-s | other CPU-s | RSS mean / max MB |")
        .append(" heap after GC MB | |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    Set<Integer> flaggedVigie = Repeats.outliers(rates(vigie));
    Set<Integer> flaggedExporter = Repeats.outliers(rates(exporter));
    for (int r = 0; r < s.rounds(); r++) {
      row(md, r, exporter, flaggedExporter, Double.NaN);
      row(md, r, vigie, flaggedVigie, runs.get(r).heapAfterGcMb());
      row(md, r, bulkwalk, Set.of(), Double.NaN);
    }
    md.append(threads()).append(profile());
    md.append(
        "\nTarget: at least twice snmp_exporter's varbinds per CPU-second (the median ratio), every"
            + " poll on time. Both fetch the same varbinds; snmpbulkwalk fetches whole tables, so"
            + " varbinds per CPU-second, not per device, is the measure to compare.\n");
    return md.toString();
  }

  /** The figures to compare, first, so that no single window is taken for the result. */
  private String headline() {
    StringBuilder md = new StringBuilder("**The figures to compare**: ");
    Repeats.Ratio ratio = Repeats.ratio(rates(vigie), rates(exporter));
    if (exporter.isEmpty()) {
      md.append("no exporter window was run, so there is no ratio; ");
    } else if (!ratio.usable()) {
      md.append("every round was flagged, so there is no ratio (re-run on a quieter machine); ");
    } else {
      md.append(
          f(
              "Vigie's varbinds per collector CPU-second are **%.2f×** snmp_exporter's (median of"
                  + " %d rounds, range %.2f–%.2f%s); ",
              ratio.median(),
              ratio.used(),
              ratio.min(),
              ratio.max(),
              ratio.flagged().isEmpty() ? "" : "; rounds flagged and left out: " + rounds(ratio)));
    }
    long polls = vigie.stream().mapToLong(SnmpWindow::requests).sum();
    long onTime = vigie.stream().mapToLong(SnmpWindow::onTime).sum();
    double heap = Repeats.median(runs.stream().map(SnmpVigieWindow.Result::heapAfterGcMb).toList());
    md.append(
        f(
            "Vigie polled **%.2f%%** of its %,d polls on time (within the %d s interval); its heap"
                + " in use after a full GC was **%.0f MB** (%.1f MB per 1,000 devices). Single"
                + " windows below are for reading the spread, not for quoting.%n%n",
            polls == 0 ? 0 : 100.0 * onTime / polls,
            polls,
            s.intervalS(),
            heap,
            heap * 1000 / s.devices()));
    return md.toString();
  }

  private static String rounds(Repeats.Ratio ratio) {
    StringBuilder out = new StringBuilder();
    for (int r : ratio.flagged()) {
      out.append(out.length() == 0 ? "" : ", ").append(r + 1);
    }
    return out.toString();
  }

  private static List<Double> rates(List<SnmpWindow> windows) {
    return windows.stream().map(SnmpWindow::varbindsPerCpuS).toList();
  }

  /** Vigie's CPU by thread, summed over the compared windows. */
  private String threads() {
    Map<String, Double> total = new LinkedHashMap<>();
    runs.forEach(r -> r.threadCpuS().forEach((k, v) -> total.merge(k, v, Double::sum)));
    double all = total.values().stream().mapToDouble(Double::doubleValue).sum();
    if (all <= 0) {
      return "";
    }
    StringBuilder md =
        new StringBuilder(
            "\nVigie's CPU by thread, over its compared windows (/proc/self/task; exact, garbage"
                + " collection and system calls included):\n\n| threads | CPU-s | share |\n"
                + "|---|---|---|\n");
    total.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(
            e ->
                md.append(
                    f(
                        "| %s | %.1f | %.0f%% |%n",
                        e.getKey(), e.getValue(), 100 * e.getValue() / all)));
    return md.toString();
  }

  /** The Flight Recorder window: CPU samples and allocations by stage. */
  private String profile() {
    SnmpVigieWindow.Result p = profiled;
    if (p == null || p.profile() == null) {
      return "";
    }
    PollProfile.Breakdown b = p.profile();
    long samples = Math.max(1, b.totalSamples());
    double varbinds = Math.max(1, p.window().varbinds());
    StringBuilder md =
        new StringBuilder(
            f(
                "%nWhere Vigie's CPU goes: a further %d s window (not compared: recording costs CPU"
                    + " of its own) recorded by JDK Flight Recorder, %,d execution samples of Java"
                    + " code and the allocation samples, each given to the stage of its first frame"
                    + " outside the JDK (%,.0f bytes allocated per varbind in all, %,d varbinds):%n%n"
                    + "| stage | share of CPU samples | bytes allocated per varbind |%n|---|---|---|%n",
                s.profileSeconds(),
                b.totalSamples(),
                b.totalAllocatedBytes() / varbinds,
                p.window().varbinds()));
    for (String stage : PollProfile.STAGES) {
      long n = b.samples().getOrDefault(stage, 0L);
      long bytes = b.allocatedBytes().getOrDefault(stage, 0L);
      if (n == 0 && bytes == 0) {
        continue;
      }
      md.append(f("| %s | %.1f%% | %,.0f |%n", stage, 100.0 * n / samples, bytes / varbinds));
    }
    md.append("\nThe methods most often on top of the stack, and what allocates most:\n\n")
        .append("| method | share of CPU samples |\n|---|---|\n");
    b.hotMethods().forEach((m, n) -> md.append(f("| `%s` | %.1f%% |%n", m, 100.0 * n / samples)));
    md.append("\n| object, allocated in | bytes per varbind |\n|---|---|\n");
    b.allocationSites()
        .forEach((site, bytes) -> md.append(f("| `%s` | %,.0f |%n", site, bytes / varbinds)));
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
            + "- Vigie: the collector's scheduler and engine (2 worker threads, 256 requests in"
            + " flight at most) with the `system` and `if-mib` profiles: 4 scalars by GET and 19"
            + " ifTable/ifXTable columns by GETBULK, %d varbinds a device, in a JVM of its own, a"
            + " fresh one per window, started with the launcher's flags for this inventory"
            + " (`./vigie collector --print-jvm`, class data sharing aside): `%s`. Its poll points"
            + " are counted, not written. CPU and memory: that process (/proc), as for the"
            + " exporter.%n"
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
        String.join(" ", flags),
        SnmpExporterConfig.varbindsPerDevice(interfaces),
        s.parallel(),
        s.parallel());
  }

  private static String summaryRow(
      String name, List<SnmpWindow> windows, @Nullable List<SnmpWindow> vigie) {
    if (windows.isEmpty()) {
      return "| " + name + " | not run | | 0 |\n";
    }
    List<Double> rates = rates(windows);
    Set<Integer> flagged = Repeats.outliers(rates);
    List<Double> kept = new ArrayList<>();
    for (int i = 0; i < rates.size(); i++) {
      if (!flagged.contains(i)) {
        kept.add(rates.get(i));
      }
    }
    double[] rate = medianRange(kept.isEmpty() ? rates : kept);
    String ratio = "–";
    int used = kept.size();
    if (vigie != null) {
      Repeats.Ratio r = Repeats.ratio(rates(vigie), rates);
      used = r.used();
      ratio = r.usable() ? f("**%.2f×** [%.2f–%.2f]", r.median(), r.min(), r.max()) : "none usable";
    }
    return f(
        "| %s | %,.0f [%,.0f–%,.0f] | %s | %d / %d |%n",
        name, rate[0], rate[1], rate[2], ratio, used, windows.size());
  }

  private static void row(
      StringBuilder md, int round, List<SnmpWindow> windows, Set<Integer> flagged, double heapMb) {
    if (round >= windows.size()) {
      return;
    }
    SnmpWindow w = windows.get(round);
    md.append(
        f(
            "| %d | %s | %.0f | %,d | %,d | %,d | %,d | %.1f | %,.0f | %.1f | %.1f | %.1f | %s | %s"
                + " | %s |%n",
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
            Double.isNaN(w.rssMaxMb()) ? "–" : f("%.0f / %.0f", w.rssMeanMb(), w.rssMaxMb()),
            Double.isNaN(heapMb) ? "–" : f("%.0f", heapMb),
            flagged.contains(round) ? "flagged" : ""));
  }

  /** {median, min, max}. */
  static double[] medianRange(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return new double[] {Repeats.median(sorted), sorted.get(0), sorted.get(sorted.size() - 1)};
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
