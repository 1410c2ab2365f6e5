package io.vigie.bench;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The probe benchmark's section of docs/benchmarks.md, from its interleaved windows. */
final class ProbeReport {
  private final ProbeBench.Settings s;
  private final ProbePlan plan;
  private final List<ProbeWindow> vigie;
  private final List<ProbeWindow> exporter;
  private final PingGroupRange range;

  ProbeReport(
      ProbeBench.Settings s,
      ProbePlan plan,
      List<ProbeWindow> vigie,
      List<ProbeWindow> exporter,
      PingGroupRange range) {
    this.s = s;
    this.range = range;
    this.plan = plan;
    this.vigie = vigie;
    this.exporter = exporter;
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append(
            f(
                "## Service probes: %,d probes every %d s, Vigie beside blackbox_exporter%n%n",
                plan.probes.size(), s.intervalS()))
        .append("`./vigie bench probes`, run ")
        .append(LocalDate.now(ZoneOffset.UTC))
        .append(". ")
        .append(Report.machine())
        .append(' ')
        .append(BlackboxPeer.version())
        .append(", ")
        .append(Procs.firstLine("/usr/sbin/nginx", "-v").replace("nginx version: ", ""))
        .append(", ")
        .append(Procs.firstLine("/usr/sbin/dnsmasq", "--version").split(" {2}", 2)[0])
        .append(".\n\n")
        .append(method());
    double[] ratios = new double[Math.min(vigie.size(), exporter.size())];
    for (int r = 0; r < ratios.length; r++) {
      ratios[r] = vigie.get(r).cpuPerThousand() / exporter.get(r).cpuPerThousand();
    }
    md.append("\n| measure | Vigie | blackbox_exporter | target |\n|---|---|---|---|\n")
        .append(
            f(
                "| CPU-s per 1,000 probes, median [min–max] | %s | %s | |%n",
                spread(vigie.stream().mapToDouble(ProbeWindow::cpuPerThousand).toArray(), "%.3f"),
                spread(
                    exporter.stream().mapToDouble(ProbeWindow::cpuPerThousand).toArray(), "%.3f")))
        .append(
            f(
                "| **Vigie / exporter, per round**, median [min–max] | **%s** | | ≤ 0.7 |%n",
                spread(ratios, "%.2f")))
        .append(
            f(
                "| started within 1 s of schedule, worst round | %s | %s | ≥ 99.9%% |%n",
                pct(worst(vigie)), pct(worst(exporter))))
        .append(
            f(
                "| p95 schedule drift, median [min–max] ms | %s | %s | |%n",
                spread(vigie.stream().mapToDouble(ProbeWindow::p95DriftMs).toArray(), "%.0f"),
                spread(exporter.stream().mapToDouble(ProbeWindow::p95DriftMs).toArray(), "%.0f")))
        .append("\nEvery window, in the order run:\n\n")
        .append("| round | prober | window s | probes | skipped | on time | p95 / max drift ms |")
        .append(" down | prober CPU-s | per 1,000 | client CPU-s | nginx+dnsmasq CPU-s |")
        .append(" other CPU-s | RSS MB |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (int r = 0; r < s.rounds(); r++) {
      row(md, r, exporter);
      row(md, r, vigie);
    }
    agreement(md);
    return md.toString();
  }

  private String method() {
    Map<String, Long> endpoints = new LinkedHashMap<>();
    plan.probes.forEach(p -> endpoints.merge(p.endpoint(), 1L, Long::sum));
    StringBuilder mix = new StringBuilder();
    plan.byType.forEach(
        (type, n) ->
            mix.append(mix.length() == 0 ? "" : ", ")
                .append(f("%s %,d (%.0f%%)", type, n, 100.0 * n / plan.probes.size())));
    return "Mix: "
        + mix
        + ". Peers on loopback, started by the benchmark: the tests' nginx (plain HTTP, and HTTPS"
        + " with a valid certificate, an expired one and one for another host, all chained to the"
        + " tests' CA), a closed port, 127.0.0.0/8 for ICMP (one echo request per probe on both"
        + " sides), and dnsmasq answering for vigie.test from a hosts file (no cache, so every query"
        + " is answered afresh). Every probe asks something distinct where the protocol allows it"
        + " (`?n=` on URLs, a name per DNS probe); TCP and ICMP probes share their endpoints. Every"
        + " probe runs once per interval on both sides, timeout 10 s.\n\n"
        + "- **Vigie**: the collector's `PollScheduler` (each probe its own job, "
        + s.workers()
        + " workers, as the collector's default) with `Collector.defaultProbers` trusting the test"
        + " CA, the probes on `service` targets of 100 probes each, built in code. Points go to a"
        + " counting sink: no InfluxDB, the probing is what is measured. "
        + icmp()
        + " CPU: the JVM's whole process over the window, JIT compilation"
        + " and GC included (one JVM for every window: the first Vigie window pays most of the"
        + " JIT).\n"
        + "- **blackbox_exporter**: the modules `tcp_connect`, `http_2xx` (the test CA as"
        + " `ca_file`), `icmp` (raw socket: the benchmark runs as root), and a `dns` module per"
        + " queried name (query_name is per module), all `preferred_ip_protocol: ip4`. Scraped as"
        + " Prometheus scrapes: `/probe?module=M&target=T` per probe per interval, the scrapes"
        + " spread evenly over the interval, never overlapping one of the same probe, with"
        + " Prometheus's 10 s scrape-timeout header; the scraper is the benchmark's JVM (the JDK's"
        + " HttpClient, at most "
        + s.parallel()
        + " in flight), whose CPU is the client's. CPU: the exporter process, from /proc. A fresh"
        + " exporter per window.\n"
        + "- **Schedule drift**: each probe's start (Vigie: its source called on a worker; the"
        + " exporter: the scrape sent) against its own interval grid, anchored on its most punctual"
        + " start; a turn skipped (still running, or the timer a whole interval late) counts as not"
        + " on time. The exporter's figures are the scraper's, standing in for Prometheus.\n"
        + f(
            "- Windows interleaved, exporter then Vigie, %d rounds of %d s after %d s of warm-up"
                + " each; the ratio is taken per round.%n",
            s.rounds(), s.seconds(), s.warmup());
  }

  private String icmp() {
    String found = "`net.ipv4.ping_group_range` was `" + range.found() + "` on this machine";
    if (range.changed()) {
      return "ICMP: unprivileged ICMP datagram sockets, in-process: "
          + found
          + " (the kernel's default, which allows no group), and the benchmark set it to `"
          + PingGroupRange.SYSTEMD_DEFAULT
          + "` for the run, as systemd does on Debian (`--icmp as-found` leaves it, and Vigie then"
          + " runs fping, one process per probe, their CPU counted with the JVM's).";
    }
    return "ICMP: "
        + found
        + ", left as found: Vigie uses datagram sockets when it includes the benchmark's group"
        + " (root, 0), and fping otherwise (one process per probe, their CPU counted with the"
        + " JVM's, reaped children).";
  }

  private void agreement(StringBuilder md) {
    md.append(
        "\nUp/down of every probe, Vigie's last result against the exporter's last"
            + " `probe_success`, in each round:\n\n"
            + "| endpoint | probes | meant to be | Vigie up, per round | exporter up, per round |"
            + " disagreeing |\n|---|---|---|---|---|---|\n");
    Map<String, List<ProbePlan.Planned>> byEndpoint = new LinkedHashMap<>();
    plan.probes.forEach(
        p -> byEndpoint.computeIfAbsent(p.endpoint(), e -> new ArrayList<>()).add(p));
    List<String> disagreements = new ArrayList<>();
    int rounds = Math.min(vigie.size(), exporter.size());
    for (Map.Entry<String, List<ProbePlan.Planned>> e : byEndpoint.entrySet()) {
      List<String> vUp = new ArrayList<>();
      List<String> xUp = new ArrayList<>();
      long differ = 0;
      for (int r = 0; r < rounds; r++) {
        Map<String, Boolean> v = vigie.get(r).last();
        Map<String, Boolean> x = exporter.get(r).last();
        vUp.add(
            Long.toString(
                e.getValue().stream().filter(p -> v.getOrDefault(p.key(), false)).count()));
        xUp.add(
            Long.toString(
                e.getValue().stream().filter(p -> x.getOrDefault(p.key(), false)).count()));
        for (ProbePlan.Planned p : e.getValue()) {
          Boolean a = v.get(p.key());
          Boolean b = x.get(p.key());
          if (a == null || !a.equals(b)) {
            differ++;
            if (disagreements.size() < 20) {
              disagreements.add(
                  f(
                      "round %d, %s (%s): Vigie %s, exporter %s",
                      r + 1, p.key(), e.getKey(), word(a), word(b)));
            }
          }
        }
      }
      ProbePlan.Planned first = e.getValue().get(0);
      md.append(
          f(
              "| %s | %,d | %s | %s | %s | %d |%n",
              e.getKey(),
              e.getValue().size(),
              first.expectUp() ? "up" : "down",
              String.join(", ", vUp),
              String.join(", ", xUp),
              differ));
    }
    if (disagreements.isEmpty()) {
      md.append("\nBoth said the same for every probe in every round.\n");
    } else {
      md.append("\nDisagreements (the first 20):\n\n");
      disagreements.forEach(d -> md.append("- ").append(d).append('\n'));
    }
  }

  private static String word(@Nullable Boolean up) {
    return up == null ? "no result" : up ? "up" : "down";
  }

  private static void row(StringBuilder md, int r, List<ProbeWindow> windows) {
    if (r >= windows.size()) {
      return;
    }
    ProbeWindow w = windows.get(r);
    md.append(
        f(
            "| %d | %s | %.0f | %,d | %,d | %s | %.0f / %.0f | %,d | %.2f | %.3f | %.2f | %.2f |"
                + " %.2f | %.0f |%n",
            r + 1,
            w.collector(),
            w.wallS(),
            w.probes(),
            w.skipped(),
            pct(w.onTimeShare()),
            w.p95DriftMs(),
            w.maxDriftMs(),
            w.down(),
            w.collectorCpuS(),
            w.cpuPerThousand(),
            w.clientCpuS(),
            w.serversCpuS(),
            w.otherCpuS(),
            w.rssMb()));
  }

  private static double worst(List<ProbeWindow> windows) {
    return windows.stream().mapToDouble(ProbeWindow::onTimeShare).min().orElse(Double.NaN);
  }

  private static String pct(double share) {
    return f("%.2f%%", 100 * share);
  }

  private static String spread(double[] values, String format) {
    if (values.length == 0) {
      return "n/a";
    }
    double[] v = values.clone();
    Arrays.sort(v);
    double median =
        v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    return f(format + " [" + format + "–" + format + "]", median, v[0], v[v.length - 1]);
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
