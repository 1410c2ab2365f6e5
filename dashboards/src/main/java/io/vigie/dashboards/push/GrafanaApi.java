package io.vigie.dashboards.push;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The few calls of Grafana's HTTP API that a push needs (folders, dashboards by UID, search),
 * authenticated with a service-account token. Documented at
 * https://grafana.com/docs/grafana/latest/developers/http_api/.
 */
public final class GrafanaApi {
  private static final int PAGE = 1000;

  private final URI base;
  private final String token;
  private final HttpClient http;
  private final JsonMapper json = JsonMapper.builder().build();

  public GrafanaApi(URI base, String token) {
    this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** A dashboard or folder that search found. */
  public record Hit(String uid, String title, @Nullable String folderUid, List<String> tags) {}

  public Optional<Hit> folder(String uid) {
    JsonNode node = sendOrNullIfNotFound("GET", "api/folders/" + encode(uid));
    return node == null
        ? Optional.empty()
        : Optional.of(new Hit(uid, node.path("title").asString(), null, List.of()));
  }

  public List<Hit> folders() {
    List<Hit> all = new ArrayList<>();
    for (int page = 1; ; page++) {
      JsonNode nodes = send("GET", "api/folders?limit=" + PAGE + "&page=" + page, null);
      for (JsonNode n : nodes) {
        all.add(new Hit(n.path("uid").asString(), n.path("title").asString(), null, List.of()));
      }
      if (nodes.size() < PAGE) {
        return all;
      }
    }
  }

  public void createFolder(String uid, String title) {
    ObjectNode body = json.createObjectNode().put("uid", uid).put("title", title);
    send("POST", "api/folders", body);
  }

  public void renameFolder(String uid, String title) {
    ObjectNode body = json.createObjectNode().put("title", title).put("overwrite", true);
    send("PUT", "api/folders/" + encode(uid), body);
  }

  public void deleteFolder(String uid) {
    send("DELETE", "api/folders/" + encode(uid), null);
  }

  /** Dashboards carrying {@code tag}, every page of them. */
  public List<Hit> dashboardsTagged(String tag) {
    return search("tag=" + encode(tag));
  }

  /** Dashboards in a folder. */
  public List<Hit> dashboardsIn(String folderUid) {
    return search("folderUIDs=" + encode(folderUid));
  }

  private List<Hit> search(String filter) {
    List<Hit> all = new ArrayList<>();
    for (int page = 1; ; page++) {
      JsonNode nodes =
          send(
              "GET",
              "api/search?type=dash-db&" + filter + "&limit=" + PAGE + "&page=" + page,
              null);
      for (JsonNode n : nodes) {
        List<String> tags = new ArrayList<>();
        n.path("tags").forEach(t -> tags.add(t.asString()));
        all.add(
            new Hit(
                n.path("uid").asString(),
                n.path("title").asString(),
                n.path("folderUid").asString(""),
                tags));
      }
      if (nodes.size() < PAGE) {
        return all;
      }
    }
  }

  /** Creates or overwrites the dashboard with the same UID, in {@code folderUid}. */
  public void saveDashboard(JsonNode dashboard, String folderUid) {
    ObjectNode body = json.createObjectNode();
    body.set("dashboard", dashboard);
    body.put("folderUid", folderUid);
    body.put("overwrite", true);
    body.put("message", "vigie dashboards push");
    send("POST", "api/dashboards/db", body);
  }

  public void deleteDashboard(String uid) {
    send("DELETE", "api/dashboards/uid/" + encode(uid), null);
  }

  public boolean datasourceExists(String uid) {
    return sendOrNullIfNotFound("GET", "api/datasources/uid/" + encode(uid)) != null;
  }

  /** Sends a request; any status but 2xx is an error. */
  private JsonNode send(String method, String path, @Nullable JsonNode body) {
    return Objects.requireNonNull(
        exchange(method, path, body, false), "only a tolerated 404 gives no body");
  }

  /** Sends a request without a body; a 404 gives null instead of an error. */
  private @Nullable JsonNode sendOrNullIfNotFound(String method, String path) {
    return exchange(method, path, null, true);
  }

  /** Sends a request; with {@code notFoundIsEmpty}, a 404 gives null instead of an error. */
  private @Nullable JsonNode exchange(
      String method, String path, @Nullable JsonNode body, boolean notFoundIsEmpty) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json");
    if (body != null) {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new GrafanaException(
          0, method + " " + path + ": Grafana unreachable at " + base + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GrafanaException(0, method + " " + path + ": interrupted");
    }
    int status = response.statusCode();
    if (status == 404 && notFoundIsEmpty) {
      return null;
    }
    if (status / 100 != 2) {
      throw new GrafanaException(
          status, method + " " + path + ": " + status + " " + message(response.body()));
    }
    String text = response.body();
    return text == null || text.isBlank() ? json.createObjectNode() : json.readTree(text);
  }

  private String message(@Nullable String body) {
    try {
      JsonNode node = json.readTree(body);
      if (node.hasNonNull("message")) {
        return node.get("message").asString();
      }
    } catch (RuntimeException notJson) {
      // Fall through: a proxy's HTML page, for instance.
    }
    return body == null ? "" : body.substring(0, Math.min(200, body.length()));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
