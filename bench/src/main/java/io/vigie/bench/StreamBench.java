package io.vigie.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.alerting.influx.InfluxReader;
import io.vigie.alerting.influx.StatusWriter;
import io.vigie.alerting.service.AlertingService;
import io.vigie.alerting.status.Decision;
import io.vigie.alerting.status.EngineSettings;
import io.vigie.alerting.status.StatusEngine;
import io.vigie.alerting.store.StateStore;
import io.vigie.alerting.stream.StreamSettings;
import io.vigie.alerting.stream.Streaming;
import io.vigie.model.inventory.Inventory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;

/**
 * One run of the alerting service over live data, as in production: a collector's rounds written in
 * real time (every target once per 10 s, spread over the interval in batches of 100 targets), one
 * target in 20 crossing its error levels every other round, and the service judging them either as
 * points arrive (the stream, the default) or every 10 s from a read (the design before it).
 * Measured: the time from a batch's write to each status change stored, from a notice's due time
 * (its hold, decision 0008) to the notice stored, and the CPU the service spent.
 */
final class StreamBench {
  /** What one run measured. */
  record Result(
      boolean stream,
      List<Long> writeToStoredNanos,
      List<Long> dueToDecisionNanos,
      double serviceCpuSeconds,
      double influxCpuSeconds,
      double seconds,
      long points,
      double load) {}

  private StreamBench() {}

  static Result run(
      InfluxDB influx,
      long influxPid,
      Inventory inventory,
      Path dir,
      boolean stream,
      Duration measure,
      int roundOffset)
      throws Exception {
    int targets = inventory.targets().size();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Map<String, Long> writtenAt = new ConcurrentHashMap<>();
    List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Long> dueLags = java.util.Collections.synchronizedList(new ArrayList<>());
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (StateStore store = StateStore.open(dir.resolve("state"))) {
      AlertingService service =
          new AlertingService(
              () -> inventory,
              new InfluxReader(influx, "bench", 3),
              new StatusWriter(influx, "bench", () -> inventory),
              new StatusEngine(EngineSettings.defaults()),
              store,
              Clock.systemUTC(),
              Duration.ofMinutes(5),
              Duration.ofSeconds(5),
              registry);
      boolean[] measuring = {false};
      service.onTransition(
          t -> {
            Long at = writtenAt.get(t.target());
            if (measuring[0] && at != null) {
              latencies.add(System.nanoTime() - at);
            }
          });
      service.onDecision(
          d -> {
            if (measuring[0] && d.kind() != Decision.Kind.FLAPPING_STARTED) {
              // A notice is due once its status has lasted one interval (10 s).
              Instant due = d.since().plusSeconds(10);
              dueLags.add(Duration.between(due, d.time()).toNanos());
            }
          });
      ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
      Streaming streaming = null;
      if (stream) {
        // The service's defaults (AlertingProperties): loopback, any port, reconcile every 60 s.
        streaming =
            Streaming.start(
                service,
                () -> inventory,
                // One replica, as the service with one vigie.influx.url (the name is for logs).
                io.vigie.alerting.influx.InfluxReplicas.of(influx, "http://bench-influx"),
                "bench",
                Clock.systemUTC(),
                new StreamSettings(
                    true,
                    new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0),
                    null,
                    "bench",
                    Duration.ofSeconds(60),
                    2_000_000),
                Duration.ofSeconds(10),
                registry);
        var unused =
            loop.scheduleWithFixedDelay(streaming::reconcile, 0, 250, TimeUnit.MILLISECONDS);
      } else {
        var unused = loop.scheduleWithFixedDelay(service::evaluate, 0, 10, TimeUnit.SECONDS);
      }
      try {
        // Two rounds to settle (the start-up read, every state stored), then the measure.
        long warm = TimeUnit.SECONDS.toNanos(20);
        long writerCpu = 0;
        long points = 0;
        double cpu0 = 0;
        double influx0 = 0;
        long m0 = 0;
        int batch = 100;
        long start = System.nanoTime();
        long end = start + warm + measure.toNanos();
        int round = roundOffset;
        while (System.nanoTime() < end) {
          long roundStart = System.nanoTime();
          for (int first = 0; first < targets; first += batch) {
            long slot = roundStart + TimeUnit.SECONDS.toNanos(10) * first / targets;
            long wait = slot - System.nanoTime();
            if (wait > 0) {
              TimeUnit.NANOSECONDS.sleep(wait);
            }
            if (!measuring[0] && System.nanoTime() - start >= warm) {
              measuring[0] = true;
              cpu0 = os.getProcessCpuTime() / 1e9;
              influx0 = Procs.cpuSeconds(influxPid);
              m0 = System.nanoTime();
              writerCpu = 0;
              points = 0;
            }
            long c0 = threads.getCurrentThreadCpuTime();
            List<String> lines = new ArrayList<>(batch * 11);
            long t = System.currentTimeMillis();
            for (int i = first; i < Math.min(targets, first + batch); i++) {
              lines.addAll(AlertingBench.lines(i, t, round));
            }
            long now = System.nanoTime();
            for (int i = first; i < Math.min(targets, first + batch); i++) {
              writtenAt.put(AlertingBench.id(i), now);
            }
            influx.write(
                "bench", "autogen", InfluxDB.ConsistencyLevel.ONE, TimeUnit.MILLISECONDS, lines);
            points += lines.size();
            writerCpu += threads.getCurrentThreadCpuTime() - c0;
          }
          round++;
        }
        double seconds = (System.nanoTime() - m0) / 1e9;
        double serviceCpu = os.getProcessCpuTime() / 1e9 - cpu0 - writerCpu / 1e9;
        double influxCpu = Procs.cpuSeconds(influxPid) - influx0;
        measuring[0] = false;
        return new Result(
            stream,
            List.copyOf(latencies),
            List.copyOf(dueLags),
            serviceCpu,
            influxCpu,
            seconds,
            points,
            os.getSystemLoadAverage());
      } finally {
        loop.shutdown();
        loop.awaitTermination(60, TimeUnit.SECONDS);
        if (streaming != null) {
          streaming.close();
        }
      }
    }
  }
}
