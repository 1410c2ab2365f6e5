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

/**
 * The collector's settings ({@code vigie.*}), bound by {@link #from} from the command line, the
 * environment ({@code VIGIE_INFLUX_URL} sets {@code vigie.influx.url}) and application.yml, with
 * their defaults. Documented in collector/README.md.
 */
public record VigieProperties(
    Path inventory,
    @Nullable String collectorId,
    Path dataDir,
    Influx influx,
    Writer writer,
    SpoolProperties spool,
    int workers,
    int snmpMaxInFlight,
    Duration reloadInterval,
    Duration selfInterval,
    Probes probes,
    Logs logs) {

  /** Every {@code vigie.*} setting, its default when not set. */
  public static VigieProperties from(Settings s) {
    return new VigieProperties(
        s.path("vigie.inventory", "/etc/vigie/inventory.yml"),
        s.optional("vigie.collector-id"),
        s.path("vigie.data-dir", "/var/lib/vigie"),
        new Influx(
            s.text("vigie.influx.url", "http://127.0.0.1:8086"),
            s.text("vigie.influx.database", "vigie"),
            s.optional("vigie.influx.username"),
            s.optional("vigie.influx.password"),
            s.path("vigie.influx.password-file"),
            s.optional("vigie.influx.retention-policy"),
            s.bool("vigie.influx.gzip", true),
            s.bool("vigie.influx.create-database", false),
            s.duration("vigie.influx.timeout", "30s")),
        new Writer(
            s.integer("vigie.writer.batch-size", 5000),
            s.duration("vigie.writer.flush-interval", "1s"),
            s.duration("vigie.writer.min-backoff", "500ms"),
            s.duration("vigie.writer.max-backoff", "30s")),
        new SpoolProperties(
            s.bytes("vigie.spool.max-size", "512MB"),
            s.bytes("vigie.spool.segment-size", "8MB"),
            s.duration("vigie.spool.sync-interval", "1s")),
        s.integer("vigie.workers", 8),
        s.integer("vigie.snmp-max-in-flight", 256),
        s.duration("vigie.reload-interval", "5s"),
        s.duration("vigie.self-interval", "10s"),
        new Probes(s.path("vigie.probes.trust-store")),
        new Logs(
            s.optional("vigie.logs.udp-address"),
            s.optional("vigie.logs.tcp-address"),
            s.optional("vigie.logs.tls-address"),
            s.path("vigie.logs.tls-certificate"),
            s.path("vigie.logs.tls-key"),
            s.path("vigie.logs.tls-client-ca"),
            s.bytes("vigie.logs.max-message-size", "64KB"),
            s.text("vigie.logs.retention-policy", "logs"),
            s.duration("vigie.logs.retention", "30d"),
            s.bytes("vigie.logs.spool-max-size", "256MB"),
            s.optional("vigie.logs.zone")));
  }

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
      long maxMessageSize,
      String retentionPolicy,
      Duration retention,
      long spoolMaxSize,
      @Nullable String zone) {

    LogsSettings toSettings() {
      return new LogsSettings(
          address("udp-address", udpAddress),
          address("tcp-address", tcpAddress),
          address("tls-address", tlsAddress),
          tlsCertificate,
          tlsKey,
          tlsClientCa,
          Math.toIntExact(maxMessageSize),
          retentionPolicy,
          retention,
          spoolMaxSize,
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
      String url,
      String database,
      @Nullable String username,
      @Nullable String password,
      @Nullable Path passwordFile,
      @Nullable String retentionPolicy,
      boolean gzip,
      boolean createDatabase,
      Duration timeout) {

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
      int batchSize, Duration flushInterval, Duration minBackoff, Duration maxBackoff) {}

  /** The on-disk buffer. */
  public record SpoolProperties(long maxSize, long segmentSize, Duration syncInterval) {}

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
        spool.maxSize(),
        spool.segmentSize(),
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
