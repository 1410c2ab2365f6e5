package io.vigie.collector.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigie.collector.Collector;
import io.vigie.collector.influx.Shipper;
import io.vigie.collector.metrics.CollectorMetrics;
import io.vigie.collector.probe.Probers;
import io.vigie.collector.snmp.SnmpEngine;
import io.vigie.collector.ssh.SshSessions;
import io.vigie.model.inventory.InventoryLoader;
import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The Spring Boot shell around {@link Collector}: properties, Actuator health and the Prometheus
 * endpoint. Nothing else here; the pipeline does not know Spring.
 */
@SpringBootApplication
@EnableConfigurationProperties(VigieProperties.class)
public class CollectorApplication {

  @Bean
  CollectorMetrics collectorMetrics(MeterRegistry registry) {
    return new CollectorMetrics(registry);
  }

  @Bean(destroyMethod = "close")
  SnmpEngine snmpEngine(VigieProperties properties, MeterRegistry registry) {
    SnmpEngine engine = new SnmpEngine(properties.snmpMaxInFlight());
    io.micrometer.core.instrument.FunctionCounter.builder(
            "vigie.snmp.varbinds", engine, SnmpEngine::varbindsReceived)
        .description("SNMP variable bindings received")
        .register(registry);
    io.micrometer.core.instrument.Gauge.builder("vigie.snmp.queued", engine, SnmpEngine::queued)
        .description("SNMP requests waiting for a slot")
        .register(registry);
    return engine;
  }

  @Bean(destroyMethod = "close")
  SshSessions sshSessions(VigieProperties properties) {
    return new SshSessions(properties.dataDir().resolve("ssh-trusted-host-keys"));
  }

  @Bean(destroyMethod = "close")
  Probers probers(VigieProperties properties) throws java.io.IOException {
    return Collector.defaultProbers(properties.probes().trustStore());
  }

  @Bean(destroyMethod = "close")
  Collector collector(
      VigieProperties properties,
      CollectorMetrics metrics,
      SnmpEngine snmp,
      SshSessions ssh,
      Probers probers)
      throws Exception {
    Clock clock = Clock.systemUTC();
    return Collector.start(
        properties.toSettings(),
        InventoryLoader.withSystemSecrets(),
        Collector.defaultSources(snmp, ssh, clock),
        probers,
        ssh,
        metrics,
        clock);
  }

  /** DOWN while writes to InfluxDB fail: points are then piling up in the spool. */
  @Bean
  HealthIndicator influxHealthIndicator(Collector collector) {
    return () -> {
      Shipper.Status status = collector.shipper().status();
      Health.Builder health = status.healthy() ? Health.up() : Health.down();
      return health
          .withDetail("detail", status.detail())
          .withDetail("lastSuccess", String.valueOf(status.lastSuccess()))
          .build();
    };
  }

  /** DEGRADED while InfluxDB refuses points (they go to rejected.lp): see {@link WritesHealth}. */
  @Bean
  HealthIndicator writesHealthIndicator(Collector collector) {
    return new WritesHealth(
        () -> collector.shipper().rejections(), collector.shipper().rejectedFile());
  }

  @Bean
  HealthIndicator spoolHealthIndicator(Collector collector) {
    return () ->
        Health.up()
            .withDetail("pendingPoints", collector.spool().pending())
            .withDetail("bytes", collector.spool().sizeBytes())
            .build();
  }

  private static final org.springframework.boot.health.contributor.Status LOGS_DROPPED =
      new org.springframework.boot.health.contributor.Status(
          "DEGRADED", "the kernel dropped syslog datagrams since the last look");

  /**
   * The logs: what was received, what the kernel dropped on the UDP socket (its buffer full), cut,
   * refused at the TLS handshake, left to the NOC's bucket, waiting in the logs' spool, and the
   * sources followed over SSH. DEGRADED while the kernel drops datagrams: they are lost for good.
   */
  @Bean
  HealthIndicator logsHealthIndicator(Collector collector) {
    long[] lastDrops = {0};
    return () -> {
      var logs = collector.logs();
      long drops = logs.kernelDrops();
      boolean dropping = drops > lastDrops[0];
      lastDrops[0] = Math.max(lastDrops[0], drops);
      Health.Builder health = dropping ? Health.status(LOGS_DROPPED) : Health.up();
      var followed = collector.followed();
      return health
          .withDetail("received", logs.receiver().received())
          .withDetail("udpKernelDrops", drops)
          .withDetail("truncated", logs.receiver().truncated())
          .withDetail("tlsRefused", logs.receiver().refusedHandshakes())
          .withDetail("tcpRefused", logs.receiver().refusedConnections())
          .withDetail("unattributed", logs.intake().unattributed())
          .withDetail("spoolPending", logs.spool().pending())
          .withDetail("followedOverSsh", followed == null ? 0 : followed.following())
          .build();
    };
  }

  /** UP with a warning detail when the file on disk was refused and an older one is in force. */
  @Bean
  HealthIndicator inventoryHealthIndicator(Collector collector) {
    return () -> {
      String error = collector.watcher().lastError();
      Health.Builder health = Health.up().withDetail("targets", collector.scheduler().size());
      return error == null ? health.build() : health.withDetail("refusedChange", error).build();
    };
  }
}
