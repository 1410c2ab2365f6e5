package io.vigie.alerting.stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vigie.alerting.influx.LineProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint InfluxDB posts the subscription's writes to: {@code POST /write?db=...}, a body
 * of line protocol, as a write to InfluxDB itself. Answers 204 as soon as the points are read and
 * handed on, so that InfluxDB's subscriber never waits on an evaluation. The JDK's HTTP server: a
 * loopback endpoint for one client does not need the web application's stack, and keeps the
 * protocol code free of Spring.
 */
public final class Receiver implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Receiver.class);
  private static final int MAX_BODY = 64 * 1024 * 1024;

  private final HttpServer server;
  private final String database;
  private final Consumer<LineProtocol.Batch> points;

  /**
   * @param address where to listen; port 0 for any free one
   * @param database the only database whose writes are taken (another's are answered 204 and left)
   * @param points given each body's points, on the server's thread
   */
  public Receiver(InetSocketAddress address, String database, Consumer<LineProtocol.Batch> points)
      throws IOException {
    this.database = database;
    this.points = points;
    this.server = HttpServer.create(address, 64);
    // Two threads: InfluxDB sends several writes at once, each is read and queued quickly.
    server.setExecutor(
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "vigie-stream-http");
              t.setDaemon(true);
              return t;
            }));
    server.createContext("/", this::handle);
    server.start();
  }

  /** The port it listens on (the one chosen when asked for 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      URI uri = exchange.getRequestURI();
      if (!"POST".equals(exchange.getRequestMethod()) || !uri.getPath().endsWith("/write")) {
        // InfluxDB's own ping is the only other request a writer makes.
        exchange.sendResponseHeaders(uri.getPath().endsWith("/ping") ? 204 : 404, -1);
        return;
      }
      String db = parameter(uri.getRawQuery(), "db");
      byte[] body = read(exchange);
      if (body == null) {
        exchange.sendResponseHeaders(413, -1);
        return;
      }
      exchange.sendResponseHeaders(204, -1);
      if (database.equals(db)) {
        points.accept(LineProtocol.parse(new String(body, StandardCharsets.UTF_8)));
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("a write from InfluxDB could not be taken: {}", String.valueOf(e.getMessage()));
    }
  }

  private static byte @Nullable [] read(HttpExchange exchange) throws IOException {
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    try (InputStream in =
        "gzip".equalsIgnoreCase(encoding)
            ? new GZIPInputStream(exchange.getRequestBody())
            : exchange.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY + 1);
      return body.length > MAX_BODY ? null : body;
    }
  }

  /** A query parameter's value (InfluxDB sends the database name as written, URL-encoded). */
  static @Nullable String parameter(@Nullable String query, String name) {
    if (query == null) {
      return null;
    }
    int start = 0;
    while (start <= query.length()) {
      int amp = query.indexOf('&', start);
      String pair = query.substring(start, amp < 0 ? query.length() : amp);
      start = amp < 0 ? query.length() + 1 : amp + 1;
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (key.equals(name)) {
        return java.net.URLDecoder.decode(
            eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
