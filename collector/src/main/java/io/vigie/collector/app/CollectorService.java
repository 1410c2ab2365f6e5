package io.vigie.collector.app;

import ch.qos.logback.classic.LoggerContext;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.logging.LogbackMetrics;
import io.micrometer.core.instrument.binder.system.DiskSpaceMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigie.collector.Collector;
import io.vigie.collector.CollectorSettings;
import io.vigie.collector.metrics.CollectorMetrics;
import io.vigie.collector.probe.Probers;
import io.vigie.collector.snmp.SnmpEngine;
import io.vigie.collector.ssh.SshSessions;
import io.vigie.model.inventory.InventoryLoader;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector as a service: its meters, the pipeline ({@link Collector}) with its SNMP engine,
 * SSH sessions and probers, and the health and metrics pages ({@link ActuatorServer}). What Spring
 * Boot wired before decision 0015, in plain code: started in order, closed in the reverse order.
 */
public final class CollectorService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CollectorService.class);
  static final String MAIN_CLASS = "io.vigie.collector.cli.VigieCli";

  private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
  private final PrometheusMeterRegistry registry;
  private final Collector collector;
  private final ActuatorServer actuator;

  private CollectorService(
      VigieProperties properties,
      ScalingProperties scaling,
      InetSocketAddress http,
      long startNanos,
      Clock clock)
      throws Exception {
    try {
      registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      toClose.push(registry::close);
      bindJvmMeters(properties);
      CollectorMetrics metrics = new CollectorMetrics(registry);
      SnmpEngine snmp = new SnmpEngine(properties.snmpMaxInFlight());
      toClose.push(snmp);
      FunctionCounter.builder("vigie.snmp.varbinds", snmp, SnmpEngine::varbindsReceived)
          .description("SNMP variable bindings received")
          .register(registry);
      Gauge.builder("vigie.snmp.queued", snmp, SnmpEngine::queued)
          .description("SNMP requests waiting for a slot")
          .register(registry);
      SshSessions ssh = new SshSessions(properties.dataDir().resolve("ssh-trusted-host-keys"));
      toClose.push(ssh);
      Probers probers = Collector.defaultProbers(properties.probes().trustStore());
      toClose.push(probers);
      CollectorSettings settings = properties.toSettings();
      Scaled scaled = Scaled.start(scaling, settings, registry);
      toClose.push(scaled);
      collector =
          Collector.start(
              settings,
              InventoryLoader.withSystemSecrets(),
              Collector.defaultSources(snmp, ssh, clock),
              probers,
              ssh,
              metrics,
              clock,
              scaled.collectorScaling());
      toClose.push(collector);
      scaled.joined(collector);
      double started = (System.nanoTime() - startNanos) / 1e9;
      Map<String, Health.Indicator> indicators =
          new LinkedHashMap<>(HealthIndicators.of(collector));
      indicators.put("diskSpace", HealthIndicators.diskSpace(properties.dataDir()));
      indicators.put("ping", () -> Health.up().build());
      actuator = ActuatorServer.start(http, indicators, registry);
      toClose.push(actuator);
      double ready = (System.nanoTime() - startNanos) / 1e9;
      // Actuator's two start-up gauges, kept under their names for whoever graphs them.
      Tags main = Tags.of("main.application.class", MAIN_CLASS);
      TimeGauge.builder("application.started.time", () -> started, TimeUnit.SECONDS)
          .tags(main)
          .description("Time taken to start the application")
          .register(registry);
      TimeGauge.builder("application.ready.time", () -> ready, TimeUnit.SECONDS)
          .tags(main)
          .description("Time taken for the application to be ready to service requests")
          .register(registry);
      LOG.info(
          "started in {} s; health and metrics on http://{}:{}/actuator",
          String.format(java.util.Locale.ROOT, "%.3f", ready),
          actuator.address().getHostString(),
          actuator.address().getPort());
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  /**
   * Starts the service; on failure, closes what was started and throws.
   *
   * @param startNanos {@link System#nanoTime()} when the command began, for the start-up gauges
   */
  public static CollectorService start(
      VigieProperties properties,
      ScalingProperties scaling,
      InetSocketAddress http,
      long startNanos)
      throws Exception {
    return new CollectorService(properties, scaling, http, startNanos, Clock.systemUTC());
  }

  /**
   * The meters Spring Boot bound for the JVM, the process and logback: the same names on {@code
   * /actuator/prometheus} (jvm_*, process_*, system_*, logback_events_total, disk_*).
   */
  private void bindJvmMeters(VigieProperties properties) {
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    toClose.push(gc);
    JvmHeapPressureMetrics pressure = new JvmHeapPressureMetrics();
    pressure.bindTo(registry);
    toClose.push(pressure);
    new JvmThreadMetrics().bindTo(registry);
    new JvmInfoMetrics().bindTo(registry);
    new JvmCompilationMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    new DiskSpaceMetrics(properties.dataDir().toFile()).bindTo(registry);
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext) {
      LogbackMetrics logback = new LogbackMetrics();
      logback.bindTo(registry);
      toClose.push(logback);
    }
  }

  /**
   * {@code server.address} and {@code server.port}, which kept Spring Boot's names; the
   * environment's {@code VIGIE_HTTP_ADDRESS} and {@code VIGIE_HTTP_PORT} set them too.
   */
  public static InetSocketAddress httpAddress(Settings settings) {
    String address =
        settings.text("server.address", settings.text("vigie.http.address", "127.0.0.1"));
    int port = settings.integer("server.port", settings.integer("vigie.http.port", 9273));
    return new InetSocketAddress(address, port);
  }

  public InetSocketAddress httpAddress() {
    return actuator.address();
  }

  public Collector collector() {
    return collector;
  }

  /** Stops answering, then the pipeline (its spool synced), then what it used. */
  @Override
  public void close() {
    while (!toClose.isEmpty()) {
      AutoCloseable c = toClose.pop();
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed", c.getClass().getSimpleName(), e);
      }
    }
  }
}
