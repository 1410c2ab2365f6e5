package io.vigie.collector.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The health and metrics pages as Spring Boot Actuator served them: the JSON's shape and each
 * status's HTTP code (DEGRADED answers 200, DOWN 503), the Prometheus page's content types, names
 * and name filter.
 */
class ActuatorServerTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicReference<Health> writes = new AtomicReference<>(Health.up().build());
  private ActuatorServer server;

  private ActuatorServer start() throws Exception {
    Map<String, Health.Indicator> indicators = new LinkedHashMap<>();
    indicators.put("writes", writes::get);
    indicators.put(
        "spool", () -> Health.up().detail("pendingPoints", 3).detail("bytes", 120L).build());
    indicators.put("influx", () -> Health.up().detail("detail", "ok").build());
    indicators.put("ping", () -> Health.up().build());
    server = ActuatorServer.start(new InetSocketAddress("127.0.0.1", 0), indicators, registry);
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    registry.close();
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path))
            .timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthIsUpWithItsComponentsSortedAndTheirDetailsInOrder() throws Exception {
    start();
    HttpResponse<String> up = get("/actuator/health");
    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(up.headers().firstValue("Content-Type"))
        .hasValue("application/vnd.spring-boot.actuator.v3+json");
    // Byte for byte as Actuator wrote it: what scripts grep ('"status":"UP"') stays true.
    assertThat(up.body())
        .isEqualTo(
            "{\"components\":{"
                + "\"influx\":{\"details\":{\"detail\":\"ok\"},\"status\":\"UP\"},"
                + "\"ping\":{\"status\":\"UP\"},"
                + "\"spool\":{\"details\":{\"pendingPoints\":3,\"bytes\":120},\"status\":\"UP\"},"
                + "\"writes\":{\"status\":\"UP\"}},"
                + "\"status\":\"UP\"}");
    assertThat(
            get("/actuator/health", "Accept", "application/json")
                .headers()
                .firstValue("Content-Type"))
        .hasValue("application/json");
    HttpResponse<String> one = get("/actuator/health/spool");
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(one.body())
        .isEqualTo("{\"details\":{\"pendingPoints\":3,\"bytes\":120},\"status\":\"UP\"}");
    assertThat(get("/actuator/health/nothing").statusCode()).isEqualTo(404);
  }

  @Test
  void degradedIsWorseThanUpButAnswers200() throws Exception {
    start();
    writes.set(Health.status(WritesHealth.DEGRADED).detail("rejectedPoints", 2).build());
    HttpResponse<String> degraded = get("/actuator/health");
    assertThat(degraded.statusCode()).isEqualTo(200);
    JsonNode json = JsonMapper.builder().build().readTree(degraded.body());
    assertThat(json.path("status").asString()).isEqualTo("DEGRADED");
    assertThat(json.path("components").path("writes").path("status").asString())
        .isEqualTo("DEGRADED");
    assertThat(json.path("components").path("writes").path("description").asString())
        .isEqualTo("InfluxDB refused points recently");
    assertThat(
            json.path("components").path("writes").path("details").path("rejectedPoints").asInt())
        .isEqualTo(2);
    assertThat(get("/actuator/health/writes").statusCode()).isEqualTo(200);
  }

  @Test
  void downAnswers503AndOutranksDegraded() throws Exception {
    start();
    writes.set(Health.status(WritesHealth.DEGRADED).build());
    server.close();
    Map<String, Health.Indicator> indicators = new LinkedHashMap<>();
    indicators.put("writes", writes::get);
    indicators.put("influx", () -> Health.down().detail("detail", "connection refused").build());
    indicators.put(
        "inventory",
        () -> {
          throw new IllegalStateException("broken");
        });
    server = ActuatorServer.start(new InetSocketAddress("127.0.0.1", 0), indicators, registry);
    HttpResponse<String> down = get("/actuator/health");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body())
        .startsWith("{\"components\":{\"influx\":{\"details\"")
        .endsWith(",\"status\":\"DOWN\"}");
    JsonNode json = JsonMapper.builder().build().readTree(down.body());
    // A failing indicator is DOWN with its exception, as in Actuator, not a failed page.
    assertThat(json.path("components").path("inventory").path("details").path("error").asString())
        .isEqualTo("java.lang.IllegalStateException: broken");
    assertThat(get("/actuator/health/influx").statusCode()).isEqualTo(503);
  }

  @Test
  void prometheusPageHasTheMetersUnderPrometheusNamesInTheAskedFormat() throws Exception {
    Counter.builder("vigie.points.written").register(registry).increment(5);
    Timer.builder("vigie.poll.duration").tag("kind", "snmp").register(registry);
    registry.gauge("vigie.spool.pending", 7);
    start();
    HttpResponse<String> text = get("/actuator/prometheus");
    assertThat(text.statusCode()).isEqualTo(200);
    assertThat(text.headers().firstValue("Content-Type"))
        .hasValue("text/plain;version=0.0.4;charset=utf-8");
    assertThat(text.body())
        .contains("# TYPE vigie_points_written_total counter")
        .contains("vigie_points_written_total 5.0")
        .contains("vigie_poll_duration_seconds_count{kind=\"snmp\"} 0")
        .contains("vigie_spool_pending 7.0");

    HttpResponse<String> open =
        get(
            "/actuator/prometheus",
            "Accept",
            "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
    assertThat(open.headers().firstValue("Content-Type"))
        .hasValue("application/openmetrics-text;version=1.0.0;charset=utf-8");
    assertThat(open.body()).contains("vigie_points_written_total 5.0").endsWith("# EOF\n");

    // Names as the Prometheus registry knows them: a counter's without its _total suffix.
    String filtered =
        get("/actuator/prometheus?includedNames=vigie_spool_pending,vigie_points_written").body();
    assertThat(filtered)
        .contains("vigie_spool_pending 7.0")
        .contains("vigie_points_written_total 5.0")
        .doesNotContain("vigie_poll_duration");
  }

  @Test
  void otherPathsAndMethods() throws Exception {
    start();
    assertThat(get("/actuator/info").body()).isEqualTo("{}");
    assertThat(get("/actuator").body()).contains("\"health\":{\"href\":\"http://127.0.0.1:");
    assertThat(get("/").statusCode()).isEqualTo(404);
    HttpResponse<String> post =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + server.address().getPort() + "/actuator/health"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  @Test
  void includedNamesAsActuatorReadThem() {
    assertThat(ActuatorServer.includedNames(null)).isNull();
    assertThat(ActuatorServer.includedNames("x=1")).isNull();
    assertThat(ActuatorServer.includedNames("includedNames=a,b&includedNames=c"))
        .containsExactly("a", "b", "c");
  }
}
