package loom.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import loom.testing.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * How long the dashboard's overview takes to be fully rendered in a real browser (Debian's headless Chromium):
 * logs in, then for each time-range preset loads the overview {@code runs} times (after one warm-up) and reads,
 * from the page's own clock (navigation timing, milliseconds since the navigation started): when the server's
 * answer began ({@code responseStart}), when the load event ended, and when every chart's canvas had painted
 * pixels (polled on each animation frame; the charts do not animate). Prints one line per preset:
 * {@code range=… runs=… ttfb_ms=… load_ms=… charts_ms=…(median) charts_max_ms=…}. With the system property
 * {@code loom.bench.screenshot} (a PNG file) it saves what the window shows at the end.
 * <p>Usage: {@code DashboardOverviewBench BASE-URL USER PASSWORD RUNS [PRESET...]} with presets as the picker
 * labels them ({@code "24 h"}, {@code "7 d"}, {@code "30 d"}).
 */
public final class DashboardOverviewBench {
  private static final String CHARTS_DRAWN =
      """
      const done = arguments[arguments.length - 1];
      const started = performance.now();
      function painted(canvas) {
        if (!canvas.width || !canvas.height) return false;
        const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 3; i < d.length; i += 4) { if (d[i] !== 0) return true; }
        return false;
      }
      function check() {
        const canvases = Array.from(document.querySelectorAll('canvas'));
        if (canvases.length > 0 && canvases.every(painted)) { done(performance.now()); return; }
        if (performance.now() - started > 60000) { done(-1); return; }
        requestAnimationFrame(check);
      }
      check();
      """;

  private DashboardOverviewBench() {}

  public static void main(String[] args) {
    if (args.length < 4) {
      System.err.println("usage: DashboardOverviewBench BASE-URL USER PASSWORD RUNS [PRESET...]");
      System.exit(2);
    }
    String base = args[0];
    int runs = Integer.parseInt(args[3]);
    List<String> presets =
        args.length > 4 ? List.of(args).subList(4, args.length) : List.of("24 h", "7 d", "30 d");
    try (Browser browser = Browser.start()) {
      ChromeDriver driver = browser.driver();
      WebDriverWait wait = new WebDriverWait(driver, java.time.Duration.ofSeconds(120));
      driver.manage().timeouts().scriptTimeout(java.time.Duration.ofSeconds(90));
      driver.get(base + "/login.xhtml");
      driver.findElement(By.id("login:username")).sendKeys(args[1]);
      driver.findElement(By.id("login:password")).sendKeys(args[2]);
      driver.findElement(By.id("login:submit")).click();
      wait.until(ExpectedConditions.urlContains("/dashboard/index.xhtml"));
      for (String preset : presets) {
        WebElement label = driver.findElement(By.className("loom-range-label"));
        driver
            .findElement(
                By.xpath("//div[@id='rangeForm:range']//div[normalize-space(.)='" + preset + "']"))
            .click();
        wait.until(ExpectedConditions.stalenessOf(label));
        String page = driver.getCurrentUrl();
        List<double[]> samples = new ArrayList<>();
        for (int run = 0; run <= runs; run++) {
          driver.get(page);
          double charts = ((Number) driver.executeAsyncScript(CHARTS_DRAWN)).doubleValue();
          if (charts < 0) {
            throw new IllegalStateException(
                "the charts of " + preset + " were not drawn within 60 s");
          }
          @SuppressWarnings("unchecked")
          Map<String, Object> timing =
              (Map<String, Object>)
                  driver.executeScript(
                      "const n = performance.getEntriesByType('navigation')[0];"
                          + "return {ttfb: n.responseStart, load: n.loadEventEnd};");
          if (run > 0) { // the first load warms up caches and JIT
            samples.add(
                new double[] {number(timing.get("ttfb")), number(timing.get("load")), charts});
          }
        }
        System.out.printf(
            Locale.ROOT,
            "range=%s runs=%d ttfb_ms=%.0f load_ms=%.0f charts_ms=%.0f charts_max_ms=%.0f%n",
            preset.replace(" ", ""),
            runs,
            median(samples, 0),
            median(samples, 1),
            median(samples, 2),
            samples.stream().mapToDouble(sample -> sample[2]).max().orElse(0));
      }
      // The last range as the browser shows it, for the docs (e.g. the README's screenshot).
      String screenshot = System.getProperty("loom.bench.screenshot");
      if (screenshot != null) {
        browser.screenshot(Path.of(screenshot));
      }
    }
  }

  private static double number(Object value) {
    return ((Number) value).doubleValue();
  }

  private static double median(List<double[]> samples, int column) {
    double[] values = samples.stream().mapToDouble(sample -> sample[column]).sorted().toArray();
    int middle = values.length / 2;
    return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
  }
}
