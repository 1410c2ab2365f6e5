package io.vigie.alerting.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console over plain HTTP, as a browser uses it: the login form with its CSRF token, the
 * session cookie, and forms sent with the token read from a page of the same session.
 */
public final class ConsoleSession {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  private ConsoleSession() {}

  /** Logs in through the form; the session cookie ({@code VIGIE_SESSION=...}). */
  public static String logIn(int port, String user, String password) throws Exception {
    HttpResponse<String> form = get(port, "", "/console/login");
    String cookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    HttpResponse<String> login =
        send(
            port,
            cookie,
            "/console/login",
            form.body(),
            "username="
                + user
                + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8));
    assertThat(login.headers().firstValue("Location"))
        .as("%s logged in", user)
        .hasValueSatisfying(l -> assertThat(l).endsWith("/console/"));
    return login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
  }

  /** A page asked with the session cookie (none when blank). */
  public static HttpResponse<String> get(int port, String cookie, String path) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(port, path));
    if (!cookie.isBlank()) {
      request.header("Cookie", cookie);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** An API call with HTTP Basic, as scripts make them. */
  public static HttpResponse<String> api(int port, String user, String password, String path)
      throws Exception {
    String basic =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return HTTP.send(
        HttpRequest.newBuilder(uri(port, path)).header("Authorization", "Basic " + basic).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A form sent with the token of the session's problems page. */
  public static HttpResponse<String> post(int port, String cookie, String path, String fields)
      throws Exception {
    return send(port, cookie, path, get(port, cookie, "/console/").body(), fields);
  }

  private static HttpResponse<String> send(
      int port, String cookie, String path, String pageWithToken, String fields) throws Exception {
    Matcher token = TOKEN.matcher(pageWithToken);
    assertThat(token.find()).as("a CSRF token in the page").isTrue();
    return HTTP.send(
        HttpRequest.newBuilder(uri(port, path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Cookie", cookie)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    fields + "&_csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
