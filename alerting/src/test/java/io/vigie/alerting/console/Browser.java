package io.vigie.alerting.console;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Debian chromium driven through Debian's chromedriver, for the console's browser tests.
 * Nothing is downloaded: Selenium Manager is bypassed by naming both binaries, and a machine
 * without them gets a failure that says what to install.
 */
public final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Starts chromium headless with a fresh profile, a window of the given size, English first. */
  public static Browser start(int width, int height, String language) throws Exception {
    for (Path binary : new Path[] {CHROMIUM, CHROMEDRIVER}) {
      if (!Files.isExecutable(binary)) {
        throw new AssertionError(
            binary + " is missing: install chromium chromium-driver (./vigie test does)");
      }
    }
    Path profile = Files.createTempDirectory("vigie-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox", // the tests may run as root, where chromium's sandbox refuses to start
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--user-data-dir=" + profile,
        "--window-size=" + width + "," + height,
        "--lang=" + language);
    options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", language));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    return new Browser(new ChromeDriver(service, options), profile);
  }

  /** The Selenium driver. */
  public ChromeDriver driver() {
    return driver;
  }

  @Override
  public void close() throws java.io.IOException {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }
}
