package io.vigie.collector.app;

import io.vigie.collector.CollectorSettings;
import io.vigie.collector.influx.InfluxSettings;
import io.vigie.collector.influx.ShipperSettings;
import io.vigie.collector.logs.LogsSettings;
import io.vigie.model.inventory.Secret;
import io.vigie.model.inventory.SecretResolver;
import io.vigie.model.schema.TagRules;
import io.vigie.model.text.Escape;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
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
    @DefaultValue Probes probes,
    @DefaultValue Logs logs) {

  /**
   * Syslog reception; off unless an address is set. Addresses are {@code HOST:PORT} ({@code
   * 0.0.0.0:514}, {@code [::]:6514}).
   *
   * @param udpAddress where datagrams are received
   * @param tcpAddress where plain TCP is received (octet counting and newline framing)
   * @param tlsAddress where TLS is received (RFC 5425)
   * @param tlsCertificate the receiver's certificate chain, PEM
   * @param tlsKey its private key, PKCS#8 PEM
   * @param tlsClientCa when set, clients must present a certificate from these authorities
   * @param zone zone of timestamps sent without an offset; the system's by default
   */
  public record Logs(
      @Nullable String udpAddress,
      @Nullable String tcpAddress,
      @Nullable String tlsAddress,
      @Nullable Path tlsCertificate,
      @Nullable Path tlsKey,
      @Nullable Path tlsClientCa,
      @DefaultValue("64KB") DataSize maxMessageSize,
      @DefaultValue("logs") String retentionPolicy,
      @DefaultValue("30d") Duration retention,
      @DefaultValue("256MB") DataSize spoolMaxSize,
      @Nullable String zone) {

    LogsSettings toSettings() {
      return new LogsSettings(
          address("udp-address", udpAddress),
          address("tcp-address", tcpAddress),
          address("tls-address", tlsAddress),
          tlsCertificate,
          tlsKey,
          tlsClientCa,
          Math.toIntExact(maxMessageSize.toBytes()),
          retentionPolicy,
          retention,
          spoolMaxSize.toBytes(),
          zone == null || zone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(zone));
    }

    private static @Nullable InetSocketAddress address(String key, @Nullable String value) {
      if (value == null || value.isBlank()) {
        return null;
      }
      String v = value.strip();
      int colon = v.lastIndexOf(':');
      String host = colon < 0 ? "" : v.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      try {
        int port = Integer.parseInt(v.substring(colon + 1));
        if (colon <= 0 || port < 0 || port > 65535) {
          throw new NumberFormatException();
        }
        return new InetSocketAddress(host, port);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "vigie.logs."
                + key
                + " must be HOST:PORT (0.0.0.0:514, [::]:6514), found "
                + Escape.quoted(value));
      }
    }
  }

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
        selfInterval,
        logs.toSettings());
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "collector";
    }
  }
}
