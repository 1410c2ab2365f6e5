package io.vigie.collector.app;

import io.vigie.collector.CollectorSettings;
import io.vigie.collector.influx.InfluxSettings;
import io.vigie.collector.influx.ShipperSettings;
import io.vigie.model.inventory.Secret;
import io.vigie.model.inventory.SecretResolver;
import io.vigie.model.schema.TagRules;
import io.vigie.model.text.Escape;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The collector's settings ({@code vigie.*}), bound from application.yml and the environment
 * ({@code VIGIE_INFLUX_URL} sets {@code vigie.influx.url}). Documented in collector/README.md.
 */
@ConfigurationProperties("vigie")
public record VigieProperties(
    @DefaultValue("/etc/vigie/inventory.yml") Path inventory,
    String collectorId,
    @DefaultValue("/var/lib/vigie") Path dataDir,
    @DefaultValue Influx influx,
    @DefaultValue Writer writer,
    @DefaultValue SpoolProperties spool,
    @DefaultValue("8") int workers,
    @DefaultValue("256") int snmpMaxInFlight,
    @DefaultValue("5s") Duration reloadInterval,
    @DefaultValue("10s") Duration selfInterval,
    @DefaultValue Probes probes) {

  /**
   * Service probes' settings.
   *
   * @param trustStore certificate authorities https probes trust besides the JVM's: a PEM file of
   *     CA certificates, or a PKCS12/JKS keystore without password (a client's private CA)
   */
  public record Probes(@Nullable Path trustStore) {}

  /** Where to write. The password comes from {@code password} or a {@code password-file}. */
  public record Influx(
      @DefaultValue("http://127.0.0.1:8086") String url,
      @DefaultValue("vigie") String database,
      String username,
      String password,
      Path passwordFile,
      String retentionPolicy,
      @DefaultValue("true") boolean gzip,
      @DefaultValue("false") boolean createDatabase,
      @DefaultValue("30s") Duration timeout) {

    @Override
    public String toString() {
      return "Influx[url="
          + io.vigie.model.text.Urls.withoutCredentials(url)
          + ", database="
          + database
          + ", username="
          + username
          + "]";
    }
  }

  /** Batching and retries. */
  public record Writer(
      @DefaultValue("5000") int batchSize,
      @DefaultValue("1s") Duration flushInterval,
      @DefaultValue("500ms") Duration minBackoff,
      @DefaultValue("30s") Duration maxBackoff) {}

  /** The on-disk buffer. */
  public record SpoolProperties(
      @DefaultValue("512MB") DataSize maxSize,
      @DefaultValue("8MB") DataSize segmentSize,
      @DefaultValue("1s") Duration syncInterval) {}

  public CollectorSettings toSettings() {
    Secret password =
        SecretResolver.valueOrFile(
            influx.password(), influx.passwordFile(), "vigie.influx.password-file");
    if (influx.username() != null && !influx.username().isEmpty() && password == null) {
      throw new IllegalArgumentException(
          "vigie.influx.username is set but neither VIGIE_INFLUX_PASSWORD nor"
              + " VIGIE_INFLUX_PASSWORD_FILE is");
    }
    String id = collectorId == null || collectorId.isBlank() ? hostName() : collectorId;
    // The id is the collector tag of every point: one InfluxDB cannot store would have every
    // point refused, so it is refused here, once, at start.
    TagRules.valueProblem(id)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(
                  "vigie.collector-id (VIGIE_COLLECTOR_ID): "
                      + problem
                      + " (found "
                      + Escape.quoted(id)
                      + ")");
            });
    return new CollectorSettings(
        inventory,
        id,
        dataDir,
        new InfluxSettings(
            influx.url(),
            influx.database(),
            influx.username(),
            password,
            influx.retentionPolicy(),
            influx.gzip(),
            influx.createDatabase(),
            influx.timeout()),
        new ShipperSettings(
            writer.batchSize(), writer.flushInterval(), writer.minBackoff(), writer.maxBackoff()),
        spool.maxSize().toBytes(),
        spool.segmentSize().toBytes(),
        spool.syncInterval(),
        workers,
        reloadInterval,
        selfInterval);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "collector";
    }
  }
}
