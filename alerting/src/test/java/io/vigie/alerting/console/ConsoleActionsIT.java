package io.vigie.alerting.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigie.alerting.app.AlertingApplication;
import io.vigie.testkit.FreePort;
import io.vigie.testkit.InfluxServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The console's actions in Debian's chromium, against the service and a real InfluxDB: an operator
 * silences a client from the problems page with the keyboard only while a viewer's browser sees the
 * mark and then the recovery arrive without a reload; the silence is ended; a viewer's POST is
 * refused; axe-core finds no serious violation on any page; a client's user, in the browser, sees
 * only its own client on every page and hears nothing of another client's decisions.
 */
class ConsoleActionsIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();

  static ConfigurableApplicationContext app;
  static int port;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("vigie-console-actions-");
    INFLUX.createDatabase("vigie");
    Files.writeString(
        dir.resolve("inventory.yml"),
        """
        version: 1
        defaults:
          # Long enough that no target goes DEAD for want of data while the tests run.
          interval: 60s
        clients:
          - {id: acme, name: ACME Industries, language: en, contacts: [it@acme.example]}
          - {id: globex, name: Globex, language: fr, contacts: [it@globex.example]}
        targets:
          - {id: web1, client: acme, kind: local}
          - {id: db1, client: globex, kind: local}
          - {id: db2, client: globex, kind: local}
        """);
    BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
    Files.writeString(
        dir.resolve("mdp.yml"),
        """
        users:
          - {name: nora, password: "%s", roles: [operator]}
          - {name: lena, password: "%s", roles: [viewer]}
          - {name: ann, password: "%s", roles: [operator], clients: [acme]}
        """
            .formatted(
                bcrypt.encode("nora-password"),
                bcrypt.encode("lena-password"),
                bcrypt.encode("ann-password")));
    poll("db1", "globex", false);
    poll("web1", "acme", true);
    poll("db2", "globex", true);
    port = FreePort.pick();
    app =
        SpringApplication.run(
            AlertingApplication.class,
            "--server.port=" + port,
            "--vigie.inventory=" + dir.resolve("inventory.yml"),
            "--vigie.alerting.users-file=" + dir.resolve("mdp.yml"),
            "--vigie.alerting.data-dir=" + dir.resolve("data"),
            "--vigie.influx.url=" + INFLUX.url(),
            "--vigie.alerting.evaluation.interval=1s");
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  /** A poll of a target, now, as the collector writes it: reached, or refused its host key. */
  static void poll(String target, String client, boolean up) throws Exception {
    String fields =
        up ? "up=1i" : "up=0i,reason=\"the host key changed\",failure=\"host_key_mismatch\"";
    String line =
        "poll,collector=c1,client=%s,kind=local,target=%s %s %d"
            .formatted(client, target, fields, System.currentTimeMillis());
    HttpResponse<String> written =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(INFLUX.url() + "/write?db=vigie&precision=ms"))
                .POST(HttpRequest.BodyPublishers.ofString(line))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(written.statusCode()).as(written.body()).isEqualTo(204);
  }

  static String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  static Object js(WebDriver driver, String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  /** Logs in with the keyboard only: the name field has the focus, Tab, the password, Enter. */
  static void logIn(WebDriver driver, String user, String password) {
    driver.get(url("/console/login"));
    driver.switchTo().activeElement().sendKeys(user, Keys.TAB);
    driver.switchTo().activeElement().sendKeys(password, Keys.ENTER);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> driver.getCurrentUrl().endsWith("/console/"));
  }

  /**
   * Presses Tab until the element of that id has the focus (at most 40 times), as a person would.
   */
  static WebElement tabTo(WebDriver driver, String id) {
    for (int i = 0; i < 40; i++) {
      WebElement focused = driver.switchTo().activeElement();
      if (id.equals(focused.getAttribute("id"))) {
        return focused;
      }
      focused.sendKeys(Keys.TAB);
    }
    throw new AssertionError("Tab never reached #" + id);
  }

  /** Tab until a link or button whose text starts with these words has the focus. */
  static WebElement tabToText(WebDriver driver, String text) {
    for (int i = 0; i < 60; i++) {
      WebElement focused = driver.switchTo().activeElement();
      if (focused.getText().startsWith(text)) {
        return focused;
      }
      focused.sendKeys(Keys.TAB);
    }
    throw new AssertionError("Tab never reached \"" + text + "\"");
  }

  static void awaitLiveList(WebDriver driver) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                js(driver, "return document.getElementById('problems').dataset.updated || null;")
                    != null);
  }

  static boolean cardSays(WebDriver driver, String target, String words) {
    List<WebElement> cards = driver.findElements(By.cssSelector("li[data-target=" + target + "]"));
    return !cards.isEmpty() && cards.get(0).getText().contains(words);
  }

  @Test
  void anOperatorSilencesAClientWithTheKeyboardAndAViewerSeesTheMarkThenTheRecoveryLive()
      throws Exception {
    try (Browser noraBrowser = Browser.start(1280, 900, "en");
        Browser lenaBrowser = Browser.start(1280, 900, "fr")) {
      WebDriver nora = noraBrowser.driver();
      WebDriver lena = lenaBrowser.driver();
      logIn(lena, "lena", "lena-password");
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(
              () -> {
                lena.navigate().refresh();
                return cardSays(lena, "db1", "ERROR");
              });
      awaitLiveList(lena);
      js(lena, "window.notReloaded = 1;");
      assertThat(lena.findElements(By.cssSelector("form.act")))
          .as("a viewer has no form")
          .isEmpty();

      // Nora, keyboard only: from the problems page to Globex's silence form, filled and sent.
      logIn(nora, "nora", "nora-password");
      awaitLiveList(nora);
      tabToText(nora, "Silence Globex").sendKeys(Keys.ENTER);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> nora.getCurrentUrl().contains("client=globex"));
      assertThat(
              new org.openqa.selenium.support.ui.Select(nora.findElement(By.id("s-client")))
                  .getFirstSelectedOption()
                  .getText())
          .isEqualTo("Globex");
      // A mistake first: a target and a client at once is refused in words, the form kept.
      tabTo(nora, "s-target").sendKeys("db2");
      tabTo(nora, "s-reason").sendKeys("network works at Globex", Keys.ENTER);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !nora.findElements(By.id("problem")).isEmpty());
      assertThat(nora.findElement(By.id("problem")).getText())
          .contains("give either target or client");
      assertThat(nora.findElement(By.id("s-reason")).getAttribute("value"))
          .isEqualTo("network works at Globex");
      nora.findElement(By.id("s-target")).clear();
      tabTo(nora, "s-minutes").sendKeys("2 h");
      tabTo(nora, "s-reason").sendKeys(Keys.ENTER);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> nora.getCurrentUrl().endsWith("/console/silences#list"));
      WebElement silence = nora.findElement(By.cssSelector("li.silence-IN_FORCE"));
      assertThat(silence.getText())
          .contains("IN FORCE")
          .contains("client Globex")
          .contains("network works at Globex")
          .contains("by nora");
      ConsoleIT.shoot(nora, "silences.png");

      // Lena's page shows the mark without a reload, in French.
      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(100))
          .ignoreExceptions()
          .until(() -> cardSays(lena, "db1", "en silence"));
      // db1 answers again: the recovery reaches her page live too.
      poll("db1", "globex", true);
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> lena.findElements(By.cssSelector("li[data-target=db1]")).isEmpty());
      assertThat(js(lena, "return window.notReloaded;")).as("no reload").isEqualTo(1L);

      // Nora ends the silence; it stays listed, ended, with nothing left to press.
      tabToText(nora, "End this silence: client Globex").sendKeys(Keys.ENTER);
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(
              () ->
                  nora.findElement(By.cssSelector("li.silence-ENDED"))
                      .getText()
                      .contains("Globex"));
      assertThat(nora.findElements(By.cssSelector("li.silence-IN_FORCE"))).isEmpty();
    }
  }

  @Test
  void aViewersSilenceIsRefusedByTheServerEvenWithItsToken() throws Exception {
    String cookie = ConsoleSession.logIn(port, "lena", "lena-password");
    HttpResponse<String> page = ConsoleSession.get(port, cookie, "/console/silences");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).doesNotContain("action=\"/console/silences\"");
    HttpResponse<String> act =
        ConsoleSession.post(
            port, cookie, "/console/silences", "client=globex&minutes=60&reason=mine");
    assertThat(act.statusCode()).isEqualTo(403);
    assertThat(ConsoleSession.api(port, "nora", "nora-password", "/api/silences").body())
        .doesNotContain("\"reason\":\"mine\"");
  }

  @Test
  void everyPageReadsWellToAxeAndTheFilterWorksFromTheKeyboard() throws Exception {
    try (Browser browser = Browser.start(1280, 900, "en")) {
      WebDriver driver = browser.driver();
      driver.get(url("/console/login"));
      ConsoleIT.shoot(driver, "login.png");
      assertThat(Axe.check(driver)).filteredOn(Axe.Violation::serious).isEmpty();
      logIn(driver, "nora", "nora-password");
      awaitLiveList(driver);
      // The filter, keyboard only: choose Globex, send, and the URL keeps it.
      tabTo(driver, "f-client").sendKeys("Globex");
      tabToText(driver, "Filter").sendKeys(Keys.ENTER);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> driver.getCurrentUrl().contains("client=globex"));
      for (String path :
          List.of(
              "/console/",
              "/console/?client=globex&q=db",
              "/console/silences",
              "/console/targets",
              "/console/targets/db1",
              "/console/pipeline")) {
        driver.get(url(path));
        assertThat(Axe.check(driver)).as(path).filteredOn(Axe.Violation::serious).isEmpty();
      }
    }
  }

  @Test
  void aClientsUserInTheBrowserSeesOnlyItsOwnAndHearsNothingOfAnotherClient() throws Exception {
    try (Browser annBrowser = Browser.start(1280, 900, "en");
        Browser noraBrowser = Browser.start(1280, 900, "en")) {
      WebDriver ann = annBrowser.driver();
      WebDriver nora = noraBrowser.driver();
      logIn(ann, "ann", "ann-password");
      logIn(nora, "nora", "nora-password");
      // Every page, and every page asked about Globex's ids: nothing of Globex.
      for (String path :
          List.of(
              "/console/",
              "/console/?client=globex",
              "/console/problems?client=globex",
              "/console/silences",
              "/console/silences?client=globex",
              "/console/silences?target=db1",
              "/console/targets",
              "/console/targets?client=globex",
              "/console/targets/db1",
              "/console/targets/db2?span=7d",
              "/console/pipeline")) {
        ann.get(url(path));
        // Another client's target page is the unknown target's, which names the id asked about.
        String asked =
            path.startsWith("/console/targets/")
                ? path.substring("/console/targets/".length()).replaceAll("\\?.*", "")
                : "";
        String source = ann.getPageSource();
        assertThat(asked.isEmpty() ? source : source.replace(asked, "ID"))
            .as(path)
            .doesNotContain("globex")
            .doesNotContain("Globex")
            .doesNotContain("db1")
            .doesNotContain("db2");
      }
      // Both listen to their live stream: every event recorded with what it carries.
      String record =
          "window.heard = []; var es = new EventSource('/console/events');"
              + "['decision', 'change', 'mark'].forEach(function (n) {"
              + " es.addEventListener(n, function (e) { window.heard.push(n + ':' + e.data); }); });";
      for (WebDriver d : List.of(ann, nora)) {
        d.get(url("/console/silences"));
        js(d, record);
      }
      // Globex's db2 fails: Nora hears of its change. The one thread that sends every event has
      // then passed Ann's stream by, with nothing for her.
      poll("db2", "globex", false);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> String.valueOf(js(nora, "return window.heard.join(' ');")).contains("change:"));
      assertThat(js(ann, "return window.heard.length;")).isEqualTo(0L);
      // Then ACME's web1 fails, in a later evaluation: Ann hears of it, and only of her own.
      poll("web1", "acme", false);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> String.valueOf(js(ann, "return window.heard.join(' ');")).contains("change:"));
      String heard = String.valueOf(js(ann, "return window.heard.join(' ');"));
      String hers =
          ConsoleSession.api(port, "ann", "ann-password", "/api/targets/web1/history").body();
      String theirs =
          ConsoleSession.api(port, "nora", "nora-password", "/api/targets/db2/history").body();
      List<Long> herTimes = times(hers);
      assertThat(times(theirs)).as("db2 changed").isNotEmpty();
      Matcher each = Pattern.compile("change:(\\d+)").matcher(heard);
      while (each.find()) {
        long at = Long.parseLong(each.group(1));
        assertThat(herTimes).as("every change Ann heard is one of web1's: %s", heard).contains(at);
        assertThat(times(theirs)).doesNotContain(at);
      }
    }
  }

  /** The times of a history's transitions, in milliseconds, as the live events carry them. */
  static List<Long> times(String history) {
    List<Long> times = new java.util.ArrayList<>();
    Matcher time = Pattern.compile("\"time\":\"([^\"]+)\"").matcher(history);
    while (time.find()) {
      times.add(java.time.Instant.parse(time.group(1)).toEpochMilli());
    }
    return times;
  }
}
