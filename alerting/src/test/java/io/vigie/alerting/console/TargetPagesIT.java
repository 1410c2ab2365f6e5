package io.vigie.alerting.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigie.alerting.app.AlertingApplication;
import io.vigie.testkit.FreePort;
import io.vigie.testkit.InfluxServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The targets list and a target's page in Debian's chromium, against the alerting service and a
 * real InfluxDB: the list, a link to a target, its checks with their values, its timeline after a
 * breach written to InfluxDB, its last polls read back from InfluxDB, its Grafana link; a client's
 * user sees its own targets only, and another client's target answers as one that does not exist.
 * The screenshots for docs/console.md are kept only when asked for (-Dvigie.regenerate=true).
 */
class TargetPagesIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();

  static ConfigurableApplicationContext app;
  static int port;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("vigie-target-pages-");
    INFLUX.createDatabase("vigie");
    Files.writeString(
        dir.resolve("inventory.yml"),
        """
        version: 1
        defaults:
          interval: 60s
        clients:
          - {id: acme, name: ACME Industries, language: en, contacts: [it@acme.example]}
          - {id: globex, name: Globex, language: fr, contacts: [it@globex.example]}
        targets:
          - {id: web1, client: acme, kind: local}
          - {id: app1, client: acme, kind: local}
          - {id: db1, client: globex, kind: local}
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
          - {name: ann, password: "%s", roles: [viewer], clients: [acme]}
        """
            .formatted(bcrypt.encode("nora-password"), bcrypt.encode("ann-password")));
    // A poll that timed out a little while ago, then good ones: the page lists both, in words.
    // (A 60 s interval: no target goes DEAD while the service and the browser start, however
    // slowly; with 5 s, app1 did on a machine where they took more than 5 s.)
    long now = System.currentTimeMillis();
    write(
        "poll,collector=c1,client=acme,kind=local,target=web1 up=0i,reason=\"no answer in 5"
            + " s\",failure=\"timeout\",duration_ms=5000 "
            + (now - 20_000));
    for (String target : List.of("web1", "app1", "db1")) {
      good(target, target.equals("db1") ? "globex" : "acme", 20, now - 10_000);
    }
    port = FreePort.pick();
    app =
        SpringApplication.run(
            AlertingApplication.class,
            "--server.port=" + port,
            "--vigie.inventory=" + dir.resolve("inventory.yml"),
            "--vigie.alerting.users-file=" + dir.resolve("mdp.yml"),
            "--vigie.alerting.data-dir=" + dir.resolve("data"),
            "--vigie.influx.url=" + INFLUX.url(),
            "--vigie.influx.timeout=5s",
            "--vigie.alerting.evaluation.interval=1s",
            "--vigie.console.grafana-url=https://grafana.example/");
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  static void write(String lines) throws Exception {
    HttpResponse<String> written =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(INFLUX.url() + "/write?db=vigie&precision=ms"))
                .POST(HttpRequest.BodyPublishers.ofString(lines))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(written.statusCode()).as(written.body()).isEqualTo(204);
  }

  /** A complete poll of a target and its CPU usage, as the collector writes them. */
  static void good(String target, String client, double cpu, long at) throws Exception {
    String tags = ",client=" + client + ",kind=local,target=" + target;
    write(
        "poll,collector=c1"
            + tags
            + " up=1i,reason=\"\",failure=\"none\",duration_ms=42.5 "
            + at
            + "\ncpu,cpu=total"
            + tags
            + " usage_percent="
            + cpu
            + " "
            + at);
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  static Object js(WebDriver driver, String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  /** Reloads until the element is there (the service evaluates every second). */
  static WebElement awaitElement(WebDriver driver, By by) {
    await()
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              driver.navigate().refresh();
              return !driver.findElements(by).isEmpty();
            });
    return driver.findElement(by);
  }

  @Test
  void theListLeadsToATargetsPageWithChecksTimelinePollsAndGrafana() throws Exception {
    try (Browser browser = Browser.start(1280, 1000, "en")) {
      WebDriver driver = browser.driver();
      driver.get(url("/console/targets"));
      ConsoleIT.logIn(driver, "nora", "nora-password");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> driver.getCurrentUrl().endsWith("/console/"));
      driver.get(url("/console/targets"));
      // Every target, RUN ones too, under its client.
      awaitElement(driver, By.cssSelector("section[data-client=globex] li[data-target=db1]"));
      assertThat(driver.findElements(By.cssSelector("section[data-client=acme] li[data-target]")))
          .hasSize(2);
      assertThat(driver.findElement(By.cssSelector("li[data-target=app1] .label")).getText())
          .isEqualTo("RUN");
      assertThat(driver.findElement(By.cssSelector("nav a[aria-current=page]")).getText())
          .isEqualTo("Targets");
      // A breach written to InfluxDB: web1 goes to ERROR, with its check in words.
      good("web1", "acme", 97, System.currentTimeMillis());
      WebElement web1 = awaitElement(driver, By.cssSelector("li.status-ERROR[data-target=web1]"));
      assertThat(web1.getText()).contains("ERROR").contains("CPU usage").contains("since");
      // Back to normal, then beyond again: three changes for the timeline.
      good("web1", "acme", 20, System.currentTimeMillis());
      awaitElement(driver, By.cssSelector("li.status-RUN[data-target=web1]"));
      good("web1", "acme", 88, System.currentTimeMillis());
      awaitElement(driver, By.cssSelector("li.status-WARNING[data-target=web1]"));
      good("web1", "acme", 97, System.currentTimeMillis());
      awaitElement(driver, By.cssSelector("li.status-ERROR[data-target=web1]"));
      // The filter is in the URL.
      driver.get(url("/console/targets?q=app"));
      assertThat(driver.findElements(By.cssSelector("li[data-target]"))).hasSize(1);
      driver.get(url("/console/targets"));
      ConsoleIT.shoot(driver, "targets.png");

      driver.findElement(By.cssSelector("li[data-target=web1] a.target")).click();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> driver.getCurrentUrl().endsWith("/console/targets/web1"));
      assertThat(driver.findElement(By.cssSelector("header h1")).getText()).isEqualTo("web1");
      assertThat(driver.findElement(By.cssSelector(".overview .label")).getText())
          .isEqualTo("ERROR");
      // Its checks with their values and levels.
      WebElement cpu =
          driver.findElement(By.cssSelector("tr[data-check='cpu.usage_percent{cpu=total}']"));
      assertThat(cpu.getText()).contains("CPU usage").contains("ERROR").contains("97%");
      assertThat(cpu.findElements(By.tagName("td")).get(2).getText()).isEqualTo("95%");
      // Its timeline: the changes newest first in the table, and the statuses held in the bar,
      // in words.
      List<WebElement> changes = driver.findElements(By.cssSelector("table.history tbody tr"));
      assertThat(changes.stream().map(e -> e.findElements(By.tagName("td")).get(1).getText()))
          .containsExactly("WARNING → ERROR", "RUN → WARNING", "ERROR → RUN", "RUN → ERROR");
      assertThat(changes.get(0).getText()).contains("CPU usage at 97%");
      assertThat(
              driver.findElements(By.cssSelector("ol.timeline li .seg")).stream()
                  .map(e -> e.getAttribute("textContent")))
          .containsExactly("RUN", "ERROR", "RUN", "WARNING", "ERROR");
      // Its last polls, read from InfluxDB: the good ones and the one that timed out.
      String polls = driver.findElement(By.cssSelector("section.polls")).getText();
      assertThat(polls).contains("OK").contains("42.5 ms").contains("failed: timeout");
      assertThat(polls).contains("no answer in 5 s");
      // Its dashboard, under the Grafana address of the settings.
      assertThat(driver.findElement(By.cssSelector(".grafana a")).getAttribute("href"))
          .isEqualTo("https://grafana.example/d/vigie-t-web1");
      // Tall enough for the whole page in the picture.
      driver.manage().window().setSize(new Dimension(1280, 1400));
      ConsoleIT.shoot(driver, "target.png");
      // The same page on a phone: one column, nothing cut off sideways.
      driver.manage().window().setSize(new Dimension(390, 844));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  Long.valueOf(0L)
                      .equals(
                          js(
                              driver,
                              "return Math.max(0, document.documentElement.scrollWidth"
                                  + " - document.documentElement.clientWidth);")));
      ConsoleIT.shoot(driver, "target-phone.png");
      // The problems page's card links to the same page.
      driver.manage().window().setSize(new Dimension(1280, 1000));
      driver.get(url("/console/"));
      // (read in one step: the live update swaps the list in while it is read)
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(
              () ->
                  url("/console/targets/web1")
                      .equals(
                          js(
                              driver,
                              "return document.querySelector("
                                  + "'li[data-target=web1] .target a').href;")));
      // InfluxDB gone: the page says so instead of failing.
      INFLUX.stop();
      try {
        driver.get(url("/console/targets/web1"));
        assertThat(driver.findElement(By.cssSelector("section.polls")).getText())
            .contains("InfluxDB cannot be read");
        assertThat(driver.findElement(By.cssSelector(".overview .label")).getText())
            .isEqualTo("ERROR");
      } finally {
        INFLUX.start();
      }
    }
  }

  @Test
  void aClientsUserSeesItsOwnTargetsAndAnotherClientsTargetIsUnknown() throws Exception {
    try (Browser browser = Browser.start(1280, 900, "fr")) {
      WebDriver driver = browser.driver();
      driver.get(url("/console/targets"));
      ConsoleIT.logIn(driver, "ann", "ann-password");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> driver.getCurrentUrl().endsWith("/console/"));
      driver.get(url("/console/targets"));
      awaitElement(driver, By.cssSelector("li[data-target=web1]"));
      assertThat(driver.findElement(By.tagName("body")).getText())
          .doesNotContain("db1")
          .doesNotContain("Globex");
      assertThat(driver.findElement(By.cssSelector("nav a[aria-current=page]")).getText())
          .isEqualTo("Cibles");
      driver.findElement(By.cssSelector("li[data-target=web1] a.target")).click();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> driver.getCurrentUrl().endsWith("/console/targets/web1"));
      assertThat(driver.findElement(By.tagName("main")).getText())
          .contains("Contrôles en cours")
          .contains("Derniers relevés")
          .doesNotContain("Collecteur");
      driver.get(url("/console/targets/db1"));
      String theirs = driver.findElement(By.tagName("main")).getText();
      driver.get(url("/console/targets/nosuch"));
      String nobodys = driver.findElement(By.tagName("main")).getText();
      assertThat(theirs.replace("db1", "ID")).isEqualTo(nobodys.replace("nosuch", "ID"));
      assertThat(theirs).contains("Il n'y a pas de cible");
    }
    // The same, status and all, without a browser.
    String cookie = session("ann", "ann-password");
    HttpResponse<String> theirs = page("/console/targets/db1", cookie);
    HttpResponse<String> nobodys = page("/console/targets/nosuch", cookie);
    assertThat(theirs.statusCode()).isEqualTo(404).isEqualTo(nobodys.statusCode());
    assertThat(withoutToken(theirs.body()).replace("db1", "ID"))
        .isEqualTo(withoutToken(nobodys.body()).replace("nosuch", "ID"));
  }

  /** A page's text with its CSRF token (different at every request) left out. */
  static String withoutToken(String html) {
    return html.replaceAll("name=\"_csrf\" value=\"[^\"]+\"", "name=\"_csrf\"");
  }

  HttpResponse<String> page(String path, String cookie) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url(path))).header("Cookie", cookie).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Logs in through the form without a browser: the session cookie. */
  String session(String user, String password) throws Exception {
    HttpResponse<String> form =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url("/console/login"))).build(),
            HttpResponse.BodyHandlers.ofString());
    String cookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
    assertThat(token.find()).as(form.body()).isTrue();
    HttpResponse<String> login =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url("/console/login")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookie)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "username="
                            + user
                            + "&password="
                            + password
                            + "&_csrf="
                            + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(302);
    return login.headers().firstValue("Set-Cookie").map(c -> c.split(";")[0]).orElse(cookie);
  }
}
