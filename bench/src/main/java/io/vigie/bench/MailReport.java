package io.vigie.bench;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/** The mail benchmark's section of docs/benchmarks.md. */
final class MailReport {
  private MailReport() {}

  /**
   * Vigie's physical floor for one breach: the wait for the next poll (read back from the poll's
   * point in InfluxDB) and the grouping window. Nothing can mail sooner with that poll schedule and
   * window; the engine's deliberate hold (decision 0008) is not in it.
   */
  static double floor(VigieMailStack.Breach b) {
    return b.pollWait() + VigieMailStack.GROUP_WINDOW;
  }

  /**
   * The peer's physical floor for one breach: from the breach to the evaluation that made its alert
   * active (the wait for the next scrape and for the next evaluation after it: the alert's
   * activeAt), and group_wait.
   */
  static double floor(PromAlertPeer.Breach b) {
    return Math.max(0, b.active() - b.t0()) + b.groupWait();
  }

  static String markdown(
      List<VigieMailStack.Breach> vigieRuns,
      List<PromAlertPeer.Breach> matched,
      List<PromAlertPeer.Breach> defaults,
      List<Double> blockRatios,
      int block,
      String load) {
    double[] vigie = MailLatencyBench.sorted(vigieRuns, VigieMailStack.Breach::latency);
    double[] peer = MailLatencyBench.sorted(matched, PromAlertPeer.Breach::latency);
    double[] vigieFloor = MailLatencyBench.sorted(vigieRuns, MailReport::floor);
    double[] vigieHeld =
        MailLatencyBench.sorted(vigieRuns, b -> floor(b) + VigieMailStack.POLL_INTERVAL);
    double[] peerFloor = MailLatencyBench.sorted(matched, MailReport::floor);
    double[] ratios = blockRatios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    StringBuilder md = new StringBuilder();
    md.append("## Breach to inbox: Vigie beside Prometheus + Alertmanager\n\n")
        .append("`./vigie bench mail`, run ")
        .append(LocalDate.now(ZoneId.systemDefault()))
        .append(". ")
        .append(Report.machine())
        .append(" ")
        .append(Procs.firstLine("prometheus", "--version").replaceFirst(" \\(.*", ""))
        .append(", ")
        .append(Procs.firstLine("prometheus-alertmanager", "--version").replaceFirst(" \\(.*", ""))
        .append(", ")
        .append(Procs.firstLine("prometheus-node-exporter", "--version").replaceFirst(" \\(.*", ""))
        .append(" (Debian). ")
        .append(load)
        .append("\n\n")
        .append(
            "A value in a file goes from 10 to 99 at a random moment of the poll or scrape cycle (the"
                + " delay after the previous recovery is a stratified uniform sample of the cycle,"
                + " shuffled); the time until the alert mail has been received by an SMTP server"
                + " (GreenMail, the alerting tests' server, in the benchmark's JVM: `MailSink`"
                + " timestamps each message at the end of DATA, whoever sent it). After each breach"
                + " the value goes back and the recovery is awaited. All the systems run at once;"
                + " in each round Vigie and the matched peer are breached together, each on its own"
                + " thread (the peer with its defaults, when run, after some rounds), so that the"
                + " machine's drift is shared. **Vigie** (`VigieMailStack`), with default settings:"
                + " the packaged collector polls the file every 10 s over SSH with a Nagios-style"
                + " check (threshold 50; a real sshd on loopback) and writes to a real InfluxDB"
                + " (default flush, 1 s); the alerting service takes the points as InfluxDB receives"
                + " them (its subscription, on by default), holds a new status one poll interval"
                + " before telling it ([decision 0008](decisions/0008-hold-a-notice-one-interval.md)),"
                + " groups for 1 s (matched to Alertmanager's group_wait; the default is 30 s) and"
                + " mails; flap detection is pushed out of reach (`flap-start` 100000: a breach"
                + " every half minute would be flapping, and Alertmanager has no such thing); no"
                + " evaluation interval or notifier tick is tuned. **Prometheus + Alertmanager**"
                + " (`PromAlertPeer`): node_exporter's textfile"
                + " collector exposes the value (rewritten atomically, with a label `breach=N`, so"
                + " that each breach is a new alert in a new aggregation group), a rule fires above"
                + " 90 with no `for:`, Alertmanager (clustering off) mails, resolved mails on;"
                + " matched: scrape and evaluation every 10 s, group_wait 1 s, group_interval 10 s,"
                + " the recovery awaited until the resolved mail; defaults: 1 min, 1 min, 30 s, 5"
                + " min, the recovery awaited until Prometheus drops the alert.\n\n")
        .append(
            "**The physical floor** of each breach, computed from its moments: for Vigie, the wait"
                + " for the next poll (from the breach to the timestamp of the first poll that saw"
                + " it, its `check` point read back from InfluxDB; 0 when that poll had begun just"
                + " before) plus the 1 s grouping window; for the peer, the wait until the"
                + " evaluation that made the alert active (the next scrape, then the next evaluation"
                + " after it: Prometheus' `activeAt`) plus group_wait (1 s). Vigie's floor plus its"
                + " hold adds one poll interval (10 s): what Vigie can reach by design.\n\n")
        .append(
            "| system | breaches | median s | p90 s | p99 s | max s |\n|---|---|---|---|---|---|\n")
        .append(row("Vigie, defaults (poll 10 s, group window 1 s)", vigie, vigieRuns.size(), true))
        .append(
            row(
                "Prometheus + Alertmanager, matched (scrape and evaluation 10 s, group_wait 1 s)",
                peer,
                matched.size(),
                false));
    if (!defaults.isEmpty()) {
      md.append(
          row(
              "Prometheus + Alertmanager, defaults (1 min, 1 min, group_wait 30 s)",
              MailLatencyBench.sorted(defaults, PromAlertPeer.Breach::latency),
              defaults.size(),
              false));
    }
    md.append("\nBeside the floors (seconds; the excess is taken breach by breach):\n\n")
        .append("| | median | p99 | excess median | excess p99 |\n|---|---|---|---|---|\n")
        .append(floorRow("Vigie, measured", vigie, null))
        .append(floorRow("Vigie's floor: next poll + group window", vigieFloor, null))
        .append(
            floorRow(
                "Vigie's floor + hold (one poll interval, decision 0008)",
                vigieHeld,
                excess(vigieRuns, b -> b.latency() - floor(b) - VigieMailStack.POLL_INTERVAL)))
        .append(floorRow("Prometheus + Alertmanager matched, measured", peer, null))
        .append(
            floorRow(
                "its floor: next scrape and evaluation + group_wait",
                peerFloor,
                excess(matched, b -> b.latency() - floor(b))))
        .append(
            String.format(
                Locale.ROOT,
                "%nVigie's excess over its floor without the hold, breach by breach: median %.2f s,"
                    + " p99 %.2f s.%n",
                MailLatencyBench.percentile(excess(vigieRuns, b -> b.latency() - floor(b)), 50),
                MailLatencyBench.percentile(excess(vigieRuns, b -> b.latency() - floor(b)), 99)))
        .append("\nWhere Vigie's time goes, median seconds per stage (the poll's timestamp in")
        .append(" InfluxDB, the decision's `time` in the decision stream). The hold runs from the")
        .append(
            " moment the engine judged the poll's point, not from the poll's timestamp: poll to")
        .append(" decision is the hold (10 s) plus the point's way to the engine (the check over")
        .append(" SSH, the collector's write flush, 1 s by default, InfluxDB's subscription).\n\n")
        .append("| poll wait | poll to decision | decision to inbox (window 1 s) |\n")
        .append("|---|---|---|\n")
        .append(
            String.format(
                Locale.ROOT,
                "| %.2f | %.2f | %.3f |%n",
                median(vigieRuns, b -> b.poll() - b.t0()),
                median(vigieRuns, b -> b.decided() - b.poll()),
                median(vigieRuns, b -> b.inbox() - b.decided())))
        .append(
            "\nWhere the peer's time goes, median seconds per stage (from Prometheus' first sample")
        .append(" of 99, its alert's activeAt, Alertmanager's updatedAt):\n\n")
        .append(
            "| peer | scrape wait | evaluation wait | to Alertmanager | Alertmanager to inbox |\n")
        .append("|---|---|---|---|---|\n")
        .append(stages("matched", matched));
    if (!defaults.isEmpty()) {
      md.append(stages("defaults", defaults));
    }
    double p50 = MailLatencyBench.percentile(vigie, 50);
    double p99 = MailLatencyBench.percentile(vigie, 99);
    double f50 = MailLatencyBench.percentile(vigieFloor, 50);
    double f99 = MailLatencyBench.percentile(vigieFloor, 99);
    double h50 = MailLatencyBench.percentile(vigieHeld, 50);
    double h99 = MailLatencyBench.percentile(vigieHeld, 99);
    double q50 = MailLatencyBench.percentile(peer, 50);
    double q99 = MailLatencyBench.percentile(peer, 99);
    md.append(
        String.format(
            Locale.ROOT,
            "%nTargets (issue 20): Vigie's median and p99 each within 0.5 s of the floor's: median"
                + " %.2f s against %.2f s (%+.2f s), p99 %.2f s against %.2f s (%+.2f s): **%s**;"
                + " against the floor with the hold, %.2f s and %.2f s: %+.2f s and %+.2f s"
                + " (**%s**). Below the matched peer's (median %.2f s, p99 %.2f s): **%s**."
                + " Vigie's median over the peer's: %.2f (median of %d blocks of %d rounds, each"
                + " Vigie's median over the peer's; range %.2f to %.2f; over the whole run %.2f).%n",
            p50,
            f50,
            p50 - f50,
            p99,
            f99,
            p99 - f99,
            within(p50, f50) && within(p99, f99) ? "met" : "not met",
            h50,
            h99,
            p50 - h50,
            p99 - h99,
            within(p50, h50) && within(p99, h99) ? "within 0.5 s" : "not within 0.5 s",
            q50,
            q99,
            p50 < q50 && p99 < q99 ? "met" : "not met",
            MailLatencyBench.percentile(ratios, 50),
            ratios.length,
            block,
            ratios.length == 0 ? Double.NaN : ratios[0],
            ratios.length == 0 ? Double.NaN : ratios[ratios.length - 1],
            p50 / q50));
    return md.toString();
  }

  private static boolean within(double measured, double floor) {
    return Math.abs(measured - floor) <= 0.5;
  }

  private static <T> double[] excess(List<T> breaches, ToDoubleFunction<T> excess) {
    return MailLatencyBench.sorted(breaches, excess);
  }

  private static String floorRow(String name, double[] sorted, double @Nullable [] excess) {
    return String.format(
        Locale.ROOT,
        "| %s | %.2f | %.2f | %s | %s |%n",
        name,
        MailLatencyBench.percentile(sorted, 50),
        MailLatencyBench.percentile(sorted, 99),
        excess == null
            ? ""
            : String.format(Locale.ROOT, "%.2f", MailLatencyBench.percentile(excess, 50)),
        excess == null
            ? ""
            : String.format(Locale.ROOT, "%.2f", MailLatencyBench.percentile(excess, 99)));
  }

  /** Breaches that got no mail are counted in {@code attempted} but not in the figures. */
  private static String row(String name, double[] sorted, int attempted, boolean bold) {
    String median = String.format(Locale.ROOT, "%.2f", MailLatencyBench.percentile(sorted, 50));
    return String.format(
        Locale.ROOT,
        "| %s | %s | %s | %.2f | %.2f | %.2f |%n",
        name,
        sorted.length == attempted ? sorted.length : sorted.length + " of " + attempted,
        bold ? "**" + median + "**" : median,
        MailLatencyBench.percentile(sorted, 90),
        MailLatencyBench.percentile(sorted, 99),
        sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1]);
  }

  private static String stages(String name, List<PromAlertPeer.Breach> breaches) {
    return String.format(
        Locale.ROOT,
        "| %s | %.2f | %.2f | %.3f | %.3f |%n",
        name,
        median(breaches, b -> b.scraped() - b.t0()),
        median(breaches, b -> b.active() - b.scraped()),
        median(breaches, b -> b.received() - b.active()),
        median(breaches, b -> b.inbox() - b.received()));
  }

  private static <T> double median(List<T> breaches, ToDoubleFunction<T> stage) {
    return MailLatencyBench.percentile(MailLatencyBench.sorted(breaches, stage), 50);
  }
}
