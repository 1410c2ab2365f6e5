package io.vigie.collector.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The collector's health and metrics pages on the JDK's HTTP server, at the paths and in the shapes
 * Spring Boot Actuator gave them (decision 0015): {@code /actuator/health} (a component each,
 * sorted, then the overall status, the worst of them; 503 when DOWN), {@code
 * /actuator/health/NAME}, {@code /actuator/prometheus} ({@code ?includedNames=a,b}; OpenMetrics
 * when asked by {@code Accept}), {@code /actuator/info} and {@code /actuator}. One thread answers:
 * the pages are read by a health check and a scraper, a few times a minute.
 */
public final class ActuatorServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ActuatorServer.class);
  static final String ACTUATOR_JSON = "application/vnd.spring-boot.actuator.v3+json";
  static final String TEXT_004 = "text/plain;version=0.0.4;charset=utf-8";
  static final String OPENMETRICS = "application/openmetrics-text;version=1.0.0;charset=utf-8";

  private final SortedMap<String, Health.Indicator> indicators;
  private final PrometheusMeterRegistry registry;
  private final HttpServer server;
  private final ExecutorService executor;

  private ActuatorServer(
      HttpServer server,
      Map<String, Health.Indicator> indicators,
      PrometheusMeterRegistry registry) {
    this.server = server;
    this.indicators = new TreeMap<>(indicators);
    this.registry = registry;
    this.executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "vigie-http");
              t.setDaemon(true);
              return t;
            });
  }

  /** Listens on the address (port 0: any free port) and answers until closed. */
  public static ActuatorServer start(
      InetSocketAddress address,
      Map<String, Health.Indicator> indicators,
      PrometheusMeterRegistry registry)
      throws IOException {
    ActuatorServer actuator =
        new ActuatorServer(HttpServer.create(address, 16), indicators, registry);
    actuator.server.createContext("/", actuator::handle);
    actuator.server.setExecutor(actuator.executor);
    actuator.server.start();
    return actuator;
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, null, new byte[0]);
        return;
      }
      String path = exchange.getRequestURI().getPath();
      if (path.endsWith("/") && path.length() > 1) {
        path = path.substring(0, path.length() - 1);
      }
      if (path.equals("/actuator/health")) {
        Health overall = health();
        sendJson(exchange, overall.status().httpStatus(), overall.details());
      } else if (path.startsWith("/actuator/health/")) {
        Health.Indicator indicator = indicators.get(path.substring("/actuator/health/".length()));
        if (indicator == null) {
          send(exchange, 404, null, new byte[0]);
        } else {
          Health health = ask(indicator);
          sendJson(exchange, health.status().httpStatus(), component(health));
        }
      } else if (path.equals("/actuator/prometheus")) {
        prometheus(exchange);
      } else if (path.equals("/actuator/info")) {
        sendJson(exchange, 200, Map.of());
      } else if (path.equals("/actuator")) {
        sendJson(exchange, 200, links(exchange));
      } else {
        send(exchange, 404, null, new byte[0]);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("answering {} failed", exchange.getRequestURI().getPath(), e);
    }
  }

  /** Every component, then the worst status; the details of the result are the JSON's body. */
  Health health() {
    Map<String, Object> components = new LinkedHashMap<>();
    Health.Status worst = Health.Status.UNKNOWN;
    for (Map.Entry<String, Health.Indicator> e : indicators.entrySet()) {
      Health health = ask(e.getValue());
      components.put(e.getKey(), component(health));
      if (health.status().rank() < worst.rank()) {
        worst = health.status();
      }
    }
    if (indicators.isEmpty()) {
      worst = Health.Status.UP;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("components", components);
    body.put("status", worst.code());
    return new Health(worst, body);
  }

  private static Health ask(Health.Indicator indicator) {
    try {
      return indicator.health();
    } catch (RuntimeException e) {
      // As Actuator: a failing indicator is DOWN with its exception, not a failed page.
      return Health.down().detail("error", e.getClass().getName() + ": " + e.getMessage()).build();
    }
  }

  /** Actuator's order: description when there is one, details when any, then status. */
  private static Map<String, Object> component(Health health) {
    Map<String, Object> c = new LinkedHashMap<>();
    if (!health.status().description().isEmpty()) {
      c.put("description", health.status().description());
    }
    if (!health.details().isEmpty()) {
      c.put("details", health.details());
    }
    c.put("status", health.status().code());
    return c;
  }

  private void prometheus(HttpExchange exchange) throws IOException {
    String accept = exchange.getRequestHeaders().getFirst("Accept");
    String type =
        accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS : TEXT_004;
    ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
    registry.scrape(body, type, includedNames(exchange.getRequestURI().getRawQuery()));
    send(exchange, 200, type, body.toByteArray());
  }

  /** {@code includedNames=a,b} (or repeated), as Actuator's scrape endpoint took it; null: all. */
  static @Nullable Set<String> includedNames(@Nullable String rawQuery) {
    if (rawQuery == null) {
      return null;
    }
    Set<String> names = new LinkedHashSet<>();
    boolean given = false;
    for (String pair : rawQuery.split("&", -1)) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (key.equals("includedNames")) {
        given = true;
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        for (String name : value.split(",", -1)) {
          if (!name.isBlank()) {
            names.add(name.strip());
          }
        }
      }
    }
    return given ? names : null;
  }

  private Map<String, Object> links(HttpExchange exchange) {
    String host = exchange.getRequestHeaders().getFirst("Host");
    String base = "http://" + (host == null ? "127.0.0.1" : host) + "/actuator";
    Map<String, Object> links = new LinkedHashMap<>();
    links.put("self", link(base, false));
    links.put("info", link(base + "/info", false));
    links.put("health-path", link(base + "/health/{*path}", true));
    links.put("health", link(base + "/health", false));
    links.put("prometheus", link(base + "/prometheus", false));
    return Map.of("_links", links);
  }

  private static Map<String, Object> link(String href, boolean templated) {
    Map<String, Object> link = new LinkedHashMap<>();
    link.put("href", href);
    link.put("templated", templated);
    return link;
  }

  private void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
    String accept = exchange.getRequestHeaders().getFirst("Accept");
    String type =
        accept != null && accept.contains("application/json") && !accept.contains("actuator")
            ? "application/json"
            : ACTUATOR_JSON;
    send(exchange, status, type, Json.MAPPER.writeValueAsBytes(body));
  }

  private static void send(HttpExchange exchange, int status, @Nullable String type, byte[] body)
      throws IOException {
    if (type != null) {
      exchange.getResponseHeaders().set("Content-Type", type);
    }
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** Made at the first JSON answer: Jackson is some 530 classes a collector may never need. */
  private static final class Json {
    static final JsonMapper MAPPER = JsonMapper.builder().build();
  }
}
