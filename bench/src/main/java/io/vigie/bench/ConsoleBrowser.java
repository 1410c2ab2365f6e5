package io.vigie.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium, headless, driven through Debian's chromedriver, with a timer put in every page
 * before its own scripts run (DevTools' Page.addScriptToEvaluateOnNewDocument): a MutationObserver
 * that notes when the page holds its N items ({@code performance.now()}, from the navigation's
 * start), the frame after that, and when a watched target's item appears ({@code Date.now()}, the
 * machine's clock, as the service's listeners read it).
 */
final class ConsoleBrowser implements AutoCloseable {
  /** Which page: Vigie's items are {@code li.problem[data-target]}, Alertmanager's alert rows. */
  enum Kind {
    VIGIE("problem"),
    PEER("list-group-item");

    final String itemClass;

    Kind(String itemClass) {
      this.itemClass = itemClass;
    }
  }

  /**
   * A page load, ms from the navigation's start: the HTML's first and last byte, DOMContentLoaded,
   * load, the N items in the DOM, the frame after; the items counted then; the API answer the page
   * waited for (the peer's alert groups; NaN for Vigie, whose HTML holds the list); the HTML's
   * size.
   */
  record Render(
      double responseStart,
      double responseEnd,
      double domContentLoaded,
      double load,
      double items,
      double painted,
      long count,
      double apiEnd,
      long htmlBytes) {}

  /** A fetch of the page, epoch ms: its start, first byte and last byte; NaN when none. */
  record Fetch(double start, double firstByte, double end) {}

  private static final String TIMER =
      """
      (function () {
        var cfg = %s;
        var b = (window.__bench = { dom: null, paint: null, count: 0, seen: null, seenWall: null,
                                    target: cfg.target });
        var items = document.getElementsByClassName(cfg.cls);
        function seen() {
          if (!b.target) return false;
          if (cfg.kind === 'VIGIE') return document.querySelector('li[data-target="' + b.target + '"]') !== null;
          var want = 'target="' + b.target + '"';
          var spans = document.querySelectorAll('li.list-group-item span.btn');
          for (var i = 0; i < spans.length; i++) if (spans[i].textContent === want) return true;
          return false;
        }
        function check() {
          if (b.dom === null && items.length >= cfg.count) {
            b.dom = performance.now();
            b.count = items.length;
            requestAnimationFrame(function () { setTimeout(function () { b.paint = performance.now(); }, 0); });
          }
          if (b.seen === null && seen()) { b.seen = performance.now(); b.seenWall = Date.now(); }
        }
        new MutationObserver(check).observe(document, { childList: true, subtree: true });
      })();
      """;

  private final ChromeDriver driver;
  private final Path profile;
  private @Nullable String timer;

  private ConsoleBrowser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** A fresh profile, a wall screen's window (1920x1080), English. */
  static ConsoleBrowser start() throws Exception {
    Path chromium = Path.of("/usr/bin/chromium");
    Path chromedriver = Path.of("/usr/bin/chromedriver");
    for (Path binary : new Path[] {chromium, chromedriver}) {
      if (!Files.isExecutable(binary)) {
        throw new IllegalStateException(binary + " is missing: ./vigie bench installs it");
      }
    }
    Path profile = Files.createTempDirectory("vigie-bench-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox", // run as root, chromium's sandbox refuses to start
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--user-data-dir=" + profile,
        "--window-size=1920,1080",
        "--lang=en");
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(chromedriver.toString()))
            .usingAnyFreePort()
            .build();
    return new ConsoleBrowser(new ChromeDriver(service, options), profile);
  }

  /** Logs in to Vigie's console through its form; the session cookie stays for the run. */
  void logIn(String loginPage, String user, String password) throws InterruptedException {
    driver.get(loginPage);
    driver.findElement(By.id("username")).sendKeys(user);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.cssSelector("form button[type=submit]")).click();
    until(() -> driver.getCurrentUrl().endsWith("/console/"), 60_000, "the login");
  }

  /** Sets a key of the page origin's localStorage (Alertmanager's UI keeps its settings there). */
  void localStorage(String origin, String key, String value) {
    driver.get(origin);
    driver.executeScript("localStorage.setItem(arguments[0], arguments[1]);", key, value);
  }

  /**
   * A fresh load of {@code url} (from a blank page, so that a hash URL is loaded anew), until its
   * {@code count} items are in the DOM and a frame has passed; {@code target}, when not null, is
   * watched from the start.
   */
  Render load(String url, Kind kind, int count, @Nullable String target)
      throws InterruptedException {
    prepare(kind, count, target);
    return open(url);
  }

  /** A blank page, and the timer for the next page, set for its items and {@code target}. */
  void prepare(Kind kind, int count, @Nullable String target) {
    driver.get("about:blank");
    String config =
        "{\"cls\":\"%s\",\"count\":%d,\"kind\":\"%s\",\"target\":%s}"
            .formatted(kind.itemClass, count, kind, target == null ? "null" : "\"" + target + "\"");
    if (timer != null) {
      driver.executeCdpCommand(
          "Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", timer));
    }
    Map<String, Object> added =
        driver.executeCdpCommand(
            "Page.addScriptToEvaluateOnNewDocument", Map.of("source", TIMER.formatted(config)));
    timer = String.valueOf(added.get("identifier"));
  }

  /** Loads {@code url} after {@link #prepare}, until its items are in the DOM and painted. */
  Render open(String url) throws InterruptedException {
    driver.get(url);
    until(() -> number("return window.__bench && window.__bench.paint;") > 0, 120_000, url);
    List<?> t =
        list(
            driver.executeScript(
                """
                var n = performance.getEntriesByType('navigation')[0];
                var api = performance.getEntriesByType('resource')
                  .filter(function (e) { return e.name.indexOf('/api/v2/alerts/groups') >= 0; });
                return [n.responseStart, n.responseEnd, n.domContentLoadedEventEnd, n.loadEventEnd,
                        window.__bench.dom, window.__bench.paint, window.__bench.count,
                        api.length ? api[0].responseEnd : -1, n.decodedBodySize];
                """));
    double api = ((Number) t.get(7)).doubleValue();
    return new Render(
        d(t.get(0)),
        d(t.get(1)),
        d(t.get(2)),
        d(t.get(3)),
        d(t.get(4)),
        d(t.get(5)),
        ((Number) t.get(6)).longValue(),
        api < 0 ? Double.NaN : api,
        ((Number) t.get(8)).longValue());
  }

  /**
   * Vigie's list asked again when the page's live stream opens, ms from the navigation's start: the
   * fetch's start, its last byte (NaN when the page was current and asked nothing), and the moment
   * the page was known current (its {@code data-updated}: the swap done, or the stream's first
   * event saying nothing changed since the page was rendered).
   */
  Fetch firstSwap() {
    List<?> t =
        list(
            driver.executeScript(
                """
                var f = performance.getEntriesByType('resource').filter(function (e) {
                  return e.name.indexOf('/console/problems') >= 0; })[0];
                var done = Number(document.getElementById('problems').dataset.updated || 0);
                return [f ? f.startTime : -1, f ? f.responseEnd : -1,
                        done ? done - performance.timeOrigin : -1];
                """));
    double[] v =
        t.stream().mapToDouble(ConsoleBrowser::d).map(x -> x < 0 ? Double.NaN : x).toArray();
    return new Fetch(v[0], v[1], v[2]);
  }

  /** Watches the current page for {@code target}'s item from now on. */
  void watch(String target) {
    driver.executeScript(
        "window.__bench.seen = null; window.__bench.seenWall = null;"
            + " window.__bench.target = arguments[0];",
        target);
  }

  /** When the watched item appeared (epoch ms), waiting up to {@code timeoutMs}; NaN if never. */
  double seen(long timeoutMs) throws InterruptedException {
    long end = System.currentTimeMillis() + timeoutMs;
    while (System.currentTimeMillis() < end) {
      double at = number("return window.__bench.seenWall;");
      if (at > 0) {
        return at;
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    return Double.NaN;
  }

  /**
   * The last fetch of {@code path} before the watched item appeared, epoch ms: its start, first
   * byte and end (Vigie's live swap asks its list again); NaN when there is none.
   */
  Fetch fetchBeforeSeen(String path) {
    List<?> t =
        list(
            driver.executeScript(
                """
                var path = arguments[0], seen = window.__bench.seen, last = null;
                performance.getEntriesByType('resource').forEach(function (e) {
                  if (e.name.indexOf(path) >= 0 && e.startTime <= seen) last = e;
                });
                var o = performance.timeOrigin;
                return last ? [o + last.startTime, o + last.responseStart, o + last.responseEnd]
                            : [-1, -1, -1];
                """,
                path));
    double[] v =
        t.stream().mapToDouble(ConsoleBrowser::d).map(x -> x < 0 ? Double.NaN : x).toArray();
    return new Fetch(v[0], v[1], v[2]);
  }

  /** Evaluates a script answering a number (0 for null). */
  double number(String script) {
    Object v = driver.executeScript(script);
    return v instanceof Number n ? n.doubleValue() : 0;
  }

  private void until(Supplier<Boolean> done, long timeoutMs, String what)
      throws InterruptedException {
    long end = System.currentTimeMillis() + timeoutMs;
    while (!done.get()) {
      if (System.currentTimeMillis() > end) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  private static List<?> list(@Nullable Object answer) {
    if (!(answer instanceof List<?> l)) {
      throw new IllegalStateException("the page's timer answered " + answer);
    }
    return l;
  }

  private static double d(@Nullable Object o) {
    if (o == null) {
      return Double.NaN;
    }
    return ((Number) o).doubleValue();
  }

  @Override
  public void close() throws java.io.IOException {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }
}
