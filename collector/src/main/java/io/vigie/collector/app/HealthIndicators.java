package io.vigie.collector.app;

import io.vigie.collector.Collector;
import io.vigie.collector.influx.Shipper;
import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The components of the collector's {@code /actuator/health}, by name. */
final class HealthIndicators {
  /** Actuator's default: DOWN below 10 MB free. */
  static final long DISK_THRESHOLD = 10L << 20;

  private static final Health.Status LOGS_DROPPED =
      new Health.Status("DEGRADED", "the kernel dropped syslog datagrams since the last look");

  private HealthIndicators() {}

  static Map<String, Health.Indicator> of(Collector collector) {
    Map<String, Health.Indicator> indicators = new LinkedHashMap<>();
    indicators.put("influx", () -> influx(collector.shipper().status()));
    indicators.put(
        "writes",
        new WritesHealth(
            () -> collector.shipper().rejections(), collector.shipper().rejectedFile()));
    indicators.put(
        "spool",
        () ->
            Health.up()
                .detail("pendingPoints", collector.spool().pending())
                .detail("bytes", collector.spool().sizeBytes())
                .build());
    indicators.put("logs", logs(collector));
    indicators.put("inventory", () -> inventory(collector));
    return indicators;
  }

  /** DOWN while writes to InfluxDB fail: points are then piling up in the spool. */
  static Health influx(Shipper.Status status) {
    return (status.healthy() ? Health.up() : Health.down())
        .detail("detail", status.detail())
        .detail("lastSuccess", String.valueOf(status.lastSuccess()))
        .build();
  }

  /**
   * The logs: what was received, what the kernel dropped on the UDP socket (its buffer full), cut,
   * refused at the TLS handshake, left to the NOC's bucket, waiting in the logs' spool, and the
   * sources followed over SSH. DEGRADED while the kernel drops datagrams: they are lost for good.
   */
  private static Health.Indicator logs(Collector collector) {
    long[] lastDrops = {0};
    return () -> {
      var logs = collector.logs();
      long drops = logs.kernelDrops();
      boolean dropping;
      synchronized (lastDrops) {
        dropping = drops > lastDrops[0];
        lastDrops[0] = Math.max(lastDrops[0], drops);
      }
      var followed = collector.followed();
      return (dropping ? Health.status(LOGS_DROPPED) : Health.up())
          .detail("received", logs.receiver().received())
          .detail("udpKernelDrops", drops)
          .detail("truncated", logs.receiver().truncated())
          .detail("tlsRefused", logs.receiver().refusedHandshakes())
          .detail("tcpRefused", logs.receiver().refusedConnections())
          .detail("unattributed", logs.intake().unattributed())
          .detail("spoolPending", logs.spool().pending())
          .detail("followedOverSsh", followed == null ? 0 : followed.following())
          .build();
    };
  }

  /** UP with a warning detail when the file on disk was refused and an older one is in force. */
  private static Health inventory(Collector collector) {
    String error = collector.watcher().lastError();
    Health.Builder health = Health.up().detail("targets", collector.scheduler().size());
    return error == null ? health.build() : health.detail("refusedChange", error).build();
  }

  /** Actuator's disk space check, on the data directory (the spool's disk) rather than ".". */
  static Health.Indicator diskSpace(Path dataDir) {
    File dir = dataDir.toFile();
    return () -> {
      long free = dir.getUsableSpace();
      return (free < DISK_THRESHOLD ? Health.down() : Health.up())
          .detail("total", dir.getTotalSpace())
          .detail("free", free)
          .detail("threshold", DISK_THRESHOLD)
          .detail("path", dir.getAbsolutePath())
          .detail("exists", dir.exists())
          .build();
    };
  }
}
