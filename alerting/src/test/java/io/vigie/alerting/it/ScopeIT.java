package io.vigie.alerting.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.alerting.app.AlertingApplication;
import io.vigie.alerting.console.ConsoleSession;
import io.vigie.testkit.FreePort;
import io.vigie.testkit.InfluxServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * A client's user ({@code clients: [acme]} in mdp.yml) against the real service: every endpoint
 * asked about another client's target, client or silence answers exactly as for an id that does not
 * exist. The endpoints are read from Spring's own mapping, so a new one without a probe here fails
 * the test.
 */
class ScopeIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();

  static ConfigurableApplicationContext app;
  static int port;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final Map<String, String> PASSWORDS = Map.of("noc", "noc-password", "ann", "ann-password");

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("vigie-alerting-scope-");
    INFLUX.createDatabase("vigie");
    // No collector writes: each target is DEAD ("never reported") three seconds after it is
    // first seen, which gives both clients a problem to acknowledge and a decision.
    Files.writeString(
        dir.resolve("inventory.yml"),
        """
        version: 1
        defaults:
          interval: 1s
        clients:
          - {id: acme, name: ACME, language: en, contacts: [it@acme.example]}
          - {id: globex, name: Globex, language: en, contacts: [it@globex.example]}
        targets:
          - {id: web1, client: acme, kind: local}
          - {id: db1, client: globex, kind: local}
        """);
    BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
    Files.writeString(
        dir.resolve("mdp.yml"),
        """
        users:
          - name: noc
            password: "%s"
            roles: [operator]
          - name: ann
            password: "%s"
            roles: [operator]
            clients: [acme]
        """
            .formatted(bcrypt.encode(PASSWORDS.get("noc")), bcrypt.encode(PASSWORDS.get("ann"))));
    port = FreePort.pick();
    app =
        SpringApplication.run(
            // Reports: a fixed one per client until the computation is merged.
            new Class<?>[] {
              AlertingApplication.class, io.vigie.alerting.report.FixedReports.Beans.class
            },
            new String[] {
              "--server.port=" + port,
              "--vigie.inventory=" + dir.resolve("inventory.yml"),
              "--vigie.alerting.users-file=" + dir.resolve("mdp.yml"),
              "--vigie.alerting.data-dir=" + dir.resolve("data"),
              "--vigie.influx.url=" + INFLUX.url(),
              "--vigie.alerting.evaluation.interval=500ms",
              // Mails to an SMTP port nobody listens on, given up after 2 s: dead letters of both
              // clients, for the outbox's endpoints.
              "--vigie.alerting.mail.group-window=1s",
              "--vigie.alerting.mail.tick=200ms",
              "--vigie.alerting.mail.retry-for=2s",
              "--vigie.alerting.mail.min-backoff=500ms",
              "--vigie.smtp.host=127.0.0.1",
              "--vigie.smtp.port=" + FreePort.pick(),
              "--vigie.smtp.security=NONE",
              "--vigie.smtp.timeout=2s",
              "--vigie.smtp.from=vigie@noc.test"
            });
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                call("GET", "/api/targets/web1", "noc", null).body().contains("\"DEAD\"")
                    && call("GET", "/api/targets/db1", "noc", null).body().contains("\"DEAD\""));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  static HttpResponse<String> call(String method, String path, String user, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (user != null) {
      String credentials = user + ":" + PASSWORDS.get(user);
      request.header(
          "Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes()));
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String silence(String key, String id) {
    return """
        {"%s": "%s", "ends": "%s", "reason": "maintenance"}
        """
        .formatted(key, id, Instant.now().plus(Duration.ofHours(2)));
  }

  static String idOf(HttpResponse<String> created) {
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return created.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
  }

  /**
   * Asks the same thing about another client's id and about an id nobody has: the answers must be
   * the same, status and body, once each id is replaced by a placeholder.
   */
  static void sameAsUnknown(
      String method, String pathTemplate, String bodyTemplate, String foreign, String unknown)
      throws Exception {
    HttpResponse<String> theirs =
        call(
            method,
            pathTemplate.replace("ID", foreign),
            "ann",
            bodyTemplate == null ? null : bodyTemplate.replace("ID", foreign));
    HttpResponse<String> nobodys =
        call(
            method,
            pathTemplate.replace("ID", unknown),
            "ann",
            bodyTemplate == null ? null : bodyTemplate.replace("ID", unknown));
    assertThat(theirs.statusCode())
        .as("%s %s about %s: %s", method, pathTemplate, foreign, theirs.body())
        .isEqualTo(nobodys.statusCode())
        .isBetween(400, 404);
    assertThat(theirs.body().replace(foreign, "ID"))
        .as("%s %s about %s", method, pathTemplate, foreign)
        .isEqualTo(nobodys.body().replace(unknown, "ID"));
  }

  /** One client's user logged in to the console through its form: the session cookie. */
  static String consoleSession(String user) throws Exception {
    return ConsoleSession.logIn(port, user, PASSWORDS.get(user));
  }

  /** A console page asked with a session cookie. */
  static HttpResponse<String> page(String path, String cookie) throws Exception {
    return ConsoleSession.get(port, cookie, path);
  }

  /** A console form sent as a logged-in user, with its session's CSRF token. */
  static HttpResponse<String> consolePost(String path, String cookie, String fields)
      throws Exception {
    return ConsoleSession.post(port, cookie, path, fields);
  }

  /** Two console answers are the same once each id is replaced by a placeholder. */
  static void sameAnswer(
      HttpResponse<String> theirs, String foreign, HttpResponse<String> nobodys, String unknown) {
    assertThat(theirs.statusCode())
        .as(theirs.body())
        .isEqualTo(nobodys.statusCode())
        .isBetween(400, 404);
    // The CSRF token is masked afresh for every page: it differs, and says nothing of the id.
    String token = "name=\"_csrf\" value=\"[^\"]+\"";
    assertThat(theirs.body().replace(foreign, "ID").replaceAll(token, "TOKEN"))
        .isEqualTo(nobodys.body().replace(unknown, "ID").replaceAll(token, "TOKEN"));
  }

  /** A console page's HTML without its CSRF token, which changes at every request. */
  static String withoutToken(String html) {
    return html.replaceAll("name=\"_csrf\" value=\"[^\"]+\"", "name=\"_csrf\"");
  }

  /** Spring's error body, without the time it was written. */
  static String withoutTime(String body) {
    return body.replaceAll("\"timestamp\":\"[^\"]*\"", "\"timestamp\":\"T\"");
  }

  /** One check per endpoint, by "METHOD pattern" as Spring maps it. */
  interface Probe {
    void run() throws Exception;
  }

  @Test
  void everyEndpointAnswersAClientsUserAboutAnotherClientAsIfItDidNotExist() throws Exception {
    String nocTargetSilence = idOf(call("POST", "/api/silences", "noc", silence("target", "db1")));
    String nocClientSilence =
        idOf(call("POST", "/api/silences", "noc", silence("client", "globex")));
    String annSilence = idOf(call("POST", "/api/silences", "ann", silence("target", "web1")));
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> call("GET", "/api/decisions", "noc", null).body().contains("\"globex\""));

    Map<String, Probe> probes = new TreeMap<>();
    probes.put(
        "GET /api/statuses",
        () -> {
          String body = call("GET", "/api/statuses", "ann", null).body();
          assertThat(body).contains("\"web1\"").doesNotContain("db1").doesNotContain("globex");
          sameAsUnknown("GET", "/api/statuses?client=ID", null, "globex", "nosuch");
          sameAsUnknown("GET", "/api/statuses?client=ID&status=DEAD", null, "globex", "nosuch");
        });
    probes.put(
        "GET /api/clients",
        () ->
            assertThat(call("GET", "/api/clients", "ann", null).body())
                .contains("\"acme\"")
                .doesNotContain("globex")
                .doesNotContain("Globex"));
    probes.put(
        "GET /api/targets/{id}",
        () -> {
          assertThat(call("GET", "/api/targets/web1", "ann", null).statusCode()).isEqualTo(200);
          // The cause in words, built from typed fields, in the client's language; a client's
          // user gets that as the cause, the NOC keeps the engine's own text beside it.
          tools.jackson.databind.JsonNode mine =
              tools.jackson.databind.json.JsonMapper.builder()
                  .build()
                  .readTree(call("GET", "/api/targets/web1", "ann", null).body());
          tools.jackson.databind.JsonNode noc =
              tools.jackson.databind.json.JsonMapper.builder()
                  .build()
                  .readTree(call("GET", "/api/targets/web1", "noc", null).body());
          assertThat(mine.path("says").asString()).isNotBlank();
          assertThat(mine.path("cause").asString()).isEqualTo(mine.path("says").asString());
          assertThat(noc.path("says").asString()).isEqualTo(mine.path("says").asString());
          assertThat(noc.path("cause").asString()).isNotBlank();
          sameAsUnknown("GET", "/api/targets/ID", null, "db1", "nosuch1");
        });
    probes.put(
        "GET /api/targets/{id}/history",
        () -> {
          assertThat(call("GET", "/api/targets/web1/history", "ann", null).body())
              .contains("\"web1\"");
          sameAsUnknown("GET", "/api/targets/ID/history", null, "db1", "nosuch1");
          sameAsUnknown("GET", "/api/targets/ID/history?limit=5", null, "db1", "nosuch1");
        });
    probes.put(
        "POST /api/targets/{id}/ack",
        () -> {
          // db1 is DEAD: without the scope this would acknowledge it (201).
          sameAsUnknown(
              "POST", "/api/targets/ID/ack", "{\"comment\": \"mine?\"}", "db1", "nosuch1");
          assertThat(call("GET", "/api/targets/db1", "noc", null).body())
              .doesNotContain("\"author\":\"ann\"");
          assertThat(call("POST", "/api/targets/web1/ack", "ann", "{}").statusCode())
              .isEqualTo(201);
        });
    probes.put(
        "GET /api/silences",
        () ->
            assertThat(call("GET", "/api/silences", "ann", null).body())
                .contains(annSilence)
                .doesNotContain(nocTargetSilence)
                .doesNotContain(nocClientSilence)
                .doesNotContain("db1")
                .doesNotContain("globex"));
    probes.put(
        "POST /api/silences",
        () -> {
          sameAsUnknown("POST", "/api/silences", silence("target", "ID"), "db1", "nosuch1");
          sameAsUnknown("POST", "/api/silences", silence("client", "ID"), "globex", "nosuch");
          String all = call("GET", "/api/silences", "noc", null).body();
          assertThat(all.split("\"author\":\"ann\"", -1))
              .as("ann's one silence, on web1, and none on globex: %s", all)
              .hasSize(2);
        });
    probes.put(
        "DELETE /api/silences/{id}",
        () -> {
          String unknown = UUID.randomUUID().toString();
          sameAsUnknown("DELETE", "/api/silences/ID", null, nocTargetSilence, unknown);
          sameAsUnknown("DELETE", "/api/silences/ID", null, nocClientSilence, unknown);
          assertThat(call("GET", "/api/silences", "noc", null).body())
              .contains(nocTargetSilence)
              .contains(nocClientSilence);
        });
    probes.put(
        "POST /api/silences/{id}/end",
        () -> {
          String before = call("GET", "/api/silences", "noc", null).body();
          String unknown = UUID.randomUUID().toString();
          sameAsUnknown("POST", "/api/silences/ID/end", null, nocTargetSilence, unknown);
          sameAsUnknown("POST", "/api/silences/ID/end", null, nocClientSilence, unknown);
          assertThat(call("GET", "/api/silences", "noc", null).body())
              .as("globex's silences are not ended by ann")
              .isEqualTo(before);
        });
    probes.put(
        "GET /api/conditions",
        () -> assertThat(call("GET", "/api/conditions", "ann", null).body()).isEqualTo("[]"));
    probes.put(
        "GET /api/decisions",
        () -> {
          String all = call("GET", "/api/decisions", "noc", null).body();
          assertThat(all).contains("\"client\":\"globex\"").contains("\"client\":\"acme\"");
          String mine = call("GET", "/api/decisions", "ann", null).body();
          assertThat(mine).contains("\"client\":\"acme\"").doesNotContain("globex");
          // One at a time from the start: a page of another client's decisions is skipped, not
          // answered empty (which would tell the reader it has reached the end).
          String first = call("GET", "/api/decisions?after=0&limit=1", "ann", null).body();
          assertThat(first).contains("\"client\":\"acme\"");
        });

    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              String dead = call("GET", "/api/mails/dead", "noc", null).body();
              return dead.contains("\"audience\":\"acme\"")
                  && dead.contains("\"audience\":\"globex\"");
            });
    String nocLetters = call("GET", "/api/mails/dead", "noc", null).body();
    java.util.regex.Matcher globexLetter =
        java.util.regex.Pattern.compile("\"key\":\"([^\"]+)\"[^}]*\"audience\":\"globex\"")
            .matcher(nocLetters);
    assertThat(globexLetter.find()).as(nocLetters).isTrue();
    String globexKey = globexLetter.group(1);
    probes.put(
        "GET /api/mails",
        () -> {
          assertThat(call("GET", "/api/mails", "noc", null).statusCode()).isEqualTo(200);
          assertThat(call("GET", "/api/mails", "ann", null).statusCode()).isEqualTo(403);
        });
    probes.put(
        "GET /api/mails/dead",
        () ->
            assertThat(call("GET", "/api/mails/dead", "ann", null).body())
                .contains("\"audience\":\"acme\"")
                .doesNotContain("globex")
                .doesNotContain(globexKey));
    probes.put(
        "POST /api/mails/dead/{key}/resend",
        () -> {
          sameAsUnknown("POST", "/api/mails/dead/ID/resend", null, globexKey, "nosuchkey");
          assertThat(call("GET", "/api/mails/dead", "noc", null).body())
              .as("globex's letter is still dead, not resent by ann")
              .contains(globexKey)
              .doesNotContain("\"resentBy\":\"ann\"");
        });

    probes.put(
        "GET /api/reports/{client}",
        () -> {
          assertThat(call("GET", "/api/reports/acme?month=2026-11", "ann", null).statusCode())
              .isEqualTo(200);
          sameAsUnknown("GET", "/api/reports/ID", null, "globex", "nosuch");
          sameAsUnknown(
              "GET", "/api/reports/ID?month=2026-11&format=pdf", null, "globex", "nosuch");
        });

    String annSession = consoleSession("ann");
    String nocSession = consoleSession("noc");
    probes.put(
        "GET /console/login",
        () -> assertThat(page("/console/login", annSession).statusCode()).isEqualTo(200));
    for (String path : List.of("/console/", "/console/problems")) {
      probes.put(
          "GET " + path,
          () -> {
            assertThat(page(path, nocSession).body()).contains("web1").contains("db1");
            HttpResponse<String> mine = page(path, annSession);
            assertThat(mine.statusCode()).isEqualTo(200);
            assertThat(mine.body())
                .contains("data-target=\"web1\"")
                .doesNotContain("db1")
                .doesNotContain("Globex")
                .doesNotContain("globex");
          });
    }
    probes.put(
        "POST /console/targets/{id}/ack",
        () -> {
          String page = page("/console/", annSession).body();
          java.util.regex.Matcher token =
              java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
          assertThat(token.find()).isTrue();
          String fields =
              "comment=x&_csrf="
                  + java.net.URLEncoder.encode(
                      token.group(1), java.nio.charset.StandardCharsets.UTF_8);
          List<HttpResponse<String>> answers = new java.util.ArrayList<>();
          for (String id : List.of("db1", "nosuch")) {
            answers.add(
                HTTP.send(
                    HttpRequest.newBuilder(
                            URI.create(
                                "http://127.0.0.1:" + port + "/console/targets/" + id + "/ack"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", annSession)
                        .POST(HttpRequest.BodyPublishers.ofString(fields))
                        .build(),
                    HttpResponse.BodyHandlers.ofString()));
          }
          assertThat(answers.get(0).statusCode())
              .isEqualTo(400)
              .isEqualTo(answers.get(1).statusCode());
          assertThat(answers.get(0).body().replace("db1", "ID"))
              .isEqualTo(answers.get(1).body().replace("nosuch", "ID"));
          assertThat(call("GET", "/api/targets/db1", "noc", null).body())
              .doesNotContain("\"author\":\"ann\"");
        });
    // The pipeline and the outbox are the NOC's: a client's user is answered as for a path that
    // does not exist, its own client's letter included.
    for (String path : List.of("/console/pipeline", "/console/pipeline/live")) {
      probes.put(
          "GET " + path,
          () -> {
            HttpResponse<String> noc = page(path, nocSession);
            assertThat(noc.statusCode()).isEqualTo(200);
            assertThat(noc.body()).contains("data-key=\"" + globexKey + "\"");
            HttpResponse<String> mine = page(path, annSession);
            HttpResponse<String> nothing = page("/console/nosuch", annSession);
            assertThat(mine.statusCode()).isEqualTo(404).isEqualTo(nothing.statusCode());
            assertThat(withoutTime(mine.body()).replace(path, "PATH"))
                .isEqualTo(withoutTime(nothing.body()).replace("/console/nosuch", "PATH"));
          });
    }
    probes.put(
        "POST /console/mails/{key}/resend",
        () -> {
          String acmeKey =
              call("GET", "/api/mails/dead", "ann", null)
                  .body()
                  .replaceAll("(?s).*?\"key\":\"([^\"]+)\".*", "$1");
          String page = page("/console/", annSession).body();
          java.util.regex.Matcher token =
              java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
          assertThat(token.find()).isTrue();
          String fields =
              "_csrf="
                  + java.net.URLEncoder.encode(
                      token.group(1), java.nio.charset.StandardCharsets.UTF_8);
          for (String key : List.of(globexKey, acmeKey, "nosuchkey")) {
            HttpResponse<String> answer =
                HTTP.send(
                    HttpRequest.newBuilder(
                            URI.create(
                                "http://127.0.0.1:" + port + "/console/mails/" + key + "/resend"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", annSession)
                        .POST(HttpRequest.BodyPublishers.ofString(fields))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(key).isEqualTo(404);
          }
          assertThat(call("GET", "/api/mails/dead", "noc", null).body())
              .as("neither letter resent by ann")
              .contains(globexKey)
              .contains(acmeKey)
              .doesNotContain("\"resentBy\":\"ann\"");
        });
    probes.put(
        "GET /console/reports",
        () -> {
          assertThat(page("/console/reports", nocSession).body())
              .contains("data-client=\"globex\"");
          HttpResponse<String> mine = page("/console/reports", annSession);
          assertThat(mine.statusCode()).isEqualTo(200);
          assertThat(mine.body())
              .contains("data-client=\"acme\"")
              .doesNotContain("globex")
              .doesNotContain("Globex");
        });
    probes.put(
        "GET /console/reports/{client}",
        () -> {
          assertThat(page("/console/reports/acme?month=2026-11", annSession).statusCode())
              .isEqualTo(200);
          sameAnswer(
              page("/console/reports/globex?month=2026-11&format=pdf", annSession),
              "globex",
              page("/console/reports/nosuch?month=2026-11&format=pdf", annSession),
              "nosuch");
        });
    probes.put(
        "GET /console/silences",
        () -> {
          assertThat(page("/console/silences", nocSession).body())
              .contains(nocClientSilence)
              .contains("Globex");
          for (String path :
              List.of(
                  "/console/silences",
                  "/console/silences?client=globex",
                  "/console/silences?target=db1")) {
            HttpResponse<String> mine = page(path, annSession);
            assertThat(mine.statusCode()).isEqualTo(200);
            assertThat(mine.body())
                .contains(annSilence)
                .doesNotContain(nocTargetSilence)
                .doesNotContain(nocClientSilence)
                .doesNotContain("Globex")
                .doesNotContain("globex")
                .doesNotContain("db1");
          }
        });
    probes.put(
        "POST /console/silences",
        () -> {
          for (String[] pair :
              new String[][] {{"target", "db1", "nosuch1"}, {"client", "globex", "nosuch"}}) {
            String fields = pair[0] + "=ID&minutes=60&reason=mine";
            sameAnswer(
                consolePost("/console/silences", annSession, fields.replace("ID", pair[1])),
                pair[1],
                consolePost("/console/silences", annSession, fields.replace("ID", pair[2])),
                pair[2]);
          }
          assertThat(call("GET", "/api/silences", "noc", null).body())
              .doesNotContain("\"reason\":\"mine\"");
        });
    probes.put(
        "POST /console/silences/{id}/end",
        () -> {
          String before = call("GET", "/api/silences", "noc", null).body();
          String unknown = UUID.randomUUID().toString();
          for (String theirs : List.of(nocTargetSilence, nocClientSilence)) {
            sameAnswer(
                consolePost("/console/silences/" + theirs + "/end", annSession, "x=1"),
                theirs,
                consolePost("/console/silences/" + unknown + "/end", annSession, "x=1"),
                unknown);
          }
          assertThat(call("GET", "/api/silences", "noc", null).body()).isEqualTo(before);
        });
    probes.put(
        "GET /console/targets",
        () -> {
          assertThat(page("/console/targets", nocSession).body()).contains("db1").contains("web1");
          for (String path :
              List.of(
                  "/console/targets", "/console/targets?client=globex", "/console/targets?q=db")) {
            HttpResponse<String> mine = page(path, annSession);
            assertThat(mine.statusCode()).isEqualTo(200);
            assertThat(mine.body())
                .as(path)
                .doesNotContain("db1")
                .doesNotContain("Globex")
                .doesNotContain("globex");
          }
          assertThat(page("/console/targets", annSession).body()).contains("data-target=\"web1\"");
        });
    probes.put(
        "GET /console/targets/{id}",
        () -> {
          assertThat(page("/console/targets/db1", nocSession).statusCode()).isEqualTo(200);
          assertThat(page("/console/targets/web1", annSession).statusCode()).isEqualTo(200);
          for (String query : List.of("", "?span=7d")) {
            HttpResponse<String> theirs = page("/console/targets/db1" + query, annSession);
            HttpResponse<String> nobodys = page("/console/targets/nosuch" + query, annSession);
            assertThat(theirs.statusCode()).isEqualTo(404).isEqualTo(nobodys.statusCode());
            // The pages differ only by the id asked about and the CSRF token, new at each request.
            assertThat(withoutToken(theirs.body()).replace("db1", "ID"))
                .isEqualTo(withoutToken(nobodys.body()).replace("nosuch", "ID"));
          }
        });
    probes.put(
        "GET /console/events",
        () -> {
          // The stream's scoping by decision is ConsoleEventsTest's; here: it opens for ann.
          HttpResponse<java.io.InputStream> stream =
              HTTP.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/console/events"))
                      .header("Cookie", annSession)
                      .build(),
                  HttpResponse.BodyHandlers.ofInputStream());
          try {
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
          } finally {
            stream.body().close();
          }
        });

    RequestMappingHandlerMapping mapping =
        app.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
    TreeSet<String> endpoints = new TreeSet<>();
    mapping
        .getHandlerMethods()
        .keySet()
        .forEach(
            info ->
                info.getPathPatternsCondition()
                    .getPatternValues()
                    .forEach(
                        path ->
                            info.getMethodsCondition()
                                .getMethods()
                                .forEach(m -> endpoints.add(m.name() + " " + path))));
    endpoints.removeIf(e -> e.endsWith(" /error"));
    assertThat(endpoints)
        .as("every endpoint of the service has a probe here, and every probe an endpoint")
        .isEqualTo(probes.keySet());
    for (Map.Entry<String, Probe> probe : probes.entrySet()) {
      probe.getValue().run();
    }
  }

  @Test
  void theActuatorIsForNocUsersAndHealthDetailsToo() throws Exception {
    assertThat(call("GET", "/actuator/prometheus", "ann", null).statusCode()).isEqualTo(403);
    assertThat(call("GET", "/actuator/prometheus", "noc", null).statusCode()).isEqualTo(200);
    HttpResponse<String> anonymous = call("GET", "/actuator/health", null, null);
    assertThat(anonymous.statusCode()).isEqualTo(200);
    assertThat(anonymous.body())
        .contains("\"status\":\"UP\"")
        .doesNotContain("components")
        .doesNotContain(String.valueOf(INFLUX.port()));
    assertThat(call("GET", "/actuator/health", "ann", null).body())
        .as("a client's user sees no more of the pipeline than anyone")
        .isEqualTo(anonymous.body());
    assertThat(call("GET", "/actuator/health", "noc", null).body())
        .contains("\"components\"")
        .contains("\"targets\":2");
  }

  /** A line logged by the running service, through its logback-spring.xml. */
  @Test
  void aLineFeedInALoggedValueCannotForgeALogLine() {
    PrintStream console = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      LoggerFactory.getLogger(AlertingApplication.class)
          .warn("silence reason: {}", "disk\r\nFAKE LOG LINE");
      LoggerFactory.getLogger(AlertingApplication.class)
          .error("refused", new IllegalArgumentException("bad\nFAKE EXCEPTION LINE"));
    } finally {
      System.setOut(console);
    }
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).noneMatch(line -> line.startsWith("FAKE"));
    assertThat(lines)
        .anyMatch(line -> line.endsWith(" : silence reason: disk\\r\\nFAKE LOG LINE"))
        .contains("java.lang.IllegalArgumentException: bad\\nFAKE EXCEPTION LINE")
        .anyMatch(line -> line.startsWith("\tat io.vigie.alerting.it.ScopeIT."));
  }
}
