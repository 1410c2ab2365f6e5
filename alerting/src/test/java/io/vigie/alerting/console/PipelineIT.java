package io.vigie.alerting.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vigie.alerting.app.AlertingApplication;
import io.vigie.testkit.FreePort;
import io.vigie.testkit.InfluxServer;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The pipeline page in Debian's chromium, against the service as it runs, a real InfluxDB and a
 * real SMTP server (GreenMail) that is down at first: a collector that reports and one gone silent,
 * InfluxDB readable, a mail given up (a dead letter) that an operator resends from the keyboard
 * once the SMTP server is back, and sees delivered. A viewer sees the page without the button and
 * its POST is refused; a client's user gets the 404 of a path that does not exist. The page's
 * screenshot for docs/console.md is kept only when asked for (-Dvigie.regenerate=true).
 */
class PipelineIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();

  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  static ConfigurableApplicationContext app;
  static ScheduledExecutorService collector;
  static GreenMail smtp;
  static int port;
  static String deadKey;
  static volatile boolean c2Stops;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("vigie-pipeline-");
    INFLUX.createDatabase("vigie");
    Files.writeString(
        dir.resolve("inventory.yml"),
        """
        version: 1
        defaults:
          interval: 1s
        clients:
          - {id: acme, name: ACME, language: en, contacts: [ops@acme.test]}
          - {id: globex, name: Globex, language: fr, contacts: [it@globex.test]}
        targets:
          - {id: web1, client: acme, kind: local}
          - {id: db1, client: globex, kind: local}
          - {id: old1, client: globex, kind: local}
        thresholds:
          defaults:
            - {metric: cpu.usage_percent, where: {cpu: total}, warning: 85, error: 95}
        """);
    BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
    Files.writeString(
        dir.resolve("mdp.yml"),
        """
        users:
          - {name: nora, password: "%s", roles: [operator]}
          - {name: vic, password: "%s", roles: [viewer]}
          - {name: ann, password: "%s", roles: [operator], clients: [acme]}
        """
            .formatted(bcrypt.encode("pw-nora"), bcrypt.encode("pw-vic"), bcrypt.encode("pw-ann")));
    // c1 reports all along; web1's CPU is past its error threshold: a mail to ops@acme.test.
    collector = Executors.newSingleThreadScheduledExecutor();
    collector.scheduleAtFixedRate(
        () -> {
          long now = now();
          String web1 = ",client=acme,kind=local,target=web1";
          write(
              "poll,collector=c1"
                  + web1
                  + " up=1i,reason=\"\" "
                  + now
                  + "\ncpu,cpu=total"
                  + web1
                  + " usage_percent=97 "
                  + now
                  + "\npoll,collector=c1,client=globex,kind=local,target=db1 up=1i,reason=\"\" "
                  + now
                  + (c2Stops
                      ? ""
                      : "\npoll,collector=c2,client=globex,kind=local,target=old1 up=1i,reason=\"\" "
                          + now));
        },
        0,
        300,
        TimeUnit.MILLISECONDS);
    int smtpPort = FreePort.pick(); // nothing listens there yet: the SMTP server is down
    smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", "smtp"));
    port = FreePort.pick();
    app =
        SpringApplication.run(
            AlertingApplication.class,
            "--server.port=" + port,
            "--vigie.inventory=" + dir.resolve("inventory.yml"),
            "--vigie.alerting.users-file=" + dir.resolve("mdp.yml"),
            "--vigie.alerting.data-dir=" + dir.resolve("data"),
            "--vigie.influx.url=" + INFLUX.url(),
            "--vigie.alerting.evaluation.interval=500ms",
            "--vigie.alerting.mail.group-window=1s",
            "--vigie.alerting.mail.tick=200ms",
            // Given up after 2 s of a server that does not answer: a dead letter within seconds.
            "--vigie.alerting.mail.retry-for=2s",
            "--vigie.alerting.mail.min-backoff=500ms",
            "--vigie.smtp.host=127.0.0.1",
            "--vigie.smtp.port=" + smtpPort,
            "--vigie.smtp.security=NONE",
            "--vigie.smtp.timeout=5s",
            "--vigie.smtp.from=vigie@noc.test");
    // c2 reports until the service has heard it, and is silent after: three of its intervals
    // later, a pipeline condition (and old1 is kept as it was, marked stale, not DEAD).
    String nora = session("nora");
    await("c2 heard")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> get("/console/pipeline/live", nora).body().contains("data-collector=\"c2\""));
    c2Stops = true;
    await("a dead letter")
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              for (tools.jackson.databind.JsonNode letter :
                  tools.jackson.databind.json.JsonMapper.builder()
                      .build()
                      .readTree(api("/api/mails/dead").body())) {
                if (letter.path("recipient").asString().equals("ops@acme.test")) {
                  deadKey = letter.path("key").asString();
                }
              }
              return deadKey != null;
            });
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) {
      app.close();
    }
    if (collector != null) {
      collector.shutdownNow();
      collector.awaitTermination(10, TimeUnit.SECONDS);
    }
    if (smtp != null) {
      smtp.stop();
    }
  }

  static long now() {
    return System.currentTimeMillis();
  }

  static void write(String lines) {
    try {
      HttpResponse<String> written =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(INFLUX.url() + "/write?db=vigie&precision=ms"))
                  .POST(HttpRequest.BodyPublishers.ofString(lines))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(written.statusCode()).as(written.body()).isEqualTo(204);
    } catch (java.io.IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  static String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  static HttpResponse<String> api(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url(path)))
            .header(
                "Authorization",
                "Basic " + Base64.getEncoder().encodeToString("nora:pw-nora".getBytes()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Logs in through the form without a browser: the session cookie. */
  static String session(String user) throws Exception {
    HttpResponse<String> form = get("/console/login", "");
    String cookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    HttpResponse<String> login =
        post("/console/login", cookie, "username=" + user + "&password=pw-" + user, form.body());
    assertThat(login.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/console/"));
    return login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
  }

  static HttpResponse<String> get(String path, String cookie) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)));
    if (!cookie.isEmpty()) {
      request.header("Cookie", cookie);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A form sent with the CSRF token found in {@code page}: a valid one. */
  static HttpResponse<String> post(String path, String cookie, String fields, String page)
      throws Exception {
    Matcher token = CSRF.matcher(page);
    assertThat(token.find()).as(page).isTrue();
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url(path)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Cookie", cookie)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    fields
                        + (fields.isEmpty() ? "" : "&")
                        + "_csrf="
                        + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anOperatorSeesThePipelineAndResendsADeadLetterFromTheKeyboard() throws Exception {
    try (Browser browser = Browser.start(1280, 1250, "en")) {
      WebDriver driver = browser.driver();
      driver.get(url("/console/pipeline"));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> driver.getCurrentUrl().endsWith("/console/login"));
      ConsoleIT.logIn(driver, "nora", "pw-nora");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> driver.getCurrentUrl().endsWith("/console/"));
      driver.get(url("/console/pipeline"));
      assertThat(driver.findElement(By.cssSelector("nav a[aria-current=page]")).getText())
          .isEqualTo("Pipeline");
      // c2 is silent once three of its intervals have passed; the page says so, in words.
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(
              () -> {
                driver.navigate().refresh();
                return text(driver, "li[data-collector=c2] .label").equals("SILENT");
              });
      // Read in one go each: the live part may be swapped in between two reads.
      assertThat(text(driver, "li[data-collector=c1] .label")).isEqualTo("REPORTING");
      assertThat(text(driver, "li[data-collector=c1]"))
          .contains("2 targets")
          .contains("last heard")
          .contains(" s ago");
      assertThat(text(driver, "li[data-condition='collector:c2']"))
          .contains("Collector c2 is silent");
      assertThat(text(driver, "#influx .label")).isEqualTo("READABLE");
      assertThat(text(driver, "#influx")).contains(INFLUX.url()).contains("database vigie");
      assertThat(text(driver, "ul.problems li[data-key='" + deadKey + "']"))
          .contains("DEAD LETTER")
          .contains("ops@acme.test")
          .contains("unreachable");
      assertThat(text(driver, "#mail-counts")).contains("dead letters: 1").contains("sent: 0");
      ConsoleIT.shoot(driver, "pipeline.png");
      // On a phone: one column, nothing cut off sideways (long SMTP errors wrap).
      driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  Long.valueOf(0L)
                      .equals(
                          ((org.openqa.selenium.JavascriptExecutor) driver)
                              .executeScript(
                                  "return Math.max(0, document.documentElement.scrollWidth"
                                      + " - document.documentElement.clientWidth);")));
      driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1250));

      // The SMTP server is back; the operator reaches the Resend button with Tab, presses Enter.
      smtp.start();
      ((org.openqa.selenium.JavascriptExecutor) driver)
          .executeScript("document.activeElement && document.activeElement.blur();");
      WebElement button = null;
      for (int i = 0; i < 30 && button == null; i++) {
        driver.switchTo().activeElement().sendKeys(Keys.TAB);
        WebElement active = driver.switchTo().activeElement();
        if (active.getText().equals("Resend to ops@acme.test")) {
          button = active;
        }
      }
      assertThat(button).as("the Resend button, reached with Tab").isNotNull();
      button.sendKeys(Keys.ENTER);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> driver.getCurrentUrl().endsWith("/console/pipeline?resent"));
      assertThat(driver.findElement(By.id("notice")).getText())
          .startsWith("The mail is back in the queue");
      smtp.waitForIncomingEmail(15_000, 1);
      List<String> ids = new ArrayList<>();
      for (MimeMessage m : smtp.getReceivedMessages()) {
        ids.add(m.getMessageID());
      }
      assertThat(ids).as("resent with its Message-ID").contains("<" + deadKey + "@vigie>");
      // Delivered: among the last mails sent, no longer a dead letter.
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(300))
          .ignoreExceptions()
          .until(
              () -> {
                driver.navigate().refresh();
                return text(driver, "ul.sent li[data-key='" + deadKey + "']")
                        .contains("ops@acme.test")
                    && text(driver, "ul.problems li[data-key='" + deadKey + "']").isEmpty();
              });
      // Resent again (a second tab, an old page): not a dead letter any more, said so.
      String cookie = "VIGIE_SESSION=" + driver.manage().getCookieNamed("VIGIE_SESSION").getValue();
      HttpResponse<String> again =
          post(
              PipelinePage.resendPath(deadKey),
              cookie,
              "",
              get("/console/pipeline", cookie).body());
      assertThat(again.statusCode()).isEqualTo(409);
      assertThat(again.body()).contains("This mail is not a dead letter");
      HttpResponse<String> unknown =
          post("/console/mails/nosuch/resend", cookie, "", get("/console/pipeline", cookie).body());
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(unknown.body()).contains("No mail has the key nosuch.");
    }
  }

  /** Spring's error body, without the time it was written. */
  static String withoutTime(String body) {
    return body.replaceAll("\"timestamp\":\"[^\"]*\"", "\"timestamp\":\"T\"");
  }

  /** The text of the element {@code css} finds, read at once in the page; empty if none. */
  static String text(WebDriver driver, String css) {
    Object text =
        ((org.openqa.selenium.JavascriptExecutor) driver)
            .executeScript(
                "var e = document.querySelector(arguments[0]); return e ? e.innerText : '';", css);
    return String.valueOf(text);
  }

  @Test
  void aViewerSeesNoResendAndIsRefusedAClientsUserFindsNothing() throws Exception {
    String vic = session("vic");
    HttpResponse<String> page = get("/console/pipeline", vic);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("data-collector=\"c1\"")
        .contains("Mail outbox")
        .doesNotContain("class=\"act\"")
        .doesNotContain("Resend to");
    HttpResponse<String> refused = post(PipelinePage.resendPath(deadKey), vic, "", page.body());
    assertThat(refused.statusCode()).as("a viewer's resend, with its CSRF token").isEqualTo(403);

    String ann = session("ann");
    HttpResponse<String> home = get("/console/", ann);
    assertThat(home.body()).doesNotContain("/console/pipeline");
    HttpResponse<String> nothing = get("/console/nosuch", ann);
    assertThat(nothing.statusCode()).isEqualTo(404);
    for (String path : List.of("/console/pipeline", "/console/pipeline/live")) {
      HttpResponse<String> pipeline = get(path, ann);
      assertThat(pipeline.statusCode()).as(path).isEqualTo(404);
      assertThat(withoutTime(pipeline.body()).replace(path, "PATH"))
          .as("the same as a path that does not exist")
          .isEqualTo(withoutTime(nothing.body()).replace("/console/nosuch", "PATH"));
    }
    HttpResponse<String> resend = post(PipelinePage.resendPath(deadKey), ann, "", home.body());
    assertThat(resend.statusCode()).isEqualTo(404);
    assertThat(api("/api/mails/dead").body()).doesNotContain("\"resentBy\":\"ann\"");
  }
}
