package io.vigie.bench;

import io.vigie.bench.TransportBench.Run;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/** The transport benchmark's section of docs/benchmarks.md. */
final class TransportReport {
  private TransportReport() {}

  static String render(
      List<Run> runs,
      long points,
      TransportFaults.@Nullable Result faults,
      TransportFaults.Options options) {
    StringBuilder md = new StringBuilder();
    md.append("## Past one machine: points through the NATS stream, takeover, catch-up\n\n")
        .append("`./vigie bench transport`, run ")
        .append(LocalDate.now(ZoneOffset.UTC))
        .append(" (issue 21, decision 0016). ")
        .append(Report.machine())
        .append(' ')
        .append(Procs.firstLine("nats-server", "--version"))
        .append(
            ", three nodes on loopback from the tests' `NatsCluster`"
                + " (file store under /tmp, `max_file_store: 2GB`).\n\n");
    if (!runs.isEmpty()) {
      throughput(md, runs, points);
    }
    if (faults != null) {
      faults(md, faults, options);
    }
    return md.toString();
  }

  private static void throughput(StringBuilder md, List<Run> runs, long points) {
    List<Run> direct = of(runs, "direct");
    List<Run> stream = of(runs, "stream");
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < Math.min(direct.size(), stream.size()); i++) {
      ratios.add(stream.get(i).rate() / direct.get(i).rate());
    }
    md.append(
            f(
                "**Throughput.** The same %,d points of host metrics (2,000 hosts' cpu, mem, disk"
                    + " and net, millisecond timestamps, every point its own series and time, as the writer"
                    + " benchmark generates) written two ways into a fresh database of one influxd, in"
                    + " batches of %,d lines: **direct**, the collector's `InfluxBatchWriter` alone (what"
                    + " a collector does on one machine); **stream**, the collector's `StreamWriter`"
                    + " publishing each batch to a fresh 3-replica file stream (each batch as"
                    + " length-framed messages of up to 512 KB with a `Nats-Msg-Id`, waiting for the"
                    + " stream's acknowledgements before the next batch, as the spool's shipper does) while"
                    + " one `Ingester` (its own NATS connection, durable pull consumer, fetch 64, explicit"
                    + " ack after InfluxDB's 204) writes them to InfluxDB. The stream's time runs from the"
                    + " first publish until the ingester has had every point accepted; both paths' points"
                    + " are then counted back. Runs interleaved (direct, stream, direct, ...), after one"
                    + " warm-up of each with 100,000 points; publisher and ingester run in the benchmark's"
                    + " JVM, so its CPU is theirs (per thread: the publishing thread, the `vigie-ingest`"
                    + " thread; the rest is jnats' reader and writer threads, HTTP and GC). nats-server and"
                    + " influxd CPU from `/proc/PID/stat` over the same window; load is the one-minute"
                    + " load average at the end of the run.%n%n",
                points, TransportBench.BATCH))
        .append(
            "| run | points/s | s | published (acked) after, s | counted | JVM CPU-s"
                + " (publisher + ingester + other) | 3 nats-server CPU-s | influxd CPU-s |"
                + " CPU-s per million points, all | InfluxDB writes | load |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Run r : runs) {
      md.append(
          f(
              "| %s %d | %,.0f | %.2f | %s | %,d | %.2f (%.2f + %.2f + %.2f) | %.2f | %.2f |"
                  + " %.2f | %,d | %.2f |%n",
              r.path(),
              r.round(),
              r.rate(),
              r.seconds(),
              r.path().equals("stream") ? f("%.2f", r.publishSeconds()) : "–",
              r.counted(),
              r.jvmCpu(),
              r.senderCpu(),
              r.ingesterCpu(),
              r.jvmCpu() - r.senderCpu() - r.ingesterCpu(),
              r.natsCpu(),
              r.influxCpu(),
              r.cpuPerMillion(),
              r.writes(),
              r.load()));
    }
    double[] ratio = SnmpReport.medianRange(ratios);
    md.append("\n| figure, median [min–max] of the rounds | direct | stream |\n|---|---|---|\n")
        .append(
            f(
                "| points/s into InfluxDB | %s | %s |%n",
                spread(direct, Run::rate, "%,.0f"), spread(stream, Run::rate, "%,.0f")))
        .append(
            f(
                "| **stream / direct, points/s, per round** | | **%.2f [%.2f–%.2f]** |%n",
                ratio[0], ratio[1], ratio[2]))
        .append(
            f(
                "| published and acknowledged by the stream, points/s (the ingester writing"
                    + " meanwhile) | – | %s |%n",
                spread(stream, r -> r.points() / r.publishSeconds(), "%,.0f")))
        .append(
            f(
                "| CPU-s per million points: the writer's or publisher's thread | %s | %s |%n",
                spread(direct, r -> r.senderCpu() * 1e6 / r.points(), "%.2f"),
                spread(stream, r -> r.senderCpu() * 1e6 / r.points(), "%.2f")))
        .append(
            f(
                "| CPU-s per million points: the ingester's thread | – | %s |%n",
                spread(stream, r -> r.ingesterCpu() * 1e6 / r.points(), "%.2f")))
        .append(
            f(
                "| CPU-s per million points: the whole JVM | %s | %s |%n",
                spread(direct, r -> r.jvmCpu() * 1e6 / r.points(), "%.2f"),
                spread(stream, r -> r.jvmCpu() * 1e6 / r.points(), "%.2f")))
        .append(
            f(
                "| CPU-s per million points: the 3 nats-servers together | %s | %s |%n",
                spread(direct, r -> r.natsCpu() * 1e6 / r.points(), "%.2f"),
                spread(stream, r -> r.natsCpu() * 1e6 / r.points(), "%.2f")))
        .append(
            f(
                "| CPU-s per million points: influxd | %s | %s |%n",
                spread(direct, r -> r.influxCpu() * 1e6 / r.points(), "%.2f"),
                spread(stream, r -> r.influxCpu() * 1e6 / r.points(), "%.2f")))
        .append(
            f(
                "| **CPU-s per million points, all of it** | **%s** | **%s** |%n",
                spread(direct, Run::cpuPerMillion, "%.2f"),
                spread(stream, Run::cpuPerMillion, "%.2f")))
        .append(
            f(
                "| points per InfluxDB write | %s | %s |%n",
                spread(direct, r -> (double) r.points() / r.writes(), "%,.0f"),
                spread(stream, r -> (double) r.points() / r.writes(), "%,.0f")))
        .append(
            f(
                "| load average at the end of the runs | %s | %s |%n%n",
                spread(direct, Run::load, "%.2f"), spread(stream, Run::load, "%.2f")))
        .append(
            f(
                "How to read it: influxd is the bottleneck of both paths on 2 cores (it takes"
                    + " more CPU than all the rest together). The ingester writes what one fetch"
                    + " brings (up to 64 messages of up to 512 KB) in one request, a median %,.0f"
                    + " points per write against the direct path's %,d, and influxd spends %.1f"
                    + " CPU-s per million points written that way against %.1f. The transport's"
                    + " own cost is the CPU of the 3 nats-servers and of the publisher and"
                    + " ingester threads (rows above), which that saving in influxd pays for in"
                    + " part or in whole; %s%n%n",
                median(stream, r -> (double) r.points() / r.writes()),
                TransportBench.BATCH,
                median(stream, r -> r.influxCpu() * 1e6 / r.points()),
                median(direct, r -> r.influxCpu() * 1e6 / r.points()),
                pace(ratios, ratio[0])))
        .append(loadNote(runs))
        .append("\n\n");
  }

  /** What the per-round ratios say, in words. */
  private static String pace(List<Double> ratios, double median) {
    double shown = Math.round(median * 100) / 100.0;
    String pace =
        shown > 1
            ? f("the points reach InfluxDB faster through the stream (median ratio %.2f)", shown)
            : shown == 1
                ? "the points reach InfluxDB as fast through the stream as directly (median ratio"
                    + " 1.00)"
                : f(
                    "the points reach InfluxDB %.0f %% slower through the stream",
                    (1 - shown) * 100);
    long slower = ratios.stream().filter(r -> r < 1).count();
    double worst = ratios.stream().mapToDouble(Double::doubleValue).min().orElse(1);
    return pace
        + (slower == 0 || shown < 1
            ? "."
            : f(
                "; it was slower in %d of %d rounds, by up to %.0f %%.",
                slower, ratios.size(), (1 - worst) * 100));
  }

  /** The machine's load during the runs, said in words: another session may share it. */
  private static String loadNote(List<Run> runs) {
    int cores = Runtime.getRuntime().availableProcessors();
    long busy = runs.stream().filter(r -> r.load() > cores + 1).count();
    String own =
        f(
            "The load average counts the benchmark's own processes (influxd alone keeps more than"
                + " one core busy during a run), so about %d is this benchmark; ",
            cores);
    return own
        + (busy == 0
            ? f(
                "it stayed under %d in every run: no other heavy work shared the machine.",
                cores + 1)
            : f(
                "it was above %d in %d of %d runs: other work (another session's builds and tests)"
                    + " shared the machine then; a run under more load is slower and spends more"
                    + " CPU per point, on either path. Compare the rounds by their load column.",
                cores + 1, busy, runs.size()));
  }

  private static double median(List<Run> runs, ToDoubleFunction<Run> value) {
    return runs.isEmpty()
        ? Double.NaN
        : SnmpReport.medianRange(runs.stream().map(r -> value.applyAsDouble(r)).toList())[0];
  }

  private static void faults(
      StringBuilder md, TransportFaults.Result faults, TransportFaults.Options o) {
    md.append(
            f(
                "**Faults.** The packaged collector (`vigie-collector-exec.jar`, `-Xmx128m"
                    + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC` as in ClusterIT): three members c1, c2,"
                    + " c3 of one group polling %d SNMP targets of the bench snmpd (system and if-mib"
                    + " profiles) every %d s, the default lease of 15 s; their points through the stream"
                    + " `VIGIE_POINTS` (R3) to two influxd replicas, each fed by its own `vigie ingest`."
                    + " **Takeover**: c1 killed (SIGKILL), %d times in all, restarted after each and the group"
                    + " left to rebalance before the next; for the targets c1 polled just before, the"
                    + " longest time between two polls of one target (from the `poll` points in replica"
                    + " A, tag `collector`), and the time from the kill to the first poll by another"
                    + " member of the last of them. **Catch-up**: replica B's influxd stopped (SIGTERM)"
                    + " for %d s while everything else runs, its ingester retrying, then started again:"
                    + " the time from its `/ping` answering until `SELECT count(*) FROM /.*/ WHERE time <"
                    + " T GROUP BY *` gives the same answer on both replicas (T is 5 s before the"
                    + " restart), checked every 0.5 s; points caught up is the rise of that ingester's"
                    + " `vigie_ingest_points_total` meanwhile.%n%n",
                o.targets(), o.intervalS(), o.kills(), o.outageS()))
        .append(
            "| kill | c1's targets | worst gap between two polls, s | last target taken over"
                + " after the kill, s | load |\n|---|---|---|---|---|\n");
    int i = 1;
    List<Double> gaps = new ArrayList<>();
    List<Double> takeovers = new ArrayList<>();
    for (TransportFaults.Kill k : faults.kills()) {
      md.append(
          f(
              "| %d | %d | %.1f | %.1f | %.2f |%n",
              i++, k.owned(), k.worstGapMs() / 1000.0, k.takeoverMs() / 1000.0, k.load()));
      gaps.add(k.worstGapMs() / 1000.0);
      takeovers.add(k.takeoverMs() / 1000.0);
    }
    double[] gap = SnmpReport.medianRange(gaps);
    double[] take = SnmpReport.medianRange(takeovers);
    md.append(
        f(
            "| **median [min–max]** | | **%.1f [%.1f–%.1f]** | **%.1f [%.1f–%.1f]** | |%n%n",
            gap[0], gap[1], gap[2], take[0], take[1], take[2]));
    TransportFaults.CatchUp c = faults.catchUp();
    md.append(
            f(
                "| replica B away | caught up after its start | points caught up | points/s |"
                    + " load |%n|---|---|---|---|---|%n| %.0f s | %.1f s | %,d | %,.0f | %.2f |%n%n",
                c.outageMs() / 1000.0, c.catchUpMs() / 1000.0, c.points(), c.rate(), c.load()))
        .append(
            "The figures to compare: the stream / direct ratio of points/s and the CPU per"
                + " million points of each path (the transport's cost beside what one machine pays);"
                + " the takeover figures against ClusterIT's bound (no target of a dead member"
                + " unpolled beyond 30 s plus one interval; the lease is 15 s); the catch-up time"
                + " against the outage it follows. The catch-up is mostly the ingester's back-off"
                + " (up to 5 s between retries of a write) once influxd answers: a few SNMP targets"
                + " make few points, so its points/s says little about the ingester's speed, which is"
                + " the stream row above.\n");
  }

  private static List<Run> of(List<Run> runs, String path) {
    return runs.stream().filter(r -> r.path().equals(path)).toList();
  }

  private static String spread(List<Run> runs, ToDoubleFunction<Run> value, String format) {
    if (runs.isEmpty()) {
      return "–";
    }
    double[] m = SnmpReport.medianRange(runs.stream().map(r -> value.applyAsDouble(r)).toList());
    return f(format, m[0]) + " [" + f(format, m[1]) + "–" + f(format, m[2]) + "]";
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
