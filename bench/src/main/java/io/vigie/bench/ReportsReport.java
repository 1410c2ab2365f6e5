package io.vigie.bench;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The reports benchmark's section of docs/benchmarks.md. */
final class ReportsReport {
  private ReportsReport() {}

  static String markdown(ReportsBench.Setup s, List<ReportsBench.Run> runs) {
    StringBuilder md = new StringBuilder();
    md.append(
        f(
            "## Reports: a month of every client's report, HTML and PDF%n%n"
                + "`./vigie bench reports`, run %s. Machine: %d cores, %s, Java %s (`-Xmx3g`)."
                + " Load average when the reports began: %s (the machine is shared; a run whose"
                + " CPU is below its wall time waited for a core). No peer: no tool Vigie"
                + " replaces makes these reports.%n%n",
            LocalDate.now(ZoneOffset.UTC),
            Runtime.getRuntime().availableProcessors(),
            Procs.firstLine("uname", "-sr"),
            System.getProperty("java.version"),
            s.load()));
    md.append(
        f(
            "History: %,d clients × %,d targets, November 2026 written into a real H2 state store"
                + " through its own write path (`StateStore.commit`, one evaluation wherever"
                + " something changes and one every 5 minutes between, the store's evaluation gap"
                + " 6 minutes; `ReportsHistory`, seeded): %,d transitions in %,d evaluations"
                + " (each target 0–4 incidents of 2 minutes to 3 hours, one in 50 flapping every"
                + " 2–6 minutes for an hour one to three times), 50 stale spans, 20 targets added"
                + " and 20 removed during the month (5 back), two holes in the evaluations (20"
                + " minutes, 3 hours), %d silences (two in three maintenance windows); written in"
                + " %.0f s, store %,d MB. Every client has a contract, half of them in Europe/Paris"
                + " (French), a third with service hours, a quarter covering 40 of their 50"
                + " targets.%n%n",
            s.clients(),
            s.targets() / Math.max(1, s.clients()),
            s.written().transitions(),
            s.written().evaluations(),
            s.written().silences(),
            s.buildS(),
            s.storeBytes() >> 20));
    md.append(
        "Measured: in one JVM, for each client in turn, `ReportInputs.load` (the store's"
            + " queries) → `Availability.report` → `ReportHtml.render` → `ReportPdf.render`, both"
            + " files written to disk; the whole generation repeated, the first run paying the"
            + " JIT's warm-up. CPU is the process's (every thread: GC and JIT included). Peak heap"
            + " is the sum of the heap pools' peaks since the run's start (an upper bound); VmHWM"
            + " the process's peak resident memory since the run's start (reset through"
            + " /proc/self/clear_refs), the store's cache and the JVM's own included.\n\n");
    md.append(
        "| run | wall | CPU | load / compute / HTML / PDF | per client p50 / max | HTML / PDF"
            + " written | peak heap | VmHWM |\n|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < runs.size(); i++) {
      ReportsBench.Run r = runs.get(i);
      double[] pc = ReportsBench.sorted(r.perClientMs());
      md.append(
          f(
              "| %d%s | %.1f s | %.1f s | %.1f / %.1f / %.1f / %.1f s | %.0f / %.0f ms | %,.1f /"
                  + " %,.1f MB | %,d MB | %,d MB |%n",
              i + 1,
              i == 0 ? " (cold)" : "",
              r.wallS(),
              r.cpuS(),
              r.loadS(),
              r.computeS(),
              r.htmlS(),
              r.pdfS(),
              MailLatencyBench.percentile(pc, 50),
              pc[pc.length - 1],
              r.htmlBytes() / 1e6,
              r.pdfBytes() / 1e6,
              r.peakHeap() >> 20,
              r.hwm() >> 20));
    }
    double median = median(runs, ReportsBench.Run::wallS);
    double worst = runs.stream().mapToDouble(ReportsBench.Run::wallS).max().orElse(Double.NaN);
    md.append(
        f(
            "| **median** | **%.1f s** | %.1f s | %.1f / %.1f / %.1f / %.1f s | | | %,.0f MB |"
                + " %,.0f MB |%n",
            median,
            median(runs, ReportsBench.Run::cpuS),
            median(runs, ReportsBench.Run::loadS),
            median(runs, ReportsBench.Run::computeS),
            median(runs, ReportsBench.Run::htmlS),
            median(runs, ReportsBench.Run::pdfS),
            median(runs, r -> r.peakHeap() >> 20),
            median(runs, r -> r.hwm() >> 20)));
    ReportsBench.Content content = runs.get(0).content();
    md.append(
        f(
            "%nWhat the reports read: %,d status changes from the store (the targets' changes in"
                + " their clients' months, covered targets only); %d of %d clients under their"
                + " SLO; the lowest availability %.3f %%.%n",
            content.changes(), content.belowSlo(), s.clients(), content.lowest()));
    md.append(
        f(
            "%nTarget (issue 19): all reports, HTML and PDF, in under 60 s on this 2-core machine:"
                + " **%s** (median %.1f s, slowest run %.1f s, the cold one included).%n",
            worst < 60 ? "met" : median < 60 ? "met at the median, not cold" : "not met",
            median,
            worst));
    return md.toString();
  }

  private static double median(List<ReportsBench.Run> runs, ToDoubleFunction<ReportsBench.Run> f) {
    double[] v = runs.stream().mapToDouble(f).toArray();
    Arrays.sort(v);
    return MailLatencyBench.percentile(v, 50);
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
