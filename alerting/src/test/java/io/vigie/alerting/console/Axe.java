package io.vigie.alerting.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * axe-core, the accessibility rules engine, run in the page the browser shows: its script comes
 * from the npm package that ./vigie test installs (alerting/src/test/browser), injected by the
 * test; the console never serves it.
 */
final class Axe {
  static final Path SCRIPT = Path.of("src/test/browser/node_modules/axe-core/axe.min.js");

  private Axe() {}

  /** A rule the page breaks, with how bad axe deems it and where. */
  record Violation(String rule, String impact, String help, List<String> where) {
    boolean serious() {
      return "serious".equals(impact) || "critical".equals(impact);
    }
  }

  /** Every violation axe finds in the page as it is now (WCAG 2.x A and AA rules and its own). */
  static List<Violation> check(WebDriver driver) throws Exception {
    if (!Files.isReadable(SCRIPT)) {
      throw new AssertionError(
          SCRIPT.toAbsolutePath()
              + " is missing: run npm ci in alerting/src/test/browser (./vigie test does)");
    }
    JavascriptExecutor js = (JavascriptExecutor) driver;
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    js.executeScript(Files.readString(SCRIPT));
    Object answer =
        js.executeAsyncScript(
            "var done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']})"
                + ".then(function (r) { done(JSON.stringify(r.violations)); })"
                + ".catch(function (e) { done('axe failed: ' + e); });");
    String json = String.valueOf(answer);
    if (json.startsWith("axe failed")) {
      throw new AssertionError(json);
    }
    List<Violation> found = new ArrayList<>();
    for (JsonNode v : JsonMapper.builder().build().readTree(json)) {
      List<String> where = new ArrayList<>();
      v.path("nodes").forEach(n -> where.add(n.path("html").asString()));
      found.add(
          new Violation(
              v.path("id").asString(),
              v.path("impact").asString(),
              v.path("help").asString(),
              where));
    }
    return found;
  }
}
