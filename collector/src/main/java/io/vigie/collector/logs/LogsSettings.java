package io.vigie.collector.logs;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;

/**
 * The syslog receiver's settings. Reception is off unless at least one address is given: a
 * collector does not open ports nobody asked for.
 *
 * @param udp where to receive datagrams, or null
 * @param tcp where to receive plain TCP (RFC 6587, both framings), or null
 * @param tls where to receive TLS (RFC 5425), or null; it needs {@code tlsCertificate} and {@code
 *     tlsKey}
 * @param tlsCertificate the receiver's certificate chain, PEM
 * @param tlsKey its private key, PKCS#8 PEM
 * @param tlsClientCa authorities whose client certificates are required, or null for none required
 * @param maxMessageBytes longer messages are cut (and counted), never dropped
 * @param retentionPolicy the InfluxDB retention policy of the logs, apart from the metrics'
 * @param retention how long that policy keeps lines; it is created, or altered, at start
 * @param spoolMaxBytes the logs' own spool's bound (lines past it are dropped and counted)
 * @param zone the zone of timestamps sent without an offset (RFC 3164's)
 */
public record LogsSettings(
    @Nullable InetSocketAddress udp,
    @Nullable InetSocketAddress tcp,
    @Nullable InetSocketAddress tls,
    @Nullable Path tlsCertificate,
    @Nullable Path tlsKey,
    @Nullable Path tlsClientCa,
    int maxMessageBytes,
    String retentionPolicy,
    Duration retention,
    long spoolMaxBytes,
    ZoneId zone) {

  /** No reception at all: the default. */
  public static LogsSettings off() {
    return new LogsSettings(
        null,
        null,
        null,
        null,
        null,
        null,
        SyslogReceiver.DEFAULT_MAX_BYTES,
        "logs",
        Duration.ofDays(30),
        256L << 20,
        ZoneId.systemDefault());
  }

  /** Whether anything listens. */
  public boolean enabled() {
    return udp != null || tcp != null || tls != null;
  }

  public LogsSettings {
    if (tls != null && (tlsCertificate == null || tlsKey == null)) {
      throw new IllegalArgumentException(
          "vigie.logs.tls-address (VIGIE_LOGS_TLS_ADDRESS) is set: vigie.logs.tls-certificate and"
              + " vigie.logs.tls-key (VIGIE_LOGS_TLS_CERTIFICATE, VIGIE_LOGS_TLS_KEY) must be too");
    }
    if (maxMessageBytes < 480) {
      throw new IllegalArgumentException(
          "vigie.logs.max-message-size must be at least 480 bytes (RFC 5424's minimum), found "
              + maxMessageBytes);
    }
    if (retention.compareTo(Duration.ofHours(1)) < 0 && !retention.isZero()) {
      throw new IllegalArgumentException(
          "vigie.logs.retention must be 1h at least (InfluxDB's minimum) or 0 (forever), found "
              + retention);
    }
  }
}
