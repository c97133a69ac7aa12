package dev.weft.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless chromium, driven through its chromedriver. Skips the test when they are not
 * installed, unless {@code WEFT_REQUIRE_BROWSER} is set (as CI does, after installing them).
 */
final class Browser implements AutoCloseable {

  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path SCREENSHOTS = Path.of("target", "dashboard");

  final ChromeDriver driver;
  final WebDriverWait wait;

  Browser(Path profile) {
    boolean present = Files.isExecutable(DRIVER) && Files.isExecutable(CHROMIUM);
    if (System.getenv("WEFT_REQUIRE_BROWSER") == null) {
      Assumptions.assumeTrue(
          present, "chromium and chromium-driver are not installed (apt-get install them)");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--window-size=1400,900",
        "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  /** Saves what the browser shows as target/dashboard/NAME.png, for people to look at. */
  void screenshot(String name) throws java.io.IOException {
    Files.createDirectories(SCREENSHOTS);
    Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
  }

  @Override
  public void close() {
    driver.quit();
  }
}
