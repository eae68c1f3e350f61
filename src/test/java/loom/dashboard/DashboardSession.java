package loom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import loom.testing.Browser;
import loom.testing.GatewayClient;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A browser on the deployed dashboard for one test, with the steps every dashboard test takes: log in, log out,
 * wait for a chart to be drawn, check that no injected script ran. Register it with {@code @RegisterExtension}.
 * One Chromium serves every test of the run (starting one costs seconds on a busy machine); each test gets it
 * without cookies, on a blank page, at the standard size, as a new browser would be. A failing test leaves a
 * screenshot under {@code target/dashboard-it/<container>/}. JUnit closes the browser when the run ends.
 */
public final class DashboardSession
    implements BeforeEachCallback, AfterTestExecutionCallback, AfterEachCallback {
  /** The bootstrap admin's dashboard password in src/test/it/loom-it.yaml. */
  public static final String ADMIN_PASSWORD = "it-admin-password";

  public static final Path SHOTS =
      Path.of("target", "dashboard-it", System.getProperty("loom.container", "local"));
  public static final Duration WAIT = Duration.ofSeconds(20);

  private Browser browser;

  private static final ExtensionContext.Namespace SHARED =
      ExtensionContext.Namespace.create(DashboardSession.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    browser =
        context
            .getRoot()
            .getStore(SHARED)
            .getOrComputeIfAbsent(Browser.class, key -> Browser.start(), Browser.class);
    dismissAnyAlert();
    driver().get("about:blank");
    driver().executeCdpCommand("Network.clearBrowserCookies", Map.of());
    browser.viewport(Browser.SIZE);
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    if (context.getExecutionException().isPresent() && browser != null) {
      dismissAnyAlert();
      browser.screenshot(
          SHOTS.resolve(
              context.getRequiredTestClass().getSimpleName()
                  + "-"
                  + context.getRequiredTestMethod().getName()
                  + "-failed.png"));
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (browser != null) {
      dismissAnyAlert();
      browser = null;
    }
  }

  public Browser browser() {
    return browser;
  }

  public ChromeDriver driver() {
    return browser.driver();
  }

  public WebDriverWait waiting() {
    return new WebDriverWait(driver(), WAIT);
  }

  /**
   * Waits until the page no longer holds {@code element}: a new page or an ajax update replaced it. Chromium
   * reports a replaced node as a stale element, or, when the check races the replacement, as "Node with given
   * id does not belong to the document" (which ExpectedConditions.stalenessOf does not take for stale).
   */
  public void awaitReplaced(WebElement element) {
    waiting()
        .until(
            driver -> {
              try {
                element.isEnabled();
                return false;
              } catch (StaleElementReferenceException gone) {
                return true;
              } catch (WebDriverException e) {
                if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                  return true;
                }
                throw e;
              }
            });
  }

  /** Opens {@code path} (below the gateway's base, e.g. {@code /dashboard/logs.xhtml}). */
  public void open(String path) {
    driver().get(GatewayClient.base() + path);
  }

  /** Logs in on the login page and waits until {@code landing} (a dashboard path) has opened. */
  public void logIn(String name, String password, String landing) {
    open("/login.xhtml" + (landing.equals("/dashboard/index.xhtml") ? "" : "?next=" + landing));
    submitLogin(name, password);
    waiting().until(ExpectedConditions.urlContains(landing));
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("userName")));
  }

  public void logInAsAdmin(String landing) {
    logIn("admin", ADMIN_PASSWORD, landing);
  }

  public void submitLogin(String name, String password) {
    WebElement user =
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("login:username")));
    user.clear();
    user.sendKeys(name);
    driver().findElement(By.id("login:password")).sendKeys(password);
    driver().findElement(By.id("login:submit")).click();
  }

  public void logOut() {
    driver().findElement(By.id("logoutForm:logout")).click();
    waiting().until(ExpectedConditions.urlContains("/login.xhtml"));
  }

  /** Follows a menu entry (e.g. {@code navLogs}) and waits for the page's title. */
  public void navigate(String navId, String title) {
    driver().findElement(By.id(navId)).click();
    waiting().until(ExpectedConditions.textToBe(By.tagName("h1"), title));
  }

  /** Waits until the chart's canvas has painted pixels; false never returns, a timeout fails the test. */
  public boolean awaitDrawn(String chartId) {
    WebElement canvas =
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id(chartId + "_canvas")));
    return waiting()
        .until(
            browser ->
                Boolean.TRUE.equals(
                    driver()
                        .executeScript(
                            "const c = arguments[0]; if (!c.width || !c.height) return false;"
                                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                                + "for (let i = 3; i < d.length; i += 4) { if (d[i] !== 0) return true; } return false;",
                            canvas)));
  }

  /** No alert is open and none of the payloads set its marker ({@code window.__xss}). */
  public void assertNoScriptRan() {
    try {
      String text = driver().switchTo().alert().getText();
      throw new AssertionError("a page raised an alert: " + text);
    } catch (NoAlertPresentException expected) {
      // as it should be
    }
    assertThat(driver().executeScript("return typeof window.__xss")).isEqualTo("undefined");
  }

  public void dismissAnyAlert() {
    try {
      driver().switchTo().alert().dismiss();
    } catch (RuntimeException none) {
      // nothing to dismiss
    }
  }

  /** Sets an input's value as a whole (date pickers' popups and key handling get in the way of sendKeys). */
  public void replace(WebElement input, String text) {
    driver().executeScript("arguments[0].value = arguments[1];", input, text);
  }

  public void screenshot(String name) {
    browser.screenshot(SHOTS.resolve(name));
  }
}
