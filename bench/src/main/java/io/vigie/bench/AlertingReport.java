package io.vigie.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The alerting benchmark's section of docs/benchmarks.md. */
final class AlertingReport {
  private AlertingReport() {}

  static String markdown(List<StreamBench.Result> results, int targets, int seconds) {
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "## Alerting: %,d targets judged as their points arrive%n%n"
                + "`./vigie bench alerting`, run %s. %s%n%n"
                + "%,d targets (50 clients), each with its `poll` and 10 threshold checks (CPU,"
                + " load 1/5/15, memory, 4 filesystems, processes), written to a real InfluxDB in"
                + " real time as a collector writes them: every target once per 10 s, in batches of"
                + " 100 targets spread over the interval (1,100 points every 100 ms). One target in"
                + " 20 crosses its error levels for 30 s out of every 60. The service runs with its"
                + " default settings: points taken from InfluxDB's subscription as they are written"
                + " (**stream**), reconciled by a read every 60 s; beside it in the same run, the"
                + " design before issue 20 (**periodic**: every target judged every 10 s from a"
                + " read of what was written since the last one). Runs of %d s each after 20 s of"
                + " warm-up, interleaved (periodic, stream, stream, periodic...). *Write to"
                + " stored*: from the write of a batch to InfluxDB to the status change of one of"
                + " its targets stored in the service's state store. *Notice after its due time*:"
                + " a notice is due once the status has lasted one poll interval (decision 0008),"
                + " the time from that moment to the notice stored. *Service CPU*: the service's"
                + " process time (GC included) less the benchmark writer's thread, per second of"
                + " data.%n%n",
            targets,
            java.time.LocalDate.now(java.time.ZoneOffset.UTC),
            Report.machine(),
            targets,
            seconds));
    md.append(
        "| run | mode | write to stored p50 / p99 | changes | notice after due p50 / p99 |"
            + " service CPU per s of data | per target | influxd CPU per s | load |\n"
            + "|---|---|---|---|---|---|---|---|---|\n");
    int n = 1;
    for (StreamBench.Result r : results) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %s / %s | %d | %s / %s | %.3f s | %.1f µs | %.3f s | %.2f |%n",
              n++,
              r.stream() ? "stream" : "periodic",
              ms(AlertingBench.percentile(r.writeToStoredNanos(), 0.5)),
              ms(AlertingBench.percentile(r.writeToStoredNanos(), 0.99)),
              r.writeToStoredNanos().size(),
              ms(AlertingBench.percentile(r.dueToDecisionNanos(), 0.5)),
              ms(AlertingBench.percentile(r.dueToDecisionNanos(), 0.99)),
              r.serviceCpuSeconds() / r.seconds(),
              r.serviceCpuSeconds() / r.seconds() / targets * 1e6,
              r.influxCpuSeconds() / r.seconds(),
              r.load()));
    }
    List<Long> stream = new ArrayList<>();
    List<Long> due = new ArrayList<>();
    double cpu = 0;
    double secs = 0;
    for (StreamBench.Result r : results) {
      if (r.stream()) {
        stream.addAll(r.writeToStoredNanos());
        due.addAll(r.dueToDecisionNanos());
        cpu += r.serviceCpuSeconds();
        secs += r.seconds();
      }
    }
    double p99 = AlertingBench.percentile(stream, 0.99);
    md.append(
        String.format(
            Locale.ROOT,
            "%nThe figures to compare, all stream runs together: **write to stored p50 %s, p99 %s**"
                + " (target: p99 ≤ 200 ms: %s); notice after its due time p50 %s, p99 %s;"
                + " **service CPU %.3f s per second of data, %.1f µs per target**.%n",
            ms(AlertingBench.percentile(stream, 0.5)),
            ms(p99),
            p99 <= 200e6 ? "met" : "not met",
            ms(AlertingBench.percentile(due, 0.5)),
            ms(AlertingBench.percentile(due, 0.99)),
            secs == 0 ? 0 : cpu / secs,
            secs == 0 ? 0 : cpu / secs / targets * 1e6));
    return md.toString();
  }

  private static String ms(double nanos) {
    return Double.isNaN(nanos) ? "n/a" : String.format(Locale.ROOT, "%.0f ms", nanos / 1e6);
  }
}
