package io.vigie.dashboards.push;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * NOT a Grafana: a local HTTP server that records the requests a push makes and answers the way
 * Grafana's HTTP API documentation says it answers (status codes and the fields we read), keeping
 * folders and dashboards in memory. It lets the push tests check our side of the contract: the
 * paths, methods, bodies and token we send, and what we do with each answer. It says nothing about
 * whether a real Grafana renders the dashboards; the type check and the query test cover what can
 * be covered without one.
 */
final class RecordingGrafana implements AutoCloseable {
  static final JsonMapper JSON = JsonMapper.builder().build();

  record Request(
      String method, String path, Map<String, String> query, JsonNode body, String auth) {}

  record StoredDashboard(JsonNode dashboard, String folderUid, int version) {
    List<String> tags() {
      List<String> tags = new ArrayList<>();
      dashboard.path("tags").forEach(t -> tags.add(t.asString()));
      return tags;
    }
  }

  private final HttpServer server;
  private final String token;
  final List<Request> requests = new CopyOnWriteArrayList<>();
  final Map<String, String> folders = new LinkedHashMap<>();
  final Map<String, StoredDashboard> dashboards = new LinkedHashMap<>();
  final Set<String> datasources = new java.util.HashSet<>(Set.of("vigie-influxdb"));

  /** Dashboard UIDs Grafana will refuse with a 400, as it does for an invalid dashboard. */
  final Set<String> refuse = new java.util.HashSet<>();

  private int nextId = 1;

  RecordingGrafana(String token) throws IOException {
    this.token = token;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Request> writes() {
    return requests.stream().filter(r -> !r.method().equals("GET")).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private synchronized void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    byte[] raw = exchange.getRequestBody().readAllBytes();
    JsonNode body = raw.length == 0 ? null : JSON.readTree(raw);
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    requests.add(new Request(method, path, query, body, auth));
    if (!("Bearer " + token).equals(auth)) {
      answer(exchange, 401, message("Unauthorized"));
      return;
    }
    String[] parts = path.split("/");
    String last = URLDecoder.decode(parts[parts.length - 1], StandardCharsets.UTF_8);
    if (method.equals("GET") && path.equals("/api/folders")) {
      ArrayNode list = JSON.createArrayNode();
      page(new ArrayList<>(folders.keySet()), query).forEach(uid -> list.add(folder(uid)));
      answer(exchange, 200, list);
    } else if (method.equals("GET") && path.startsWith("/api/folders/")) {
      answer(
          exchange,
          folders.containsKey(last) ? 200 : 404,
          folders.containsKey(last) ? folder(last) : message("folder not found"));
    } else if (method.equals("POST") && path.equals("/api/folders")) {
      String uid = body.path("uid").asString();
      String title = body.path("title").asString();
      if (folders.containsKey(uid) || folders.containsValue(title)) {
        answer(exchange, 409, message("a folder with the same name or uid already exists"));
        return;
      }
      folders.put(uid, title);
      answer(exchange, 200, folder(uid));
    } else if (method.equals("PUT") && path.startsWith("/api/folders/")) {
      if (!folders.containsKey(last)) {
        answer(exchange, 404, message("folder not found"));
        return;
      }
      folders.put(last, body.path("title").asString());
      answer(exchange, 200, folder(last));
    } else if (method.equals("DELETE") && path.startsWith("/api/folders/")) {
      if (folders.remove(last) == null) {
        answer(exchange, 404, message("folder not found"));
        return;
      }
      // Grafana deletes the dashboards of a deleted folder.
      dashboards.values().removeIf(d -> last.equals(d.folderUid()));
      answer(exchange, 200, message("Folder deleted"));
    } else if (method.equals("GET") && path.equals("/api/search")) {
      ArrayNode list = JSON.createArrayNode();
      List<String> hits = new ArrayList<>();
      dashboards.forEach(
          (uid, d) -> {
            boolean tagged = !query.containsKey("tag") || d.tags().contains(query.get("tag"));
            boolean inFolder =
                !query.containsKey("folderUIDs") || query.get("folderUIDs").equals(d.folderUid());
            if (tagged && inFolder) {
              hits.add(uid);
            }
          });
      for (String uid : page(hits, query)) {
        StoredDashboard d = dashboards.get(uid);
        ObjectNode hit =
            JSON.createObjectNode()
                .put("uid", uid)
                .put("title", d.dashboard().path("title").asString())
                .put("type", "dash-db")
                .put("url", "/d/" + uid);
        if (d.folderUid() != null) {
          hit.put("folderUid", d.folderUid());
        }
        hit.set("tags", d.dashboard().path("tags"));
        list.add(hit);
      }
      answer(exchange, 200, list);
    } else if (method.equals("POST") && path.equals("/api/dashboards/db")) {
      saveDashboard(exchange, body);
    } else if (method.equals("DELETE") && path.startsWith("/api/dashboards/uid/")) {
      StoredDashboard removed = dashboards.remove(last);
      answer(
          exchange,
          removed == null ? 404 : 200,
          removed == null ? message("Dashboard not found") : message("Dashboard deleted"));
    } else if (method.equals("GET") && path.startsWith("/api/datasources/uid/")) {
      answer(
          exchange,
          datasources.contains(last) ? 200 : 404,
          datasources.contains(last)
              ? JSON.createObjectNode().put("uid", last).put("type", "influxdb")
              : message("Data source not found"));
    } else {
      answer(exchange, 404, message("Not found"));
    }
  }

  private void saveDashboard(HttpExchange exchange, JsonNode body) throws IOException {
    JsonNode dashboard = body.path("dashboard");
    String uid = dashboard.path("uid").asString("");
    String folderUid = body.path("folderUid").asString(null);
    if (dashboard.path("title").asString("").isBlank()
        || uid.length() > 40
        || refuse.contains(uid)) {
      answer(exchange, 400, message("Dashboard title cannot be empty or uid too long"));
      return;
    }
    if (folderUid != null && !folders.containsKey(folderUid)) {
      answer(exchange, 400, message("folder not found"));
      return;
    }
    StoredDashboard existing = dashboards.get(uid);
    if (existing != null && !body.path("overwrite").asBoolean(false)) {
      answer(exchange, 412, message("A dashboard with the same uid already exists"));
      return;
    }
    int version = existing == null ? 1 : existing.version() + 1;
    dashboards.put(uid, new StoredDashboard(dashboard, folderUid, version));
    answer(
        exchange,
        200,
        JSON.createObjectNode()
            .put("id", nextId++)
            .put("uid", uid)
            .put("url", "/d/" + uid)
            .put("status", "success")
            .put("version", version));
  }

  private ObjectNode folder(String uid) {
    return JSON.createObjectNode()
        .put("uid", uid)
        .put("title", folders.get(uid))
        .put("id", uid.hashCode());
  }

  private static List<String> page(List<String> all, Map<String, String> query) {
    int limit = Integer.parseInt(query.getOrDefault("limit", "1000"));
    int page = Integer.parseInt(query.getOrDefault("page", "1"));
    int from = Math.min(all.size(), (page - 1) * limit);
    return all.subList(from, Math.min(all.size(), from + limit));
  }

  private static ObjectNode message(String text) {
    return JSON.createObjectNode().put("message", text);
  }

  private static void answer(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> params = new HashMap<>();
    if (raw == null) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      params.put(
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }
}
