package io.vigie.bench;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The logs benchmark's section of docs/benchmarks.md, from its interleaved runs. */
final class LogsReport {
  private static final String VIGIE = "Vigie";
  private static final String CURL = "curl";
  private static final String RSYSLOG = "rsyslog";

  private final LogsBench.Settings s;
  private final SyslogLoad load;
  private final List<LogsRun> runs;

  LogsReport(LogsBench.Settings s, SyslogLoad load, List<LogsRun> runs) {
    this.s = s;
    this.load = load;
    this.runs = runs;
  }

  String markdown() {
    List<Double> rateRatios = ratios(VIGIE, CURL, LogsRun::rate);
    List<Double> cpuRatios = ratios(VIGIE, RSYSLOG, LogsRun::cpuPer10k);
    double[] ratio = SnmpReport.medianRange(rateRatios);
    boolean noLoss = runs.stream().allMatch(LogsRun::complete);
    boolean met = ratio[0] >= 0.9 && noLoss;
    StringBuilder md = new StringBuilder();
    md.append("## Syslog over TCP into InfluxDB: Vigie beside rsyslog and curl\n\n")
        .append("`./vigie bench logs`, run ")
        .append(LocalDate.now(ZoneOffset.UTC))
        .append(". ")
        .append(Report.machine())
        .append(' ')
        .append(
            Procs.firstLine("/usr/sbin/rsyslogd", "-v")
                .replaceAll("\\s+compiled with:", "")
                .replaceAll("\\s+", " "))
        .append(".\n\n")
        .append(method())
        .append("\n| measure | Vigie | curl | rsyslog into a file | target |\n")
        .append("|---|---|---|---|---|\n")
        .append(
            f(
                "| lines/s, median [min–max] | %s | %s | %s | |%n",
                spread(VIGIE, LogsRun::rate, "%,.0f"),
                spread(CURL, LogsRun::rate, "%,.0f"),
                spread(RSYSLOG, LogsRun::rate, "%,.0f")))
        .append(
            f(
                "| **Vigie / curl, lines/s, per round** | **%.2f [%.2f–%.2f]** | | | ≥ 0.90 |%n",
                ratio[0], ratio[1], ratio[2]))
        .append(
            f(
                "| lines lost / stored twice, all rounds | %s | %s | %s | 0 / 0 |%n",
                losses(VIGIE), losses(CURL), losses(RSYSLOG)))
        .append(
            f(
                "| CPU-s per 10,000 lines (collector JVM, curl, rsyslogd), median [min–max] | %s |"
                    + " %s | %s | |%n",
                spread(VIGIE, LogsRun::cpuPer10k, "%.3f"),
                spread(CURL, LogsRun::cpuPer10k, "%.3f"),
                spread(RSYSLOG, LogsRun::cpuPer10k, "%.3f")))
        .append(
            f(
                "| Vigie / rsyslog, CPU per line, per round | %s | | | |%n",
                cpuRatios.isEmpty() ? "–" : range(SnmpReport.medianRange(cpuRatios), "%.1f×")))
        .append(
            f(
                "| influxd CPU-s per 10,000 lines, median [min–max] | %s | %s | – | |%n",
                spread(VIGIE, LogsRun::influxdPer10k, "%.3f"),
                spread(CURL, LogsRun::influxdPer10k, "%.3f")))
        .append(
            f(
                "| sender done after, median s (the receiver's intake) | %s | – | %s | |%n",
                spread(VIGIE, LogsRun::receiveS, "%.1f"),
                spread(RSYSLOG, LogsRun::receiveS, "%.1f")))
        .append("\nEvery run, in the order run:\n\n")
        .append(
            "| round | contender | lines/s | wall s | sender done s | CPU-s | per 10,000 lines |")
        .append(
            " influxd CPU-s | bench JVM CPU-s | other CPU-s | machine busy | stored | lost |"
                + " twice |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (LogsRun r : runs) {
      md.append(
          f(
              "| %d | %s | %,.0f | %.1f | %s | %.2f | %.3f | %s | %.2f | %.2f | %.0f%% | %,d | %,d |"
                  + " %,d |%n",
              r.round(),
              r.contender(),
              r.rate(),
              r.wallS(),
              Double.isNaN(r.receiveS()) || r.contender().equals(CURL)
                  ? "–"
                  : f("%.1f", r.receiveS()),
              r.cpuS(),
              r.cpuPer10k(),
              r.contender().equals(RSYSLOG) ? "–" : f("%.1f", r.influxdCpuS()),
              r.benchCpuS(),
              r.otherS(),
              r.busyPercent(),
              r.stored(),
              r.lost(),
              r.duplicated()));
    }
    md.append(
        f(
            "%nTarget: at least 0.90 of curl's rate (the median of the per-round ratios) with no"
                + " line lost: **%s** (%.2f; %s).%n",
            met ? "met" : "not met",
            ratio[0],
            noLoss ? "every line stored once, in every run" : "lines lost or stored twice"));
    return md.toString();
  }

  private String method() {
    return f(
        "%,d numbered RFC 5424 lines (%,d bytes framed, about %d bytes a line; 200 hosts, each with"
            + " its application among 8, facility local0 to local7, 85%% info, 10%% warning, 5%%"
            + " err) after %,d warm-up lines, the same for every contender and every run. One sender"
            + " for the two receivers: the benchmark's JVM copying a file of octet-counted frames"
            + " (RFC 6587) to one TCP connection on loopback with sendfile, as fast as the receiver"
            + " reads (its CPU, with the benchmark's polling, is the bench JVM column). A run is timed"
            + " from its first byte to its last line stored, then every line is read back by its"
            + " number (the `seq=` ending its text in rsyslog's file, the sender's time in"
            + " InfluxDB's `timestamp` field). Runs are interleaved: curl, Vigie, rsyslog, for %d"
            + " rounds; Vigie's ratio to curl is taken per round.%n%n"
            + "- **Vigie**: the collector's exec jar as its own process (JVM flags"
            + " `%s`), its syslog receiver on TCP (`vigie.logs.tcp-address`), its logs spool and"
            + " shipper (5,000-line gzipped batches, nanosecond precision, retention policy `logs`),"
            + " the lines attributed to an inventory target at 127.0.0.1, into a fresh influxd per"
            + " run. Stored: the collector's metrics say every line received and none left in its"
            + " spool (read every 100 ms), then InfluxDB's count agrees. The logs spool is set to"
            + " %,d MB (`vigie.logs.spool-max-size`; default 256 MB) so that it holds every line"
            + " the receiver takes ahead of InfluxDB. CPU: the collector's process, from /proc.%n"
            + "- **curl**: the same lines as the collector's own line protocol (made by its"
            + " `SyslogParser` and `SyslogPoints`, timed from the start of the benchmark a"
            + " microsecond apart), gzipped beforehand in 5,000-line batches, posted one after"
            + " the other by one kept-alive `curl -K` to `/write?rp=logs&precision=ns` of a fresh"
            + " influxd per run: what InfluxDB itself takes, the bar. CPU: curl's, from bash's"
            + " `times` (without compression, done beforehand).%n"
            + "- **rsyslog**: a private `rsyslogd -n` per run, `imtcp` on loopback and one `omfile`"
            + " action with rsyslog's defaults: the floor a syslog server can do here, with no"
            + " database behind it. Stored: the file has every line (counted every 20 ms). CPU:"
            + " rsyslogd, from /proc.%n"
            + "- Sender done: when the sender handed its last byte to the kernel, which holds a few"
            + " MB of socket buffers on loopback: the receiver had read all but those, so it tells"
            + " the receiver's own intake from the wait for InfluxDB (or the file).%n"
            + "- Other CPU: the machine's busy time minus the contender, influxd and the bench JVM,"
            + " i.e. processes the benchmark did not start (the machine is shared).%n",
        s.lines(),
        load.frameBytes - load.measuredOffset,
        (load.frameBytes - load.measuredOffset) / Math.max(1, s.lines()),
        s.warmup(),
        s.rounds(),
        s.jvm(),
        LogsVigie.spoolMegabytes(load));
  }

  /** {@code a}'s figure over {@code b}'s, round by round. */
  private List<Double> ratios(String a, String b, ToDoubleFunction<LogsRun> f) {
    List<Double> out = new ArrayList<>();
    for (int round = 1; round <= s.rounds(); round++) {
      Double x = figure(a, round, f);
      Double y = figure(b, round, f);
      if (x != null && y != null && y > 0) {
        out.add(x / y);
      }
    }
    return out;
  }

  private @org.jspecify.annotations.Nullable Double figure(
      String contender, int round, ToDoubleFunction<LogsRun> f) {
    return runs.stream()
        .filter(r -> r.contender().equals(contender) && r.round() == round)
        .map(r -> f.applyAsDouble(r))
        .findFirst()
        .orElse(null);
  }

  private String spread(String contender, ToDoubleFunction<LogsRun> f, String format) {
    List<Double> values =
        runs.stream()
            .filter(r -> r.contender().equals(contender))
            .map(r -> f.applyAsDouble(r))
            .toList();
    return values.isEmpty() ? "–" : range(SnmpReport.medianRange(values), format);
  }

  private static String range(double[] m, String format) {
    return f(format + " [" + format + "–" + format + "]", m[0], m[1], m[2]);
  }

  private String losses(String contender) {
    long lost =
        runs.stream().filter(r -> r.contender().equals(contender)).mapToLong(LogsRun::lost).sum();
    long twice =
        runs.stream()
            .filter(r -> r.contender().equals(contender))
            .mapToLong(LogsRun::duplicated)
            .sum();
    return f("%,d / %,d", lost, twice);
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
