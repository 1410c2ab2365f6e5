package io.vigie.collector.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class VigiePropertiesTest {

  private static VigieProperties withCollectorId(String id) {
    return with(id, logs(null, null));
  }

  private static VigieProperties.Logs logs(String udp, String tls) {
    return new VigieProperties.Logs(
        udp, null, tls, null, null, null, 64L << 10, "logs", Duration.ofDays(30), 256L << 20, null);
  }

  private static VigieProperties with(String id, VigieProperties.Logs logs) {
    return new VigieProperties(
        Path.of("inventory.yml"),
        id,
        Path.of("data"),
        new VigieProperties.Influx(
            "http://127.0.0.1:8086",
            "vigie",
            null,
            null,
            null,
            null,
            true,
            false,
            Duration.ofSeconds(30)),
        new VigieProperties.Writer(
            5000, Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(30)),
        new VigieProperties.SpoolProperties(512L << 20, 8L << 20, Duration.ofSeconds(1)),
        8,
        256,
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        new VigieProperties.Probes(null),
        logs);
  }

  @Test
  void logsAreOffUnlessAnAddressIsGiven() {
    assertThat(withCollectorId("c").toSettings().logs().enabled()).isFalse();
    var logs = with("c", logs("[::1]:5514", null)).toSettings().logs();
    assertThat(logs.enabled()).isTrue();
    assertThat(logs.udp()).isNotNull();
    assertThat(logs.udp().getPort()).isEqualTo(5514);
    assertThat(logs.udp().getAddress().isLoopbackAddress()).isTrue();
  }

  @Test
  void aLogsAddressWithoutPortOrTlsWithoutCertificateIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> with("c", logs("0.0.0.0", null)).toSettings())
        .hasMessageContaining("vigie.logs.udp-address")
        .hasMessageContaining("HOST:PORT")
        .hasMessageContaining("\"0.0.0.0\"");
    assertThatThrownBy(() -> with("c", logs(null, "0.0.0.0:6514")).toSettings())
        .hasMessageContaining("VIGIE_LOGS_TLS_CERTIFICATE");
  }

  @Test
  void aCollectorIdInfluxDbCannotStoreIsRefusedAtStartNotOnEveryPoint() {
    // The id is the collector tag of every point: with a trailing backslash InfluxDB refused them
    // all, one by one, into rejected.lp.
    assertThatThrownBy(() -> withCollectorId("dc1\\").toSettings())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vigie.collector-id")
        .hasMessageContaining("\"dc1\\\\\"")
        .hasMessageContaining("backslash");
    assertThatThrownBy(() -> withCollectorId("two\nlines").toSettings())
        .hasMessageContaining("\"two\\nlines\"")
        .hasMessageContaining("line feed");
  }

  @Test
  void anOrdinaryCollectorIdIsKeptAsWritten() {
    assertThat(withCollectorId("site paris, rack=2").toSettings().collectorId())
        .isEqualTo("site paris, rack=2");
  }

  @Test
  void aPasswordWrittenInTheInfluxUrlIsNotShown() {
    VigieProperties.Influx influx =
        new VigieProperties.Influx(
            "http://vigie:s3cret@influx:8086",
            "vigie",
            null,
            null,
            null,
            null,
            true,
            false,
            Duration.ofSeconds(30));
    assertThat(influx.toString()).doesNotContain("s3cret").contains("http://***@influx:8086");
  }
}
