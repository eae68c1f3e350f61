package loom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import loom.testing.ApiClient;
import loom.testing.GatewayClient;
import loom.testing.LoggedRows;
import loom.testing.UpstreamExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;

/**
 * The Alerts, Cache and Users &amp; keys pages in a real browser against the deployed WAR, checked against the
 * REST API: an alert raised by an enforced budget is shown with its severity and acknowledged in the browser;
 * the budget form shows the alert service's own validation next to the field; the admins' user form; the cache
 * page's figures, chart, invalidation (a bad value refused next to its field, a valid one removing exactly one
 * entry) and clearing through the confirm dialog; and for a user who is not an admin: no admin controls, 403 on
 * the cache page, an API key whose secret is shown once, works, and is refused once revoked.
 */
@ExtendWith(UpstreamExtension.class)
class AdminPagesIT {
  private static final ApiClient ADMIN = ApiClient.admin();

  @RegisterExtension final DashboardSession session = new DashboardSession();
  private ChromeDriver driver;

  @BeforeEach
  void useTheSessionsBrowser() {
    driver = session.driver();
  }

  @Test
  void anAdminAcknowledgesAnAlertSeesTheBudgetRulesAndManagesUsers() throws Exception {
    JsonNode user = ADMIN.newUserWithKey("alerted", "user");
    String userId = user.path("id").asText();
    ApiClient.json(
        ADMIN.put(
            "/alerts/config?user_id=" + userId, "{\"daily_budget_usd\":0.00001,\"enforce\":true}"),
        200);
    GatewayClient asUser = new GatewayClient(user.path("key").asText());
    int status = 200;
    for (int i = 0; i < 10 && status == 200; i++) {
      status =
          asUser
              .postJson(
                  "/v1/chat/completions",
                  GatewayClient.chatBody(
                      "mock/gpt-4o-mini", "alert page " + i + " " + UUID.randomUUID(), false))
              .statusCode();
    }
    assertThat(status).as("the budget is used up").isEqualTo(429);
    ApiClient.json(ADMIN.post("/alerts/check", "{}"), 200);
    JsonNode alert = awaitAlert(userId);
    String adminId = ApiClient.json(ADMIN.get("/me"), 200).path("id").asText();

    session.logInAsAdmin("/dashboard/alerts.xhtml");

    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Alerts");
    WebElement row = alertRow(user.path("name").asText());
    assertThat(row.getDomAttribute("class")).contains("loom-sev-warning");
    assertThat(row.getText())
        .contains("Daily budget exceeded", "$0.00001", alert.path("period").asText());
    assertThat(row.findElement(By.className("loom-sev")).getText())
        .isEqualToIgnoringCase("warning");
    row.findElement(By.xpath(".//button[contains(@id, ':ack')]")).click();
    waiting()
        .until(
            driver ->
                findRow("alertsForm:alerts", user.path("name").asText())
                    .filter(found -> found.getText().contains("acknowledged"))
                    .isPresent());
    assertThat(driver.findElement(By.id("alertsForm:messages")).getText()).contains("Acknowledged");
    JsonNode acknowledged =
        ApiClient.json(ADMIN.get("/alerts?user_id=" + userId), 200).path("alerts").get(0);
    assertThat(acknowledged.path("acknowledged").asBoolean()).isTrue();
    assertThat(acknowledged.path("acknowledged_by").asText()).isEqualTo(adminId);
    // The filter: the acknowledged alert is not among the open ones.
    driver
        .findElement(
            By.xpath("//div[@id='alertsForm:show']//div[normalize-space(.)='Unacknowledged']"))
        .click();
    waiting()
        .until(
            driver ->
                !driver
                    .findElement(By.id("alertsForm:alerts"))
                    .getText()
                    .contains(user.path("name").asText()));

    // The budget form: the service's rule, next to the field; nothing saved.
    JsonNode before = ApiClient.json(ADMIN.get("/alerts/config"), 200);
    WebElement daily = driver.findElement(By.id("settings:daily"));
    daily.clear();
    daily.sendKeys("-5");
    driver.findElement(By.id("settings:save")).click();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("settings:dailyMessage"), "above 0"));
    WebElement anomaly = driver.findElement(By.id("settings:anomaly"));
    anomaly.clear();
    anomaly.sendKeys("lots");
    driver.findElement(By.id("settings:save")).click();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("settings:anomalyMessage"), "Must be a number"));
    assertThat(ApiClient.json(ADMIN.get("/alerts/config"), 200)).isEqualTo(before);
    // A test notification says what happened per channel (the global e-mail goes to an SMTP port
    // nobody serves).
    driver.findElement(By.id("settings:test")).click();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("settings:testOutcome"), "E-mail:"));
    session.assertNoScriptRan();

    // Users: a too short password is refused next to its field; then the user is created.
    session.navigate("navUsers", "Users & keys");
    String name = "made-in-browser-" + UUID.randomUUID().toString().substring(0, 8);
    driver.findElement(By.id("newUser:name")).sendKeys(name);
    driver.findElement(By.id("newUser:password")).sendKeys("short");
    driver.findElement(By.id("newUser:create")).click();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("newUser:passwordMessage"), "at least 8 characters"));
    driver.findElement(By.id("newUser:password")).sendKeys("a long enough password");
    driver.findElement(By.id("newUser:create")).click();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("newUser:messages"), "Created user " + name));
    assertThat(
            ApiClient.json(ADMIN.get("/users?limit=1000"), 200)
                .path("users")
                .findValuesAsText("name"))
        .contains(name);
    session.logOut();
    session.logIn(name, "a long enough password", "/dashboard/index.xhtml");
  }

  @Test
  void anAdminSeesTheCacheFiguresInvalidatesOneEntryAndClearsTheCache() throws Exception {
    GatewayClient gateway = new GatewayClient();
    String body =
        GatewayClient.chatBody("mock/gpt-4o-mini", "cache page " + UUID.randomUUID(), false);
    HttpResponse<String> miss = gateway.postJson("/v1/chat/completions", body);
    HttpResponse<String> hit = gateway.postJson("/v1/chat/completions", body);
    assertThat(hit.headers().firstValue("X-Loom-Cache")).hasValue("HIT");
    String key = miss.headers().firstValue("X-Loom-Cache-Key").orElseThrow();
    LoggedRows.await(
        List.of(miss, hit).stream()
            .map(response -> response.headers().firstValue("X-Loom-Request-Id").orElseThrow())
            .toList());
    assertThat(explain(body).path("cached").asBoolean()).isTrue();

    session.logInAsAdmin("/dashboard/admin/cache.xhtml");

    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Cache");
    assertThat(cardValue("hit-rate")).endsWith("%");
    assertThat(Long.parseLong(cardValue("hits").replace(",", ""))).isPositive();
    assertThat(Long.parseLong(cardValue("entries").replace(",", ""))).isPositive();
    assertThat(cardValue("backend")).isEqualTo("memory");
    assertThat(cardValue("cost-saved")).startsWith("$");
    assertThat(session.awaitDrawn("hitRateChart")).isTrue();

    // A bad age is refused next to the value.
    chooseType("age");
    driver.findElement(By.id("invalidate:value")).sendKeys("banana");
    driver.findElement(By.id("invalidate:run")).click();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("invalidate:valueMessage"), "duration like 30s"));
    // A dry run counts the entry; the real run removes exactly it.
    chooseType("pattern");
    WebElement value = driver.findElement(By.id("invalidate:value"));
    value.clear();
    value.sendKeys(key);
    driver
        .findElement(By.id("invalidate:dryRun"))
        .findElement(By.className("ui-chkbox-box"))
        .click();
    driver.findElement(By.id("invalidate:run")).click();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("invalidate:outcome"),
                "Would remove 1 entry (pattern: " + key + "); nothing was removed."));
    assertThat(explain(body).path("cached").asBoolean()).isTrue();
    driver
        .findElement(By.id("invalidate:dryRun"))
        .findElement(By.className("ui-chkbox-box"))
        .click();
    driver.findElement(By.id("invalidate:run")).click();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("invalidate:outcome"), "Removed 1 entry (pattern: " + key + ")."));
    assertThat(explain(body).path("cached").asBoolean()).isFalse();

    // Clear, through the confirm dialog.
    gateway.postJson("/v1/chat/completions", body);
    // The answer is stored once it is complete, which may be just after the client has it.
    waiting().until(driver -> explain(body).path("cached").asBoolean());
    assertThat(ApiClient.json(ADMIN.get("/cache/stats"), 200).path("total_entries").asLong())
        .isPositive();
    driver.findElement(By.id("clearForm:clear")).click();
    waiting()
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("confirmForm:confirmYes")))
        .click();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("clearForm:messages"), "Cleared the cache"));
    assertThat(ApiClient.json(ADMIN.get("/cache/stats"), 200).path("total_entries").asLong())
        .isZero();
    assertThat(cardValue("entries")).isEqualTo("0");
    session.assertNoScriptRan();
  }

  @Test
  void aUserWithoutAdminRightsManagesOnlyTheirOwnKeysAndTheSecretIsShownOnce() throws Exception {
    String name = "keyholder-" + UUID.randomUUID().toString().substring(0, 8);
    String password = "user-password-" + UUID.randomUUID();
    ApiClient.json(
        ADMIN.post(
            "/users",
            "{\"name\":\"" + name + "\",\"role\":\"user\",\"password\":\"" + password + "\"}"),
        201);

    session.logIn(name, password, "/dashboard/users.xhtml");

    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Users & keys");
    assertThat(driver.findElements(By.id("usersForm"))).isEmpty();
    assertThat(driver.findElements(By.id("newUser"))).isEmpty();
    assertThat(driver.findElements(By.id("passwordDialog"))).isEmpty();
    assertThat(driver.findElements(By.id("keysForm:keysOf"))).isEmpty();
    assertThat(driver.findElements(By.id("newKey:keyOwner"))).isEmpty();
    assertThat(driver.findElements(By.id("navCache"))).isEmpty();
    assertThat(driver.findElement(By.id("keysForm:keys")).getText()).contains("No API keys.");

    // A blank name is refused next to the field, by the key service's rule.
    driver.findElement(By.id("newKey:create")).click();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("newKey:keyNameMessage"), "Must not be blank"));
    // The secret, once, in the dialog.
    String keyName = "laptop <b>" + UUID.randomUUID().toString().substring(0, 6) + "</b>";
    driver.findElement(By.id("newKey:keyName")).sendKeys(keyName);
    driver.findElement(By.id("newKey:create")).click();
    WebElement secretElement =
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("secretValue")));
    String secret = secretElement.getText();
    assertThat(secret).startsWith("lk-").hasSize(46);
    assertThat(driver.findElement(By.id("secretDialog")).getText()).contains(keyName);
    driver.findElement(By.id("copySecret")).click();
    waiting()
        .until(driver -> !driver.findElement(By.className("loom-copy-done")).getText().isBlank());
    session.assertNoScriptRan();
    HttpResponse<String> models = new GatewayClient(secret).get("/v1/models");
    assertThat(models.statusCode()).as(models.body()).isEqualTo(200);
    driver.findElement(By.id("secretForm:done")).click();
    waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("secretDialog")));
    assertThat(driver.getPageSource()).doesNotContain(secret);
    WebElement keyRow = keyRow(keyName);
    assertThat(keyRow.getText()).contains(secret.substring(0, 11), "active", "never");

    // Revoke, through the confirm dialog: the key is refused from then on.
    keyRow.findElement(By.xpath(".//button[contains(@id, ':revoke')]")).click();
    waiting()
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("confirmForm:confirmYes")))
        .click();
    waiting()
        .until(
            driver ->
                findRow("keysForm:keys", keyName)
                    .filter(found -> found.getText().contains("revoked"))
                    .isPresent());
    assertThat(new GatewayClient(secret).get("/v1/models").statusCode()).isEqualTo(401);

    // The admin page is closed to them, also by its address.
    driver.get(GatewayClient.base() + "/dashboard/admin/cache.xhtml");
    assertThat(driver.findElement(By.id("forbidden")).getText()).contains("403");
    assertThat(driver.getPageSource()).doesNotContain("invalidate:value");
    // Their alerts page has no admin controls either.
    driver.navigate().back();
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("navAlerts")));
    session.navigate("navAlerts", "Alerts");
    assertThat(driver.findElements(By.id("alertsForm:checkNow"))).isEmpty();
    assertThat(driver.findElements(By.id("settings:scope"))).isEmpty();
    session.logOut();
  }

  /** The session's wait, which also waits out elements that an ajax update is replacing. */
  private FluentWait<WebDriver> waiting() {
    return session.waiting().ignoring(StaleElementReferenceException.class);
  }

  private JsonNode awaitAlert(String userId) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
    JsonNode alerts = ApiClient.json(ADMIN.get("/alerts?user_id=" + userId), 200);
    while (alerts.path("total").asLong() == 0 && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      alerts = ApiClient.json(ADMIN.get("/alerts?user_id=" + userId), 200);
    }
    assertThat(alerts.path("total").asLong()).as("an alert for " + userId).isEqualTo(1);
    return alerts.path("alerts").get(0);
  }

  private WebElement alertRow(String userName) {
    return tableRow("alertsForm:alerts", userName);
  }

  private WebElement keyRow(String keyName) {
    return tableRow("keysForm:keys", keyName);
  }

  private WebElement tableRow(String tableId, String text) {
    return waiting().until(driver -> findRow(tableId, text).orElse(null));
  }

  /** The one row of the table with this text; empty while there is none or the table is being replaced. */
  private Optional<WebElement> findRow(String tableId, String text) {
    try {
      List<WebElement> rows =
          new ArrayList<>(driver.findElements(By.cssSelector("[id='" + tableId + "_data'] > tr")));
      rows.removeIf(row -> !row.getText().contains(text));
      return rows.size() == 1 ? Optional.of(rows.get(0)) : Optional.empty();
    } catch (StaleElementReferenceException replaced) {
      return Optional.empty();
    }
  }

  private String cardValue(String id) {
    return driver.findElement(By.cssSelector(".loom-card-" + id + " .loom-card-value")).getText();
  }

  private void chooseType(String type) {
    driver.executeScript(
        "PrimeFaces.widgets[arguments[0]].selectValue(arguments[1]);", "invalidateType", type);
  }

  private static JsonNode explain(String body) {
    return ApiClient.json(ADMIN.post("/cache/explain", body), 200);
  }
}
