package io.vigie.collector.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every setting of collector/README.md, bound as Spring Boot's relaxed binding bound it: its
 * default, from its environment variable, and from the command line, which wins.
 */
class SettingsTest {
  @TempDir Path dir;

  private static Settings settings(List<String> commandLine, Map<String, String> env) {
    return Settings.load(commandLine, env, new Properties());
  }

  private static VigieProperties bind(List<String> commandLine, Map<String, String> env) {
    Settings s = settings(commandLine, env);
    VigieProperties p = VigieProperties.from(s);
    s.checkUnknown();
    s.check();
    return p;
  }

  static Stream<Arguments> table() {
    return Stream.of(
        row(
            "vigie.inventory",
            "/etc/vigie/inventory.yml",
            "/x/inv.yml",
            p -> p.inventory().toString()),
        row("vigie.collector-id", null, "dc1", VigieProperties::collectorId),
        row("vigie.data-dir", "/var/lib/vigie", "/x/data", p -> p.dataDir().toString()),
        row("vigie.workers", 8, "3", VigieProperties::workers),
        row("vigie.snmp-max-in-flight", 256, "64", VigieProperties::snmpMaxInFlight),
        row("vigie.probes.trust-store", null, "/x/ca.pem", p -> str(p.probes().trustStore())),
        row("vigie.logs.udp-address", null, "0.0.0.0:514", p -> p.logs().udpAddress()),
        row("vigie.logs.tcp-address", null, "0.0.0.0:514", p -> p.logs().tcpAddress()),
        row("vigie.logs.tls-address", null, "0.0.0.0:6514", p -> p.logs().tlsAddress()),
        row("vigie.logs.tls-certificate", null, "/x/c.pem", p -> str(p.logs().tlsCertificate())),
        row("vigie.logs.tls-key", null, "/x/k.pem", p -> str(p.logs().tlsKey())),
        row("vigie.logs.tls-client-ca", null, "/x/ca.pem", p -> str(p.logs().tlsClientCa())),
        row("vigie.logs.max-message-size", 65536L, "8KB", p -> p.logs().maxMessageSize()),
        row("vigie.logs.retention-policy", "logs", "syslog", p -> p.logs().retentionPolicy()),
        row("vigie.logs.retention", Duration.ofDays(30), "0", p -> p.logs().retention()),
        row("vigie.logs.spool-max-size", 256L << 20, "1GB", p -> p.logs().spoolMaxSize()),
        row("vigie.logs.zone", null, "Europe/Paris", p -> p.logs().zone()),
        row(
            "vigie.reload-interval",
            Duration.ofSeconds(5),
            "200ms",
            VigieProperties::reloadInterval),
        row("vigie.self-interval", Duration.ofSeconds(10), "1m", VigieProperties::selfInterval),
        row("vigie.influx.url", "http://127.0.0.1:8086", "http://i:8086", p -> p.influx().url()),
        row("vigie.influx.database", "vigie", "noc", p -> p.influx().database()),
        row("vigie.influx.retention-policy", null, "rp", p -> p.influx().retentionPolicy()),
        row("vigie.influx.username", null, "vigie", p -> p.influx().username()),
        row("vigie.influx.password", null, "s3cret", p -> p.influx().password()),
        row("vigie.influx.password-file", null, "/run/s/p", p -> str(p.influx().passwordFile())),
        row("vigie.influx.gzip", true, "false", p -> p.influx().gzip()),
        row("vigie.influx.create-database", false, "true", p -> p.influx().createDatabase()),
        row("vigie.influx.timeout", Duration.ofSeconds(30), "PT5S", p -> p.influx().timeout()),
        row("vigie.writer.batch-size", 5000, "10000", p -> p.writer().batchSize()),
        row(
            "vigie.writer.flush-interval",
            Duration.ofSeconds(1),
            "100ms",
            p -> p.writer().flushInterval()),
        row(
            "vigie.writer.min-backoff",
            Duration.ofMillis(500),
            "50ms",
            p -> p.writer().minBackoff()),
        row(
            "vigie.writer.max-backoff",
            Duration.ofSeconds(30),
            "300ms",
            p -> p.writer().maxBackoff()),
        row("vigie.spool.max-size", 512L << 20, "64MB", p -> p.spool().maxSize()),
        row("vigie.spool.segment-size", 8L << 20, "1MB", p -> p.spool().segmentSize()),
        row(
            "vigie.spool.sync-interval",
            Duration.ofSeconds(1),
            "2s",
            p -> p.spool().syncInterval()));
  }

  private static Arguments row(
      String key, Object fallback, String text, Function<VigieProperties, Object> read) {
    return Arguments.of(key, fallback, text, read);
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }

  /** The environment variable of a key: upper case, dots and dashes as underscores. */
  private static String env(String key) {
    return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void defaultEnvironmentAndCommandLine(
      String key, Object fallback, String text, Function<VigieProperties, Object> read) {
    assertThat(read.apply(bind(List.of(), Map.of()))).as("default").isEqualTo(fallback);
    Object fromEnv = read.apply(bind(List.of(), Map.of(env(key), text)));
    assertThat(fromEnv).as(env(key)).isNotEqualTo(fallback);
    Object fromLine = read.apply(bind(List.of("--" + key + "=" + text), Map.of()));
    assertThat(fromLine).as("--" + key).isEqualTo(fromEnv);
    // The command line wins over the environment, which wins over the default.
    assertThat(read.apply(bind(List.of("--" + key + "=" + text), Map.of(env(key), "unused-value"))))
        .isEqualTo(fromEnv);
  }

  @Test
  void relaxedSpellingsOfOneKey() {
    for (var spelling :
        List.of(
            Map.entry("--vigie.writer.batchSize=7", Map.<String, String>of()),
            Map.entry("--vigie.writer.batch_size=7", Map.<String, String>of()),
            Map.entry("--vigie.writer.batch-size=7", Map.of("VIGIE_WRITER_BATCHSIZE", "9")))) {
      assertThat(bind(List.of(spelling.getKey()), spelling.getValue()).writer().batchSize())
          .as(spelling.getKey())
          .isEqualTo(7);
    }
    assertThat(bind(List.of(), Map.of("VIGIE_WRITER_BATCHSIZE", "9")).writer().batchSize())
        .isEqualTo(9);
  }

  @Test
  void httpAddressFromServerSettingsOrTheVigieVariables() {
    assertThat(http(settings(List.of(), Map.of()))).isEqualTo("127.0.0.1:9273");
    assertThat(
            http(
                settings(
                    List.of(), Map.of("VIGIE_HTTP_PORT", "9300", "VIGIE_HTTP_ADDRESS", "0.0.0.0"))))
        .isEqualTo("0.0.0.0:9300");
    assertThat(http(settings(List.of("--server.port=9400"), Map.of("VIGIE_HTTP_PORT", "9300"))))
        .isEqualTo("127.0.0.1:9400");
  }

  private static String http(Settings s) {
    var address = CollectorService.httpAddress(s);
    return address.getHostString() + ":" + address.getPort();
  }

  @Test
  void applicationYmlInTheWorkingDirectoryOrNamedBySpringConfigLocation() throws Exception {
    Path yml =
        Files.writeString(
            dir.resolve("collector.yml"),
            """
            vigie:
              writer:
                batch-size: 1234
              influx:
                url: http://from-file:8086
            logging:
              level:
                io.vigie.collector: DEBUG
            """);
    Settings s =
        settings(
            List.of("--spring.config.location=file:" + yml),
            Map.of("VIGIE_INFLUX_URL", "http://from-env:8086"));
    VigieProperties p = VigieProperties.from(s);
    assertThat(p.writer().batchSize()).isEqualTo(1234);
    // The environment wins over a file, as with Spring.
    assertThat(p.influx().url()).isEqualTo("http://from-env:8086");
    assertThat(s.loggingLevels()).containsEntry("io.vigie.collector", "DEBUG");
    assertThatThrownBy(
            () ->
                settings(List.of("--spring.config.location=" + dir.resolve("none.yml")), Map.of()))
        .hasMessageContaining("spring.config.location")
        .hasMessageContaining("none.yml");
  }

  @Test
  void loggingLevelsFromTheCommandLineAndTheEnvironment() {
    Settings s =
        settings(
            List.of("--logging.level.io.vigie.collector.snmp=TRACE"),
            Map.of("LOGGING_LEVEL_ORG_APACHE_SSHD", "WARN", "LOGGING_LEVEL_ROOT", "ERROR"));
    assertThat(s.loggingLevels())
        .containsEntry("io.vigie.collector.snmp", "TRACE")
        .containsEntry("org.apache.sshd", "WARN")
        .containsEntry("root", "ERROR");
  }

  @Test
  void everyBadValueAndUnknownKeyIsReportedNamingTheKeyButNeverASecret() {
    Settings s =
        settings(
            List.of(
                "--vigie.workers=many",
                "--vigie.writer.flush-interval=soon",
                "--vigie.spool.max-size=huge",
                "--vigie.writer.batchsize-typo=1"),
            Map.of("VIGIE_INFLUX_GZIP", "perhaps", "VIGIE_UNRELATED", "x"));
    VigieProperties.from(s);
    s.checkUnknown();
    assertThatThrownBy(s::check)
        .hasMessageContaining(
            "vigie.workers (--vigie.workers): must be a whole number, found \"many\"")
        .hasMessageContaining("vigie.writer.flush-interval")
        .hasMessageContaining("\"soon\"")
        .hasMessageContaining("vigie.spool.max-size")
        .hasMessageContaining("vigie.influx.gzip (VIGIE_INFLUX_GZIP): must be true or false")
        .hasMessageContaining("--vigie.writer.batchsize-typo: no such setting")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("VIGIE_UNRELATED"));
    // A value found for a secret is not repeated in the message.
    Settings secret = settings(List.of(), Map.of("VIGIE_INFLUX_PASSWORD", "s3cret"));
    assertThat(VigieProperties.from(secret).influx().toString()).doesNotContain("s3cret");
  }

  @Test
  void springsDurationAndSizeSyntax() {
    assertThat(Settings.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Settings.parseDuration("250")).isEqualTo(Duration.ofMillis(250));
    assertThat(Settings.parseDuration("30d")).isEqualTo(Duration.ofDays(30));
    assertThat(Settings.parseDuration("10us")).isEqualTo(Duration.ofNanos(10_000));
    assertThat(Settings.parseDuration("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Settings.parseSize("64KB")).isEqualTo(65536);
    assertThat(Settings.parseSize("2gb")).isEqualTo(2L << 30);
    assertThat(Settings.parseSize("100")).isEqualTo(100);
    assertThatThrownBy(() -> Settings.parseSize("1.5MB"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Settings.parseBoolean("on")).isTrue();
    assertThat(Settings.parseBoolean("NO")).isFalse();
  }
}
