package loom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import loom.testing.ApiClient;
import loom.testing.FakeUpstream;
import loom.testing.GatewayClient;
import loom.testing.LoggedRows;
import loom.testing.UpstreamExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (headless Chromium) against the deployed WAR: the login, the overview with
 * figures and drawn charts after proxied traffic, the logout, admin pages closed to other users, and markup in
 * prompts, model names and user names shown as text, never run. A failing test leaves a screenshot in
 * {@code target/dashboard-it/<container>/}; the overview is saved there as {@code overview.png} each run.
 */
@ExtendWith(UpstreamExtension.class)
class DashboardIT {
  /** The bootstrap admin's dashboard password in src/test/it/loom-it.yaml. */
  static final String ADMIN_PASSWORD = DashboardSession.ADMIN_PASSWORD;

  static final List<String> PAGES =
      List.of(
          "/dashboard/index.xhtml",
          "/dashboard/logs.xhtml",
          "/dashboard/costs.xhtml",
          "/dashboard/alerts.xhtml",
          "/dashboard/users.xhtml");
  static final String ADMIN_PAGE = "/dashboard/admin/cache.xhtml";
  static final Duration WAIT = DashboardSession.WAIT;

  private final ApiClient api = ApiClient.admin();
  private final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @RegisterExtension final DashboardSession session = new DashboardSession();
  private ChromeDriver driver;

  @BeforeEach
  void useTheSessionsBrowser() {
    driver = session.driver();
  }

  @Test
  void withoutALoginEveryDashboardPageLeadsToTheLoginPage() throws Exception {
    List<String> paths = new ArrayList<>(PAGES);
    paths.add(ADMIN_PAGE);
    paths.add("/dashboard/");
    paths.add("/dashboard/no-such-page.xhtml");
    for (String path : paths) {
      HttpResponse<String> response = get(path, null);
      assertThat(response.statusCode()).as(path).isEqualTo(302);
      // Jetty writes the Location absolute, Tomcat as a path.
      assertThat(response.headers().firstValue("Location"))
          .as(path)
          .hasValueSatisfying(
              location ->
                  assertThat(URI.create(GatewayClient.base()).resolve(location).getPath())
                      .isEqualTo(URI.create(GatewayClient.base()).getPath() + "/login.xhtml"));
    }

    // The start page links the dashboard.
    driver.get(GatewayClient.base() + "/");
    driver.findElement(By.id("dashboard")).click();
    new WebDriverWait(driver, WAIT).until(ExpectedConditions.urlContains("/login.xhtml"));
    assertThat(driver.getTitle()).isEqualTo("Log in · Loom Gateway");

    driver.get(GatewayClient.base() + "/dashboard/logs.xhtml");

    new WebDriverWait(driver, WAIT).until(ExpectedConditions.urlContains("/login.xhtml?next="));
    assertThat(driver.findElement(By.id("login:username")).isDisplayed()).isTrue();
    assertThat(driver.getCurrentUrl()).contains("next=%2Fdashboard%2Flogs.xhtml");
    // After the login the page asked for opens.
    session.logIn("admin", ADMIN_PASSWORD, "/dashboard/logs.xhtml");
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Logs");
    assertThat(driver.findElements(By.className("loom-next"))).as("no placeholder").isEmpty();
    assertThat(
            driver.findElements(By.id("logs:table")).size()
                + driver.findElements(By.id("empty")).size())
        .as("the table, or the empty state of a range without requests")
        .isEqualTo(1);
  }

  @Test
  void aWrongPasswordIsRefusedWithoutSayingWhichPartWasWrongAndGuessingIsThrottled() {
    driver.get(GatewayClient.base() + "/login.xhtml");
    session.submitLogin("admin", "not-the-password");
    new WebDriverWait(driver, WAIT)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("login:messages"), "Wrong user name or password."));
    session.submitLogin("nobody-" + UUID.randomUUID(), ADMIN_PASSWORD);
    new WebDriverWait(driver, WAIT)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("login:messages"), "Wrong user name or password."));
    assertThat(driver.getCurrentUrl()).contains("/login.xhtml");

    // Guessing at one name stops after five failures: the sixth try is refused before its password
    // is checked.
    String guessed = "nobody-" + UUID.randomUUID();
    for (int i = 0; i < 5; i++) {
      WebElement submit = driver.findElement(By.id("login:submit"));
      session.submitLogin(guessed, "guess " + i);
      session.awaitReplaced(submit);
    }
    session.submitLogin(guessed, ADMIN_PASSWORD);
    new WebDriverWait(driver, WAIT)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("login:messages"), "Too many failed logins. Try again in"));
  }

  @Test
  void theAdminSeesFiguresAndDrawnChartsOfTheTrafficThenLogsOut(FakeUpstream upstream)
      throws Exception {
    List<HttpResponse<String>> sent = new ArrayList<>();
    GatewayClient gateway = new GatewayClient();
    for (int i = 0; i < 6; i++) {
      sent.add(
          gateway.postJson(
              "/v1/chat/completions",
              GatewayClient.chatBody(
                  i % 2 == 0 ? "mock/gpt-4o-mini" : "mock/gpt-4o",
                  "dashboard " + i + " " + UUID.randomUUID(),
                  false)));
    }
    sent.forEach(response -> assertThat(response.statusCode()).isEqualTo(200));
    LoggedRows.await(
        sent.stream()
            .map(response -> response.headers().firstValue("X-Loom-Request-Id").orElseThrow())
            .toList());

    driver.get(GatewayClient.base() + "/login.xhtml");
    String before = driver.manage().getCookieNamed("JSESSIONID").getValue();
    session.logIn("admin", ADMIN_PASSWORD, "/dashboard/index.xhtml");

    assertThat(driver.manage().getCookieNamed("JSESSIONID").getValue())
        .as("a new session id after the login")
        .isNotEqualTo(before);
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Overview");
    assertThat(driver.findElement(By.id("userName")).getText()).isEqualTo("admin");
    assertThat(driver.findElement(By.className("loom-scope")).getText()).contains("all users");
    assertThat(cardValue("requests")).isNotEqualTo("0").matches("[0-9,]+");
    assertThat(Long.parseLong(cardValue("requests").replace(",", ""))).isGreaterThanOrEqualTo(6);
    assertThat(cardValue("tokens")).isNotEqualTo("0");
    assertThat(cardValue("cost")).startsWith("$").isNotEqualTo("$0.00");
    assertThat(cardValue("avg-latency")).endsWith("ms");
    assertThat(cardValue("error-rate")).endsWith("%");
    assertThat(driver.findElements(By.cssSelector("[aria-label='Key figures'] .loom-card")))
        .hasSize(8);
    // The providers' prompt caching: what it saved, the share read from the cache and the writes
    // never read.
    assertThat(driver.findElements(By.cssSelector("#promptCache .loom-card"))).hasSize(3);
    assertThat(cardValue("prompt-cache-saved")).startsWith("$");
    assertThat(cardValue("prompt-cache-read-share")).endsWith("%");
    assertThat(cardValue("prompt-cache-unread")).startsWith("≥ ").endsWith("tokens");
    assertThat(driver.findElements(By.cssSelector(".loom-card-change")))
        .allSatisfy(change -> assertThat(change.getText()).isNotBlank());
    for (String chart :
        List.of("costChart", "requestsChart", "latencyChart", "modelChart", "usersChart")) {
      assertThat(session.awaitDrawn(chart)).as(chart + " is drawn").isTrue();
    }
    assertThat(driver.findElement(By.id("topModels")).getText()).contains("gpt-4o-mini");
    assertThat(driver.findElement(By.id("navCache")).isDisplayed()).isTrue();
    session.assertNoScriptRan();
    session.screenshot("overview.png");

    // The security headers and the session cookie, as the browser got them.
    HttpResponse<String> page = get(pathOf(driver.getCurrentUrl()), sessionCookie());
    assertThat(page.statusCode()).isEqualTo(200);
    String csp =
        page.headers().allValues("Content-Security-Policy").stream().reduce("", String::concat);
    assertThat(page.headers().allValues("Content-Security-Policy")).hasSize(1);
    assertThat(csp)
        .contains("frame-ancestors 'none'")
        .contains("default-src 'self'")
        .contains("object-src 'none'")
        .containsPattern("script-src 'self' 'nonce-[A-Za-z0-9+/=]+'")
        .doesNotContain("unsafe-eval");
    assertThat(csp.substring(csp.indexOf("script-src"))).doesNotContain("unsafe-inline");
    assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
    String setCookie =
        get("/login.xhtml", null).headers().allValues("Set-Cookie").stream()
            .filter(value -> value.startsWith("JSESSIONID="))
            .findFirst()
            .orElseThrow();
    assertThat(setCookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");

    // The dashboard's address (a bookmark, say) opens the overview.
    driver.get(GatewayClient.base() + "/dashboard/");
    new WebDriverWait(driver, WAIT)
        .until(ExpectedConditions.urlContains("/dashboard/index.xhtml?jakarta.faces.Token="));
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Overview");

    String overview = driver.getCurrentUrl();
    driver.findElement(By.id("logoutForm:logout")).click();
    new WebDriverWait(driver, WAIT).until(ExpectedConditions.urlContains("/login.xhtml"));
    assertThat(driver.getPageSource()).contains("You are logged out.");
    driver.get(overview);
    new WebDriverWait(driver, WAIT).until(ExpectedConditions.urlContains("/login.xhtml"));
  }

  @Test
  void aUserWhoIsNotAnAdminGets403OnAdminPagesAndSeesOnlyTheirOwnRequests() throws Exception {
    String name = "dash-user-" + UUID.randomUUID().toString().substring(0, 8);
    String password = "user-password-" + UUID.randomUUID();
    ApiClient.json(
        api.post(
            "/users",
            "{\"name\":\"" + name + "\",\"role\":\"user\",\"password\":\"" + password + "\"}"),
        201);

    session.logIn(name, password, "/dashboard/index.xhtml");

    assertThat(driver.findElement(By.id("userName")).getText()).isEqualTo(name);
    assertThat(driver.findElement(By.className("loom-scope")).getText())
        .startsWith("Your requests");
    assertThat(driver.findElements(By.id("navCache"))).isEmpty();
    assertThat(driver.findElements(By.id("usersChart"))).isEmpty();
    assertThat(driver.findElement(By.id("empty")).getText()).contains("No requests in this range");
    assertThat(cardValue("requests")).isEqualTo("0");

    driver.get(GatewayClient.base() + ADMIN_PAGE);
    assertThat(driver.findElement(By.id("forbidden")).getText()).contains("403").contains(name);
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Admins only");
    assertThat(driver.getPageSource()).doesNotContain("Coming next");

    String cookie = sessionCookie();
    assertThat(get(ADMIN_PAGE, cookie).statusCode()).isEqualTo(403);
    assertThat(get("/dashboard/admin/", cookie).statusCode()).isEqualTo(403);
    assertThat(get("/dashboard/ADMIN/cache.xhtml", cookie).statusCode()).isEqualTo(403);
    // Not even with a valid protected-view token (from a page the user may open).
    String token =
        driver
            .findElement(By.id("navOverview"))
            .getDomAttribute("href")
            .replaceAll(".*jakarta\\.faces\\.Token=", "");
    assertThat(get(ADMIN_PAGE + "?jakarta.faces.Token=" + token, cookie).statusCode())
        .isEqualTo(403);
    // The pages they may open answer 200.
    for (String path : PAGES) {
      assertThat(get(path + "?jakarta.faces.Token=" + token, cookie).statusCode())
          .as(path)
          .isEqualTo(200);
    }
    driver.findElement(By.id("back")).click();
    new WebDriverWait(driver, WAIT).until(ExpectedConditions.urlContains("/dashboard/index.xhtml"));
    session.logOut();
  }

  @Test
  void markupInPromptsModelNamesAndUserNamesIsShownAsTextAndNeverRuns(FakeUpstream upstream)
      throws Exception {
    String name =
        "<img src=x onerror=window.__xss=1>" + UUID.randomUUID().toString().substring(0, 8);
    String password = "user-password-" + UUID.randomUUID();
    JsonNode user =
        ApiClient.json(
            api.post(
                "/users",
                "{\"name\":\"" + name + "\",\"role\":\"user\",\"password\":\"" + password + "\"}"),
            201);
    String key =
        ApiClient.json(
                api.post(
                    "/keys", "{\"name\":\"xss\",\"user_id\":\"" + user.path("id").asText() + "\"}"),
                201)
            .path("key")
            .asText();
    String model = "<img src=x onerror=window.__xss=2>";
    GatewayClient gateway = new GatewayClient(key);
    List<HttpResponse<String>> sent =
        List.of(
            gateway.postJson(
                "/v1/chat/completions",
                GatewayClient.chatBody(
                    "mock/" + model, "<script>window.__xss=3;alert(3)</script>", false)),
            gateway.postJson(
                "/v1/chat/completions",
                GatewayClient.chatBody(
                    "mock/gpt-4o-mini",
                    "</script><script>window.__xss=4;alert(4)</script>",
                    false)));
    sent.forEach(response -> assertThat(response.statusCode()).isEqualTo(200));
    LoggedRows.await(
        sent.stream()
            .map(response -> response.headers().firstValue("X-Loom-Request-Id").orElseThrow())
            .toList());

    session.logIn(name, password, "/dashboard/index.xhtml");

    session.assertNoScriptRan();
    assertThat(driver.findElement(By.id("userName")).getText()).isEqualTo(name);
    assertThat(driver.findElement(By.id("topModels")).getText()).contains(model);
    assertThat(session.awaitDrawn("costChart")).isTrue();
    String source = driver.getPageSource();
    assertThat(source).doesNotContain("<img src=x").doesNotContain("<script>window.__xss");
    for (String path : PAGES) {
      driver
          .findElement(
              By.cssSelector("a[href*='" + path.substring(path.lastIndexOf('/') + 1) + "']"))
          .click();
      new WebDriverWait(driver, WAIT).until(ExpectedConditions.urlContains(path));
      session.assertNoScriptRan();
      assertThat(driver.findElement(By.id("userName")).getText()).isEqualTo(name);
    }
    session.logOut();

    // The admin's overview draws the user in the top-users chart. (The model, shown as text on the
    // user's own overview above, is not among the admin's top models once the other suites' priced
    // calls share the store.)
    session.logIn("admin", ADMIN_PASSWORD, "/dashboard/index.xhtml");
    assertThat(session.awaitDrawn("usersChart")).isTrue();
    session.assertNoScriptRan();
    assertThat(driver.getPageSource()).doesNotContain("<img src=x");
    session.logOut();
  }

  @Test
  void theTimeRangePickerAppliesToEveryPageOfTheSession() {
    session.logIn("admin", ADMIN_PASSWORD, "/dashboard/index.xhtml");
    assertThat(driver.findElement(By.className("loom-range-label")).getText())
        .isEqualTo("Last 24 hours (UTC)");

    driver
        .findElement(By.xpath("//div[@id='rangeForm:range']//div[normalize-space(.)='7 d']"))
        .click();

    new WebDriverWait(driver, WAIT)
        .until(ExpectedConditions.textToBe(By.className("loom-range-label"), "Last 7 days (UTC)"));
    assertThat(driver.findElement(By.className("loom-scope")).getText())
        .contains("vs the 7 days before");
    driver.findElement(By.id("navCosts")).click();
    new WebDriverWait(driver, WAIT).until(ExpectedConditions.urlContains("/dashboard/costs.xhtml"));
    assertThat(driver.findElement(By.className("loom-range-label")).getText())
        .isEqualTo("Last 7 days (UTC)");

    // A custom range: the dates show up, a reversed range is refused, a valid one applies.
    driver
        .findElement(By.xpath("//div[@id='rangeForm:range']//div[normalize-space(.)='Custom']"))
        .click();
    WebElement from =
        new WebDriverWait(driver, WAIT)
            .until(ExpectedConditions.visibilityOfElementLocated(By.id("rangeForm:from_input")));
    WebElement to = driver.findElement(By.id("rangeForm:to_input"));
    session.replace(from, "2026-01-02 00:00");
    session.replace(to, "2026-01-01 00:00");
    driver.findElement(By.id("rangeForm:apply")).click();
    new WebDriverWait(driver, WAIT)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("rangeForm:rangeMessages"), "The start must be before the end."));
    session.replace(driver.findElement(By.id("rangeForm:to_input")), "2026-01-03 12:00");
    driver.findElement(By.id("rangeForm:apply")).click();
    new WebDriverWait(driver, WAIT)
        .until(
            ExpectedConditions.textToBe(
                By.className("loom-range-label"), "Jan 2, 2026 00:00 – Jan 3, 2026 12:00 UTC"));
    driver.findElement(By.id("navOverview")).click();
    new WebDriverWait(driver, WAIT).until(ExpectedConditions.urlContains("/dashboard/index.xhtml"));
    assertThat(driver.findElement(By.className("loom-scope")).getText())
        .contains("vs the 36 hours before");
    session.logOut();
  }

  @Test
  void aPageOpenedFromAnotherSiteAsksBeforeItOpens() throws Exception {
    session.logIn("admin", ADMIN_PASSWORD, "/dashboard/index.xhtml");
    String cookie = sessionCookie();

    // A bookmark or a typed URL (the browser says "none") opens at once, with the token added.
    HttpResponse<String> typed =
        send(
            HttpRequest.newBuilder(GatewayClient.uri("/dashboard/costs.xhtml"))
                .header("Cookie", cookie)
                .header("Sec-Fetch-Site", "none")
                .GET()
                .build());
    assertThat(typed.statusCode()).isEqualTo(302);
    assertThat(typed.headers().firstValue("Location").orElseThrow())
        .contains("/dashboard/costs.xhtml?jakarta.faces.Token=");
    // A link from another site: only a page that asks, whose link a person has to follow.
    HttpResponse<String> foreign =
        send(
            HttpRequest.newBuilder(GatewayClient.uri("/dashboard/costs.xhtml"))
                .header("Cookie", cookie)
                .header("Sec-Fetch-Site", "cross-site")
                .GET()
                .build());
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(foreign.body()).contains("Open this page?").contains("jakarta.faces.Token=");
    assertThat(foreign.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    // A forged form post (no view state of this session) does nothing and just shows the page
    // again.
    HttpResponse<String> forged =
        send(
            HttpRequest.newBuilder(GatewayClient.uri("/dashboard/index.xhtml"))
                .header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "logoutForm=logoutForm&logoutForm%3Alogout=&jakarta.faces.ViewState=1%3A2"))
                .build());
    assertThat(forged.statusCode()).isEqualTo(302);
    assertThat(get(pathOf(driver.getCurrentUrl()), cookie).statusCode())
        .as("still logged in")
        .isEqualTo(200);
    session.logOut();
  }

  private String cardValue(String id) {
    return driver.findElement(By.cssSelector(".loom-card-" + id + " .loom-card-value")).getText();
  }

  private String sessionCookie() {
    Cookie cookie = driver.manage().getCookieNamed("JSESSIONID");
    assertThat(cookie).as("the session cookie").isNotNull();
    assertThat(cookie.isHttpOnly()).isTrue();
    assertThat(cookie.getSameSite()).isEqualTo("Lax");
    return "JSESSIONID=" + cookie.getValue();
  }

  private static String pathOf(String url) {
    URI uri = URI.create(url);
    String path = uri.getRawPath().substring(URI.create(GatewayClient.base()).getPath().length());
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  private HttpResponse<String> get(String path, String cookie) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(GatewayClient.uri(path)).timeout(GatewayClient.TIMEOUT).GET();
    Optional.ofNullable(cookie).ifPresent(value -> request.header("Cookie", value));
    return send(request.build());
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
