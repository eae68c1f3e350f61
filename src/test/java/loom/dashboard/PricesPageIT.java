package loom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * The Prices page in a real browser against the deployed WAR: a model that ran unpriced is listed with its calls;
 * a price that is not a number is refused under its input; a good one is saved and its call repriced (the store
 * shows the cost); the run-time price is listed and deleted through the confirm dialog; users get 403.
 */
@ExtendWith(UpstreamExtension.class)
class PricesPageIT {
  private static final ApiClient ADMIN = ApiClient.admin();

  @RegisterExtension final DashboardSession session = new DashboardSession();
  private ChromeDriver driver;

  @BeforeEach
  void useTheSessionsBrowser() {
    driver = session.driver();
  }

  @Test
  void anAdminPricesAnUnpricedModelRepricesItsCallAndDeletesThePrice() throws Exception {
    String model = "page-it-" + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<String> call =
        new GatewayClient()
            .postJson(
                "/v1/chat/completions",
                GatewayClient.chatBody("mock/" + model, "unpriced on the page", false));
    String requestId = call.headers().firstValue("X-Loom-Request-Id").orElseThrow();
    assertThat(((Number) LoggedRows.await(requestId).get("cost_nanos")).longValue()).isZero();

    session.logInAsAdmin("/dashboard/admin/prices.xhtml");

    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Prices");
    WebElement row = tableRow("unpricedForm:unpriced", model);
    assertThat(row.getText()).contains("mock", "11", "2");
    String prefix =
        row.findElement(By.xpath(".//input[contains(@id, ':input')]"))
            .getDomAttribute("id")
            .replace(":input", "");

    // Not a number: refused under that row's input, nothing saved.
    driver.findElement(By.id(prefix + ":input")).sendKeys("cheap");
    driver.findElement(By.id(prefix + ":output")).sendKeys("2000");
    driver.findElement(By.id(prefix + ":price")).click();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id(prefix + ":inputMessage"), "Must be a number"));
    assertThat(
            ApiClient.json(
                    ADMIN.get("/prices/overrides?provider_id=mock&model=" + encode(model)), 200)
                .path("total")
                .asLong())
        .isZero();

    // A price: saved, and the call of the range repriced at once (11 × $1,000 + 2 × $2,000 per 1M =
    // $0.015).
    session.replace(driver.findElement(By.id(prefix + ":input")), "1000");
    driver.findElement(By.id(prefix + ":price")).click();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("unpricedForm:messages"), "Priced mock/" + model));
    assertThat(driver.findElement(By.id("unpricedForm:messages")).getText())
        .contains("repriced 1 call");
    assertThat(((Number) LoggedRows.await(requestId).get("cost_nanos")).longValue())
        .isEqualTo(15_000_000);
    assertThat(driver.findElement(By.id("unpricedForm:unpriced")).getText()).doesNotContain(model);
    WebElement price = tableRow("overridesForm:overrides", model);
    assertThat(price.getText()).contains("every call", "$1000", "$2000", "as input", "admin");
    session.assertNoScriptRan();

    // Delete, through the confirm dialog.
    price.findElement(By.xpath(".//button[contains(@id, ':delete')]")).click();
    waiting()
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("confirmForm:confirmYes")))
        .click();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("overridesForm:messages"), "Deleted the run-time price of mock/" + model));
    assertThat(
            ApiClient.json(
                    ADMIN.get("/prices/overrides?provider_id=mock&model=" + encode(model)), 200)
                .path("total")
                .asLong())
        .isZero();
    session.logOut();
  }

  @Test
  void aUserWhoIsNotAnAdminGets403AndNoMenuEntry() {
    String name = "no-prices-" + UUID.randomUUID().toString().substring(0, 8);
    String password = "user-password-" + UUID.randomUUID();
    ApiClient.json(
        ADMIN.post(
            "/users",
            "{\"name\":\"" + name + "\",\"role\":\"user\",\"password\":\"" + password + "\"}"),
        201);

    session.logIn(name, password, "/dashboard/index.xhtml");

    assertThat(driver.findElements(By.id("navPrices"))).isEmpty();
    driver.get(GatewayClient.base() + "/dashboard/admin/prices.xhtml");
    assertThat(driver.findElement(By.id("forbidden")).getText()).contains("403");
    assertThat(driver.getPageSource()).doesNotContain("unpricedForm");
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private FluentWait<WebDriver> waiting() {
    return session.waiting().ignoring(StaleElementReferenceException.class);
  }

  private WebElement tableRow(String tableId, String text) {
    return waiting().until(driver -> findRow(tableId, text).orElse(null));
  }

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
}
