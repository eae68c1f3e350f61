package loom.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium for dashboard tests: Debian's {@code /usr/bin/chromium} driven by its
 * {@code /usr/bin/chromedriver} (both named explicitly, so Selenium Manager, which would download drivers,
 * never runs), with a fresh profile and no background traffic. ChromeDriver accepts local connections only.
 * Alerts are left open rather than dismissed, so a test can see whether a page ever raised one.
 */
public final class Browser implements AutoCloseable {
  public static final String CHROMIUM = "/usr/bin/chromium";
  public static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  /** The size of the page in every window (the viewport), and of the screenshots in the docs. */
  public static final Dimension SIZE = new Dimension(1366, 900);

  private final ChromeDriverService service;
  private final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriverService service, ChromeDriver driver, Path profile) {
    this.service = service;
    this.driver = driver;
    this.profile = profile;
  }

  public static Browser start() {
    for (String file : new String[] {CHROMIUM, CHROMEDRIVER}) {
      if (!new File(file).canExecute()) {
        throw new IllegalStateException(
            file
                + " is missing: install Debian's chromium and chromium-driver "
                + "(./test.sh does)");
      }
    }
    Path profile;
    try {
      profile = Files.createTempDirectory("loom-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + profile,
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--no-first-run",
        "--disable-extensions",
        "--window-size=" + SIZE.getWidth() + "," + SIZE.getHeight());
    options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
    ChromeDriver driver;
    try {
      driver = new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      service.stop();
      deleteQuietly(profile);
      throw e;
    }
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    Browser browser = new Browser(service, driver, profile);
    browser.viewport(SIZE);
    return browser;
  }

  /** Sizes the window so the page itself (not counting the browser's frame) gets {@code size}. */
  public void viewport(Dimension size) {
    driver.manage().window().setSize(size);
    if (driver.executeScript("return [window.innerWidth, window.innerHeight];")
            instanceof List<?> inner
        && inner.size() == 2) {
      int width = ((Number) inner.get(0)).intValue();
      int height = ((Number) inner.get(1)).intValue();
      driver
          .manage()
          .window()
          .setSize(new Dimension(2 * size.getWidth() - width, 2 * size.getHeight() - height));
    }
  }

  public ChromeDriver driver() {
    return driver;
  }

  /** Saves what the window shows as a PNG. */
  public void screenshot(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(shot, file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      deleteQuietly(profile);
    }
  }

  private static void deleteQuietly(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // a temporary profile left behind is harmless
    }
  }
}
