package io.vigie.collector.cli;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.nats.client.Connection;
import io.vigie.collector.CollectorSettings;
import io.vigie.collector.app.ActuatorServer;
import io.vigie.collector.app.Health;
import io.vigie.collector.app.Logging;
import io.vigie.collector.app.ScalingProperties;
import io.vigie.collector.app.Settings;
import io.vigie.collector.app.VigieProperties;
import io.vigie.collector.metrics.CollectorMetrics;
import io.vigie.collector.nats.Ingester;
import io.vigie.collector.nats.NatsClient;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

/**
 * {@code vigie ingest}: feeds one InfluxDB replica from the NATS stream of points
 * (docs/scaling.md). Run one per replica, each with its own {@code vigie.ingest.consumer}; a second
 * one with the same consumer shares its work and stands in when the first stops.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Writes the points of the NATS stream into one InfluxDB (one consumer per InfluxDB replica).",
      "Settings: --vigie.nats.url=..., --vigie.ingest.consumer=NAME, --vigie.influx.url=...,"
          + " as for the collector (VIGIE_NATS_URL, VIGIE_INGEST_CONSUMER, ...)."
    })
final class IngestCommand implements Callable<Integer> {

  /** Settings as for the collector: --vigie.KEY=VALUE. */
  @picocli.CommandLine.Unmatched List<String> settings = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Settings loaded = Settings.load(settings, System.getenv(), System.getProperties());
    Logging.apply(loaded.loggingLevels()).forEach(loaded::error);
    VigieProperties properties = VigieProperties.from(loaded);
    ScalingProperties scaling = ScalingProperties.from(loaded);
    String address = loaded.text("server.address", "127.0.0.1");
    int port = loaded.integer("server.port", 9274);
    if (!scaling.nats().enabled()) {
      loaded.error("vigie.nats.url is required: the NATS servers to read the points from");
    }
    if (scaling.consumer().isBlank()) {
      loaded.error(
          "vigie.ingest.consumer is required: a name per InfluxDB replica (influx-a, influx-b)");
    }
    CollectorSettings settings;
    try {
      loaded.checkUnknown();
      loaded.check();
      settings = properties.toSettings();
    } catch (IllegalArgumentException e) {
      System.err.println("vigie ingest: " + e.getMessage());
      return VigieCli.INVALID_INPUT;
    }
    Files.createDirectories(settings.dataDir());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    CollectorMetrics metrics = new CollectorMetrics(registry);
    Connection connection =
        NatsClient.connect(scaling.nats(), "vigie-ingest " + scaling.consumer());
    if (settings.influx().createDatabase()) {
      new io.vigie.collector.influx.InfluxBatchWriter(settings.influx()).createDatabase();
    }
    Ingester ingester =
        new Ingester(
                connection,
                scaling.nats(),
                scaling.consumer(),
                scaling.fetch(),
                settings.influx(),
                settings.logs().retention(),
                metrics,
                Clock.systemUTC(),
                settings.dataDir())
            .start();
    FunctionCounter.builder("vigie.ingest.points", ingester, Ingester::ingested)
        .description("points written to InfluxDB from the stream")
        .register(registry);
    Map<String, Health.Indicator> indicators =
        Map.of(
            "ingest",
            () -> {
              Ingester.Status status = ingester.status();
              return (status.healthy() ? Health.up() : Health.down())
                  .detail("consumer", scaling.consumer())
                  .detail("detail", status.detail())
                  .detail("ingested", ingester.ingested())
                  .build();
            });
    ActuatorServer actuator =
        ActuatorServer.start(new InetSocketAddress(address, port), indicators, registry);
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  actuator.close();
                  ingester.close();
                  try {
                    connection.close();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  closed.countDown();
                },
                "vigie-shutdown"));
    closed.await();
    return VigieCli.OK;
  }
}
