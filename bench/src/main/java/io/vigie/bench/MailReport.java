package io.vigie.bench;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The mail benchmark's section of docs/benchmarks.md. */
final class MailReport {
  private MailReport() {}

  static String markdown(
      double[] vigie,
      List<PromAlertPeer.Breach> matched,
      List<PromAlertPeer.Breach> defaults,
      List<Double> blockRatios,
      int block) {
    double[] peer = MailLatencyBench.sorted(matched, PromAlertPeer.Breach::latency);
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
        .append(" (Debian).\n\n")
        .append(
            "A value in a file goes from 10 to 99 at a random moment of the poll or scrape cycle (the"
                + " delay after the previous recovery is a stratified uniform sample of the cycle,"
                + " shuffled); the time until the alert mail has been received by an SMTP server"
                + " (GreenMail, the alerting tests' server, in the benchmark's JVM: `MailSink`"
                + " timestamps each message at the end of DATA, whoever sent it). After each breach"
                + " the value goes back and the recovery is awaited. All the systems run at once"
                + " and are breached in turn, round after round (Vigie first in even rounds, the"
                + " matched peer first in odd ones; the peer with its defaults every few rounds), so"
                + " that the machine's drift is shared. **Vigie** (`VigieMailStack`): the packaged"
                + " collector polls the file every 10 s over SSH with a Nagios-style check (threshold"
                + " 50; a real sshd on loopback) and writes to a real InfluxDB within 200 ms; the"
                + " alerting service evaluates every 250 ms (its reads are incremental: cheap for a"
                + " small inventory), groups for 1 s (matched to Alertmanager's group_wait) and"
                + " mails. **Prometheus + Alertmanager** (`PromAlertPeer`): node_exporter's textfile"
                + " collector exposes the value (rewritten atomically, with a label `breach=N`, so"
                + " that each breach is a new alert in a new aggregation group), a rule fires above"
                + " 90 with no `for:`, Alertmanager (clustering off) mails, resolved mails on;"
                + " matched: scrape and evaluation every 10 s, group_wait 1 s, group_interval 10 s,"
                + " the recovery awaited until the resolved mail; defaults: 1 min, 1 min, 30 s, 5"
                + " min, the recovery awaited until Prometheus drops the alert. The ratio is the median, over"
                + " blocks of "
                + block
                + " rounds, of Vigie's median over the peer's, with its range.\n\n")
        .append(
            "| system | breaches | median s | p90 s | p99 s | max s |\n|---|---|---|---|---|---|\n")
        .append(
            row(
                "Vigie (poll 10 s, writes every 200 ms, evaluation every 250 ms, group window 1 s)",
                vigie,
                vigie.length,
                true))
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
    md.append(
            "\nWhere the peer's time goes, median seconds per stage (from Prometheus' first sample")
        .append(" of 99, its alert's activeAt, Alertmanager's updatedAt):\n\n")
        .append(
            "| peer | scrape wait | evaluation wait | to Alertmanager | Alertmanager to inbox |\n")
        .append("|---|---|---|---|---|\n")
        .append(stages("matched", matched));
    if (!defaults.isEmpty()) {
      md.append(stages("defaults", defaults));
    }
    double p99 = MailLatencyBench.percentile(vigie, 99);
    md.append(
        String.format(
            Locale.ROOT,
            "%nTargets: p99 at most 12 s (poll interval + 2 s): **%.2f s**; median at most 0.7"
                + " times the matched Prometheus + Alertmanager median: **%.2f** times (median of"
                + " %d blocks of %d rounds, each Vigie's median over the peer's; range %.2f to %.2f;"
                + " over the whole run %.2f).%n",
            p99,
            MailLatencyBench.percentile(ratios, 50),
            ratios.length,
            block,
            ratios.length == 0 ? Double.NaN : ratios[0],
            ratios.length == 0 ? Double.NaN : ratios[ratios.length - 1],
            MailLatencyBench.percentile(vigie, 50) / MailLatencyBench.percentile(peer, 50)));
    return md.toString();
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

  private static double median(
      List<PromAlertPeer.Breach> breaches, ToDoubleFunction<PromAlertPeer.Breach> stage) {
    return MailLatencyBench.percentile(MailLatencyBench.sorted(breaches, stage), 50);
  }
}
