package io.vigie.alerting.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigie report --client ID [--month 2026-11 | --from DATE --to DATE] [--pdf FILE] [--html
 * FILE]}: a client's service-level report, asked of the running alerting service's API (whose store
 * the service holds), as the API user of {@code VIGIE_API_USER} and {@code VIGIE_API_PASSWORD} (or
 * {@code VIGIE_API_PASSWORD_FILE}).
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a client's service-level report (HTML and/or PDF), asked of the running alerting"
          + " service. Without --pdf or --html, the HTML goes to standard output.",
      "The API user comes from VIGIE_API_USER and VIGIE_API_PASSWORD or VIGIE_API_PASSWORD_FILE;"
          + " options override."
    })
final class ReportCommand implements Callable<Integer> {
  private final Map<String, String> env;

  ReportCommand() {
    this(System.getenv());
  }

  ReportCommand(Map<String, String> env) {
    this.env = env;
  }

  // A required option: picocli sets it before call().
  @SuppressWarnings("NullAway.Init")
  @Option(names = "--client", required = true, description = "client id in the inventory")
  String client;

  @Option(names = "--month", description = "a calendar month, YYYY-MM (default: the last one)")
  @Nullable String month;

  @Option(names = "--from", description = "first day, YYYY-MM-DD (with --to)")
  @Nullable String from;

  @Option(names = "--to", description = "last day, YYYY-MM-DD, included (with --from)")
  @Nullable String to;

  @Option(names = "--pdf", description = "write the PDF to this file")
  @Nullable Path pdf;

  @Option(names = "--html", description = "write the HTML to this file")
  @Nullable Path html;

  @Option(
      names = "--url",
      defaultValue = "http://127.0.0.1:9274",
      description = "the alerting service (default ${DEFAULT-VALUE})")
  String url = "http://127.0.0.1:9274";

  @Option(names = "--user", description = "API user (VIGIE_API_USER)")
  @Nullable String user;

  @Option(
      names = "--password-file",
      description = "file holding the password (VIGIE_API_PASSWORD_FILE)")
  @Nullable Path passwordFile;

  @Override
  public Integer call() throws Exception {
    try {
      return report();
    } catch (ConnectException e) {
      System.err.println("--url: no alerting service answers at " + url + " (" + e + ")");
      return 2;
    }
  }

  private int report() throws IOException, InterruptedException {
    String name = user != null ? user : env.get("VIGIE_API_USER");
    if (name == null || name.isBlank()) {
      System.err.println("--user: an API user is needed (or VIGIE_API_USER)");
      return 1;
    }
    String password = password();
    if (password == null) {
      System.err.println(
          "--password-file: a password is needed (or VIGIE_API_PASSWORD, VIGIE_API_PASSWORD_FILE)");
      return 1;
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    String auth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
    int code = 0;
    if (pdf == null && html == null) {
      HttpResponse<byte[]> answer = ask(http, auth, "html");
      code = check(answer);
      if (code == 0) {
        System.out.write(answer.body());
        System.out.flush();
      }
      return code;
    }
    for (String format : new String[] {"html", "pdf"}) {
      Path file = format.equals("pdf") ? pdf : html;
      if (file == null) {
        continue;
      }
      HttpResponse<byte[]> answer = ask(http, auth, format);
      code = check(answer);
      if (code != 0) {
        return code;
      }
      Files.write(file, answer.body());
      System.err.println("wrote " + file + " (" + answer.body().length + " bytes)");
    }
    return code;
  }

  private @Nullable String password() throws IOException {
    Path file = passwordFile;
    String fromEnv = env.get("VIGIE_API_PASSWORD_FILE");
    if (file == null && fromEnv != null) {
      file = Path.of(fromEnv);
    }
    if (file != null) {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
    return env.get("VIGIE_API_PASSWORD");
  }

  private HttpResponse<byte[]> ask(HttpClient http, String auth, String format)
      throws IOException, InterruptedException {
    StringBuilder query = new StringBuilder("?format=").append(format);
    add(query, "month", month);
    add(query, "from", from);
    add(query, "to", to);
    String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    URI uri =
        URI.create(
            base
                + "/api/reports/"
                + URLEncoder.encode(client, StandardCharsets.UTF_8).replace("+", "%20")
                + query);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofMinutes(2))
            .header("Authorization", auth)
            .GET()
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  private static void add(StringBuilder query, String name, @Nullable String value) {
    if (value != null) {
      query
          .append('&')
          .append(name)
          .append('=')
          .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
  }

  /** 0 for a report; otherwise says why (the API's own words) and returns 1 or 2. */
  private int check(HttpResponse<byte[]> answer) {
    int status = answer.statusCode();
    if (status == 200) {
      return 0;
    }
    String body = new String(answer.body(), StandardCharsets.UTF_8);
    if (status == 401) {
      System.err.println("the service refused the API user's name or password (401)");
      return 1;
    }
    System.err.println("the service answered " + status + ": " + body);
    return status < 500 ? 1 : 2;
  }
}
