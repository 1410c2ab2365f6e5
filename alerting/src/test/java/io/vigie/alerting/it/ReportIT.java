package io.vigie.alerting.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.alerting.app.AlertingApplication;
import io.vigie.alerting.cli.AlertingCli;
import io.vigie.alerting.console.ConsoleSession;
import io.vigie.alerting.report.FixedReports;
import io.vigie.testkit.FreePort;
import io.vigie.testkit.InfluxServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The reports served by the real service (a fixed report until the computation is merged: {@link
 * FixedReports}): the API in HTML and PDF, the console's page, and {@code vigie report} asking the
 * running service.
 */
class ReportIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();

  static ConfigurableApplicationContext app;
  static int port;
  static Path dir;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final Map<String, String> PASSWORDS = Map.of("noc", "noc-password", "ann", "ann-password");

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("vigie-alerting-report-");
    INFLUX.createDatabase("vigie");
    Files.writeString(
        dir.resolve("inventory.yml"),
        """
        version: 1
        clients:
          - {id: acme, name: ACME, language: fr, contacts: [it@acme.example]}
          - {id: globex, name: Globex, language: en, contacts: [it@globex.example]}
        targets:
          - {id: web1, client: acme, kind: local}
        """);
    BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
    Files.writeString(
        dir.resolve("mdp.yml"),
        """
        users:
          - name: noc
            password: "%s"
            roles: [viewer]
          - name: ann
            password: "%s"
            roles: [viewer]
            clients: [acme]
        """
            .formatted(bcrypt.encode(PASSWORDS.get("noc")), bcrypt.encode(PASSWORDS.get("ann"))));
    port = FreePort.pick();
    app =
        SpringApplication.run(
            new Class<?>[] {AlertingApplication.class, FixedReports.Beans.class},
            new String[] {
              "--server.port=" + port,
              "--vigie.inventory=" + dir.resolve("inventory.yml"),
              "--vigie.alerting.users-file=" + dir.resolve("mdp.yml"),
              "--vigie.alerting.data-dir=" + dir.resolve("data"),
              "--vigie.influx.url=" + INFLUX.url(),
              "--vigie.smtp.host=127.0.0.1",
              "--vigie.smtp.port=" + FreePort.pick(),
              "--vigie.smtp.security=NONE",
              "--vigie.smtp.from=vigie@noc.test"
            });
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  static HttpResponse<byte[]> get(String path, String user, String accept) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(60));
    if (accept != null) {
      request.header("Accept", accept);
    }
    String credentials = user + ":" + PASSWORDS.get(user);
    request.header(
        "Authorization",
        "Basic "
            + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static String text(HttpResponse<byte[]> answer) {
    return new String(answer.body(), StandardCharsets.UTF_8);
  }

  @Test
  void theApiServesHtmlAndPdfByFormatOrAccept() throws Exception {
    HttpResponse<byte[]> html = get("/api/reports/acme?month=2026-11", "noc", null);
    assertThat(html.statusCode()).as(text(html)).isEqualTo(200);
    assertThat(html.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
    assertThat(html.headers().firstValue("Content-Disposition"))
        .hasValueSatisfying(d -> assertThat(d).contains("vigie-report-acme-2026-11.html"));
    assertThat(text(html)).contains("Objectif tenu").contains("99,954\u00a0%");

    HttpResponse<byte[]> byAccept =
        get("/api/reports/acme?month=2026-11", "noc", "application/pdf");
    HttpResponse<byte[]> byFormat = get("/api/reports/acme?month=2026-11&format=pdf", "noc", null);
    assertThat(byAccept.statusCode()).isEqualTo(200);
    assertThat(byAccept.headers().firstValue("Content-Type")).hasValue("application/pdf");
    assertThat(byAccept.body()).startsWith("%PDF-".getBytes(StandardCharsets.US_ASCII));
    assertThat(byFormat.body()).isEqualTo(byAccept.body());

    HttpResponse<byte[]> range =
        get("/api/reports/acme?from=2026-11-03&to=2026-11-09&format=html", "noc", null);
    assertThat(range.statusCode()).isEqualTo(200);
    assertThat(range.headers().firstValue("Content-Disposition"))
        .hasValueSatisfying(d -> assertThat(d).contains("vigie-report-acme-2026-11-03-2026-11-09"));
  }

  @Test
  void badRequestsSayWhich() throws Exception {
    assertThat(text(get("/api/reports/acme?month=2026-13", "noc", null)))
        .isEqualTo("{\"error\":\"month: a month as YYYY-MM, found \\\"2026-13\\\"\"}");
    assertThat(get("/api/reports/acme?month=2026-11&format=doc", "noc", null).statusCode())
        .isEqualTo(400);
    assertThat(text(get("/api/reports/acme?from=2026-11-09&to=2026-11-03", "noc", null)))
        .contains("to: must not be before from");
    assertThat(get("/api/reports/acme?month=2026-11&from=2026-11-01", "noc", null).statusCode())
        .isEqualTo(400);
  }

  @Test
  void aClientsUserGetsOnlyItsOwnAndAnotherClientIsUnknown() throws Exception {
    assertThat(get("/api/reports/acme?month=2026-11", "ann", null).statusCode()).isEqualTo(200);
    HttpResponse<byte[]> theirs = get("/api/reports/globex?month=2026-11", "ann", null);
    HttpResponse<byte[]> nobodys = get("/api/reports/nosuch?month=2026-11", "ann", null);
    assertThat(theirs.statusCode()).isEqualTo(404).isEqualTo(nobodys.statusCode());
    assertThat(text(theirs).replace("globex", "ID"))
        .isEqualTo(text(nobodys).replace("nosuch", "ID"));
    assertThat(get("/api/reports/globex?month=2026-11", "noc", null).statusCode()).isEqualTo(200);
  }

  @Test
  void theConsoleListsTheUsersClientsMonths() throws Exception {
    String ann = ConsoleSession.logIn(port, "ann", PASSWORDS.get("ann"));
    HttpResponse<String> page = ConsoleSession.get(port, ann, "/console/reports");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("href=\"/console/reports\" aria-current=\"page\"")
        .contains("data-client=\"acme\"")
        .contains("/console/reports/acme?month=")
        .contains("&amp;format=pdf")
        .doesNotContain("globex")
        .doesNotContain("Globex");
    HttpResponse<String> report =
        ConsoleSession.get(port, ann, "/console/reports/acme?month=2026-11&format=html");
    assertThat(report.statusCode()).isEqualTo(200);
    assertThat(report.body()).contains("Rapport de niveau de service");
    assertThat(ConsoleSession.get(port, ann, "/console/reports/globex?month=2026-11").statusCode())
        .isEqualTo(404);
  }

  @Test
  void theCliWritesWhatTheApiServes() throws Exception {
    Path password = dir.resolve("password");
    Files.writeString(password, PASSWORDS.get("ann") + "\n");
    Path pdf = dir.resolve("acme.pdf");
    Path html = dir.resolve("acme.html");
    String url = "http://127.0.0.1:" + port;
    int code =
        AlertingCli.execute(
            "report",
            "--url",
            url,
            "--user",
            "ann",
            "--password-file",
            password.toString(),
            "--client",
            "acme",
            "--month",
            "2026-11",
            "--pdf",
            pdf.toString(),
            "--html",
            html.toString());
    assertThat(code).isZero();
    assertThat(Files.readAllBytes(pdf))
        .isEqualTo(get("/api/reports/acme?month=2026-11&format=pdf", "noc", null).body());
    assertThat(Files.readString(html)).contains("Objectif tenu");
    // Another client's: refused as invalid input, nothing written.
    Path theirs = dir.resolve("globex.pdf");
    assertThat(
            AlertingCli.execute(
                "report",
                "--url",
                url,
                "--user",
                "ann",
                "--password-file",
                password.toString(),
                "--client",
                "globex",
                "--month",
                "2026-11",
                "--pdf",
                theirs.toString()))
        .isEqualTo(1);
    assertThat(theirs).doesNotExist();
    // A service that does not answer: a runtime failure.
    assertThat(
            AlertingCli.execute(
                "report",
                "--url",
                "http://127.0.0.1:" + FreePort.pick(),
                "--user",
                "ann",
                "--password-file",
                password.toString(),
                "--client",
                "acme"))
        .isEqualTo(2);
  }
}
