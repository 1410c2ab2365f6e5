package io.vigie.alerting.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigie.alerting.app.AlertingApplication;
import io.vigie.model.poll.FailureKind;
import io.vigie.model.schema.Schema;
import io.vigie.testkit.FreePort;
import io.vigie.testkit.InfluxServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The console in Debian's chromium, against the alerting service as it runs and a real InfluxDB:
 * log in through the form, read the problems page, see a new problem appear without a reload, log
 * out; a wrong password is refused. The page's screenshot for docs/console.md is taken here and
 * kept only when asked for (-Dvigie.regenerate=true).
 */
class ConsoleIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();

  static final Path SCREENSHOT = Path.of("../docs/images/console/problems.png");
  static ConfigurableApplicationContext app;
  static Path dir;
  static int port;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("vigie-console-");
    INFLUX.createDatabase("vigie");
    Files.writeString(
        dir.resolve("inventory.yml"),
        """
        version: 1
        defaults:
          interval: 5s
        clients:
          - {id: acme, name: ACME Industries, language: en, contacts: [it@acme.example]}
          - {id: globex, name: Globex, language: fr, contacts: [it@globex.example]}
        targets:
          - {id: web1, client: acme, kind: local}
          - {id: db1, client: globex, kind: local}
        """);
    BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
    Files.writeString(
        dir.resolve("mdp.yml"),
        """
        users:
          - name: nora
            password: "%s"
            roles: [operator]
          - name: lena
            password: "%s"
            roles: [viewer]
          - name: vic
            password: "%s"
            roles: [viewer]
        """
            .formatted(
                bcrypt.encode("nora-password"),
                bcrypt.encode("lena-password"),
                bcrypt.encode("vic-password")));
    // web1 fails before the service starts: a problem the page shows on its first render.
    failed("web1", "acme", FailureKind.HOST_KEY_MISMATCH, "the host key changed");
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

  /** A failed poll of a target, now, as the collector writes it: with its failure kind. */
  static void failed(String target, String client, FailureKind kind, String reason)
      throws Exception {
    String line =
        "poll,collector=c1,client="
            + client
            + ",kind=local,target="
            + target
            + " up=0i,reason=\""
            + reason
            + "\","
            + Schema.POLL_FAILURE
            + "=\""
            + kind.code()
            + "\" "
            + System.currentTimeMillis();
    HttpResponse<String> written =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(INFLUX.url() + "/write?db=vigie&precision=ms"))
                .POST(HttpRequest.BodyPublishers.ofString(line))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(written.statusCode()).as(written.body()).isEqualTo(204);
  }

  /** A screenshot under target/console/, copied to docs/images/console/ on purpose only. */
  static void shoot(WebDriver driver, String name) throws Exception {
    byte[] png = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    assertThat(png).isNotEmpty();
    Path shot = Path.of("target/console", name);
    Files.createDirectories(shot.getParent());
    Files.write(shot, png);
    if (Boolean.getBoolean("vigie.regenerate")) {
      Path doc = SCREENSHOT.resolveSibling(name);
      Files.createDirectories(doc.getParent());
      Files.copy(shot, doc, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  static void logIn(WebDriver driver, String user, String password) {
    driver.findElement(By.id("username")).sendKeys(user);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.cssSelector("form button[type=submit]")).click();
  }

  @Test
  void logInSeeAProblemSeeANewOneArriveLiveLogOut() throws Exception {
    try (Browser browser = Browser.start(1280, 900, "en")) {
      WebDriver driver = browser.driver();
      driver.get(url("/console/"));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> driver.getCurrentUrl().endsWith("/console/login"));
      logIn(driver, "nora", "nora-password");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> driver.getCurrentUrl().endsWith("/console/"));
      // web1 is in ERROR once the service has evaluated: the page lists it, in words.
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                driver.navigate().refresh();
                return !driver.findElements(By.cssSelector("li[data-target=web1]")).isEmpty();
              });
      // The live list is swapped in when its stream opens: a card read then may be replaced.
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                WebElement web1 = driver.findElement(By.cssSelector("li[data-target=web1]"));
                assertThat(web1.findElement(By.className("label")).getText()).isEqualTo("ERROR");
                assertThat(web1.getText()).contains("since");
                assertThat(
                        driver
                            .findElement(By.cssSelector("section[data-client=acme] h2"))
                            .getText())
                    .isEqualTo("ACME Industries");
              });
      // A marker the page loses if it is reloaded: the new problem must arrive without one.
      driver.switchTo().defaultContent();
      ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("window.notReloaded = 1;");
      assertThat(driver.findElements(By.cssSelector("li[data-target=db1]"))).isEmpty();
      failed("db1", "globex", FailureKind.HOST_KEY_MISMATCH, "la clé d'hôte a changé");
      await()
          .atMost(Duration.ofSeconds(40))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> !driver.findElements(By.cssSelector("li[data-target=db1]")).isEmpty());
      assertThat(
              ((org.openqa.selenium.JavascriptExecutor) driver)
                  .executeScript("return window.notReloaded;"))
          .as("the new problem came without a reload")
          .isEqualTo(1L);
      List<WebElement> groups = driver.findElements(By.cssSelector("section[data-client]"));
      assertThat(groups).hasSize(2);
      shoot(driver, "problems.png");
      // The same page on a phone: one column, nothing cut off sideways.
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
      shoot(driver, "problems-phone.png");
      // The filter is in the URL: a link shows the same list, and keeps it on live updates.
      driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
      driver.get(url("/console/?client=acme"));
      assertThat(driver.findElements(By.cssSelector("li[data-target=web1]"))).hasSize(1);
      assertThat(driver.findElements(By.cssSelector("li[data-target=db1]"))).isEmpty();
      assertThat(
              new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("f-client")))
                  .getFirstSelectedOption()
                  .getText())
          .isEqualTo("ACME Industries");
      new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("f-client")))
          .selectByVisibleText("Globex");
      driver.findElement(By.cssSelector("form.filter button")).click();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> driver.getCurrentUrl().contains("client=globex"));
      assertThat(driver.findElements(By.cssSelector("li[data-target=db1]"))).hasSize(1);
      assertThat(driver.findElements(By.cssSelector("li[data-target=web1]"))).isEmpty();
      // An operator acknowledges a problem from the page, with a comment: the mark follows.
      driver.get(url("/console/"));
      // The list is swapped in once when the live stream opens: act on it after that.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  ((org.openqa.selenium.JavascriptExecutor) driver)
                          .executeScript(
                              "return document.getElementById('problems').dataset.updated || null;")
                      != null);
      // From its card: the folded actions, then the target's page for a comment.
      driver.findElement(By.cssSelector("li[data-target=web1] details.act summary")).click();
      driver.findElement(By.linkText("Acknowledge with a comment…")).click();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> driver.getCurrentUrl().endsWith("/console/targets/web1#act"));
      driver.findElement(By.id("ack-web1")).sendKeys("swapping the disk");
      driver.findElement(By.cssSelector("#act form.act button")).click();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> driver.getCurrentUrl().endsWith("/console/targets/web1"));
      assertThat(driver.findElement(By.cssSelector("p.ack")).getText())
          .isEqualTo("Acknowledged by nora: swapping the disk");
      assertThat(driver.findElements(By.cssSelector("#act form"))).isEmpty();
      driver.get(url("/console/"));
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions() // the live update swaps the list in while it is read
          .until(
              () ->
                  driver
                      .findElement(By.cssSelector("li[data-target=web1]"))
                      .getText()
                      .contains("acknowledged by nora"));
      assertThat(driver.findElements(By.cssSelector("li[data-target=web1] form.act"))).isEmpty();
      // Logging out ends the session: the page is the login form again, and stays so.
      driver.findElement(By.cssSelector("form.logout button")).click();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> driver.getCurrentUrl().endsWith("/console/login?logout"));
      assertThat(driver.findElement(By.cssSelector(".notice")).getText())
          .isEqualTo("You are logged out.");
      driver.get(url("/console/"));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> driver.getCurrentUrl().endsWith("/console/login"));
    }
  }

  @Test
  void aWrongPasswordIsRefusedInTheUsersLanguageAndTheFormWorksFromTheKeyboard() throws Exception {
    try (Browser browser = Browser.start(400, 800, "fr")) {
      WebDriver driver = browser.driver();
      driver.get(url("/console/login"));
      assertThat(driver.findElement(By.cssSelector("label[for=password]")).getText())
          .isEqualTo("Mot de passe");
      // With the keyboard only: the name field has the focus, Tab goes to the password, Enter
      // sends.
      assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("username");
      driver.switchTo().activeElement().sendKeys("nora", org.openqa.selenium.Keys.TAB);
      assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("password");
      driver
          .switchTo()
          .activeElement()
          .sendKeys("not-noras-password", org.openqa.selenium.Keys.ENTER);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> driver.getCurrentUrl().endsWith("/console/login?error"));
      assertThat(driver.findElement(By.cssSelector(".notice.error")).getText())
          .isEqualTo("Nom ou mot de passe incorrect.");
      driver.get(url("/console/problems"));
      assertThat(driver.getCurrentUrl()).endsWith("/console/login");
    }
  }

  @Test
  void theSessionCookieIsHttpOnlyAndLaxAndAFormWithoutItsTokenIsRefused() throws Exception {
    HttpResponse<String> login =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url("/console/login"))).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.body()).contains("name=\"_csrf\"").doesNotContain("http://", "https://");
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).startsWith("VIGIE_SESSION=").contains("HttpOnly").contains("SameSite=Lax");
    // The right password, but no CSRF token: refused, and no session is opened.
    HttpResponse<String> forged =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url("/console/login")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookie.substring(0, cookie.indexOf(';')))
                .POST(HttpRequest.BodyPublishers.ofString("username=nora&password=nora-password"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(forged.statusCode()).isEqualTo(403);
    // The API keeps HTTP Basic and opens no session.
    HttpResponse<String> api =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url("/api/statuses")))
                .header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString("nora:nora-password".getBytes()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(api.statusCode()).isEqualTo(200);
    assertThat(api.headers().firstValue("Set-Cookie")).isEmpty();
  }

  /** The session cookie of the last {@link #postLogin}. */
  String lastCookie = "";

  /** Logs in through the form without a browser; answers where the service sends to. */
  String postLogin(String user, String password) throws Exception {
    HttpResponse<String> form =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url("/console/login"))).build(),
            HttpResponse.BodyHandlers.ofString());
    String cookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    java.util.regex.Matcher token =
        java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
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
                            + java.net.URLEncoder.encode(
                                token.group(1), java.nio.charset.StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(302);
    lastCookie = login.headers().firstValue("Set-Cookie").map(c -> c.split(";")[0]).orElse(cookie);
    return login.headers().firstValue("Location").orElseThrow();
  }

  @Test
  void repeatedFailedLoginsLockTheNameEvenForTheRightPassword() throws Exception {
    assertThat(postLogin("lena", "lena-password")).endsWith("/console/");
    for (int i = 0; i < 5; i++) {
      assertThat(postLogin("lena", "guess-" + i)).endsWith("/console/login?error");
    }
    assertThat(postLogin("lena", "lena-password")).endsWith("/console/login?locked");
    HttpResponse<String> page =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url("/console/login?locked")))
                .header("Accept-Language", "fr-FR,fr;q=0.9")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.body()).contains("Trop d'échecs de connexion pour ce nom");
    assertThat(postLogin("nora", "nora-password")).as("another name").endsWith("/console/");
  }

  @Test
  void aViewerHasNoActionAndTheServerRefusesItsActionAnyway() throws Exception {
    assertThat(postLogin("vic", "vic-password")).endsWith("/console/");
    String cookie = lastCookie;
    HttpResponse<String> page =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url("/console/"))).header("Cookie", cookie).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).doesNotContain("form method=\"post\" class=\"act\"");
    java.util.regex.Matcher token =
        java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
    assertThat(token.find()).isTrue();
    HttpResponse<String> act =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url("/console/targets/db1/ack")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookie)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "comment=mine&_csrf="
                            + java.net.URLEncoder.encode(
                                token.group(1), java.nio.charset.StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(act.statusCode()).isEqualTo(403);
  }
}
