package loom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import loom.testing.ApiClient;
import loom.testing.FakeUpstream;
import loom.testing.GatewayClient;
import loom.testing.LoggedRows;
import loom.testing.UpstreamExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The Logs and Costs pages in a real browser against the deployed WAR, after traffic of a user of their own:
 * rows, filters, paging, sorting, row details and an export of the user's own rows; markup in a model name shown
 * as text; the admin's user filter; the costs charts and budget bars.
 */
@ExtendWith(UpstreamExtension.class)
class LogsAndCostsPagesIT {
  static final String XSS_MODEL = "<script>window.__xss=1</script>";

  /** The user's requests: 8 + 2 + 1 answered, 1 to a provider that is down (an error). */
  static final int REQUESTS = 12;

  private final ApiClient api = ApiClient.admin();

  @RegisterExtension final DashboardSession session = new DashboardSession();

  /** A user of this test class with a password, an API key and {@link #REQUESTS} logged requests. */
  private record Seeded(String id, String name, String password) {}

  private Seeded seed() throws Exception {
    String name = "logs-user-" + UUID.randomUUID().toString().substring(0, 8);
    String password = "user-password-" + UUID.randomUUID();
    JsonNode user =
        ApiClient.json(
            api.post(
                "/users",
                "{\"name\":\"" + name + "\",\"role\":\"user\",\"password\":\"" + password + "\"}"),
            201);
    String id = user.path("id").asText();
    String key =
        ApiClient.json(api.post("/keys", "{\"name\":\"logs\",\"user_id\":\"" + id + "\"}"), 201)
            .path("key")
            .asText();
    GatewayClient gateway = new GatewayClient(key);
    List<HttpResponse<String>> sent = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      sent.add(
          gateway.postJson(
              "/v1/chat/completions",
              GatewayClient.chatBody(
                  "mock/gpt-4o-mini", "logs " + i + " " + UUID.randomUUID(), false)));
    }
    for (int i = 0; i < 2; i++) {
      sent.add(
          gateway.postJson(
              "/v1/chat/completions",
              GatewayClient.chatBody(
                  "mock/gpt-4o", "logs big " + i + " " + UUID.randomUUID(), false)));
    }
    sent.add(
        gateway.postJson(
            "/v1/chat/completions",
            GatewayClient.chatBody("mock/" + XSS_MODEL, "<script>window.__xss=2</script>", false)));
    sent.forEach(response -> assertThat(response.statusCode()).isEqualTo(200));
    sent.add(
        gateway.postJson(
            "/v1/chat/completions", GatewayClient.chatBody("down/gpt-4o", "nobody home", false)));
    assertThat(sent.get(sent.size() - 1).statusCode()).isEqualTo(502);
    // Someone else's request, which the user must not see.
    sent.add(
        new GatewayClient()
            .postJson(
                "/v1/chat/completions",
                GatewayClient.chatBody(
                    "mock/gpt-4o-mini", "admin's own " + UUID.randomUUID(), false)));
    LoggedRows.await(LoggedRows.ids(sent));
    // Budgets of the user's own, for the bars on the costs page.
    ApiClient.json(
        api.put(
            "/alerts/config?user_id=" + id,
            "{\"daily_budget_usd\": 50, \"monthly_budget_usd\": 500}"),
        200);
    return new Seeded(id, name, password);
  }

  @Test
  void aUserPagesFiltersExpandsSortsAndExportsOnlyTheirOwnRequestsAndSeesTheirCosts(
      FakeUpstream upstream) throws Exception {
    Seeded user = seed();
    ChromeDriver driver = session.driver();
    session.logIn(user.name(), user.password(), "/dashboard/index.xhtml");
    session.navigate("navLogs", "Logs");

    // Only their own rows, no user filter, markup shown as text.
    assertThat(driver.findElement(By.className("loom-scope")).getText())
        .startsWith("Your requests");
    assertThat(driver.findElements(By.id("logs:user"))).isEmpty();
    assertThat(report()).isEqualTo("1–12 of 12");
    assertThat(rows()).hasSize(REQUESTS);
    assertThat(driver.findElement(By.id("logs:table")).getText())
        .contains(XSS_MODEL)
        .contains("gpt-4o-mini")
        .doesNotContain("User");
    session.assertNoScriptRan();

    // Paging: 10 a page, then the second page.
    new Select(driver.findElement(By.cssSelector("#logs\\:table .ui-paginator-rpp-options")))
        .selectByValue("10");
    awaitReport("1–10 of 12");
    assertThat(rows()).hasSize(10);
    driver.findElement(By.cssSelector("#logs\\:table .ui-paginator-next")).click();
    awaitReport("11–12 of 12");
    assertThat(rows()).hasSize(2);

    // Sorting by time: ascending puts the oldest first; the first request was a gpt-4o-mini one,
    // the last the error.
    driver.findElement(By.xpath("//th[.//span[normalize-space(.)='Time (UTC)']]")).click();
    awaitReport("1–10 of 12");
    List<String> ascending = times();
    assertThat(ascending).isSorted();
    assertThat(rows().get(0).getText()).contains("gpt-4o-mini");
    driver.findElement(By.xpath("//th[.//span[normalize-space(.)='Time (UTC)']]")).click();
    session
        .waiting()
        .ignoring(StaleElementReferenceException.class)
        .until(browser -> rows().get(0).getText().contains("502"));
    assertThat(times()).isSortedAccordingTo((a, b) -> b.compareTo(a));

    // The endpoint is a column and a filter: all of this user's requests were chat completions.
    assertThat(driver.findElement(By.id("logs:table")).getText()).contains("chat.completions");
    select("logs:endpoint", "chat.completions");
    click("logs:apply");
    awaitReport("1–10 of 12");
    select("logs:endpoint", "");

    // A filter narrows the table: errors only, then a text search on the error message, then
    // nothing.
    select("logs:status", "error");
    click("logs:apply");
    awaitReport("1–1 of 1");
    assertThat(rows().get(0).getText()).contains("502").contains("down");
    WebElement text = driver.findElement(By.id("logs:text"));
    text.sendKeys("IS UNAVAILABLE");
    select("logs:status", "");
    click("logs:apply");
    awaitReport("1–1 of 1");
    assertThat(rows().get(0).getText()).contains("502");
    text = driver.findElement(By.id("logs:text"));
    text.clear();
    text.sendKeys("no such text 100%_");
    click("logs:apply");
    session
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("logs:table"), "No requests in this range match these filters."));
    // A search longer than the form takes is refused next to the field.
    session.replace(driver.findElement(By.id("logs:text")), "x".repeat(LogSearch.MAX_TEXT + 1));
    click("logs:apply");
    session
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("logs:textMessage"), "At most " + LogSearch.MAX_TEXT + " characters."));
    click("logs:clear");
    session.waiting().until(browser -> report().endsWith(" of 12"));

    // A row's details.
    driver.findElement(By.cssSelector("#logs\\:table .ui-row-toggler")).click();
    WebElement details =
        session
            .waiting()
            .until(ExpectedConditions.visibilityOfElementLocated(By.className("loom-details")));
    assertThat(details.getText())
        .contains("Request id")
        .contains("Prompt tokens")
        .contains("Cost (USD)")
        .contains(user.name() + " (" + user.id() + ")");
    session.assertNoScriptRan();

    // The export: every one of the user's rows, through the audited export.
    Path downloads = Files.createTempDirectory("loom-downloads-");
    driver.executeCdpCommand(
        "Browser.setDownloadBehavior",
        Map.of("behavior", "allow", "downloadPath", downloads.toString()));
    driver.findElement(By.id("exportForm:csv")).click();
    Path csv = session.waiting().until(browser -> finished(downloads, ".csv"));
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    assertThat(lines.get(0)).startsWith("Timestamp,Request ID,User ID");
    assertThat(lines).hasSize(REQUESTS + 1);
    assertThat(lines.subList(1, lines.size()))
        .allSatisfy(line -> assertThat(line).contains(user.id()));
    JsonNode audit = ApiClient.json(api.get("/analytics/exports?limit=20"), 200);
    assertThat(audit.toString()).contains(user.id());
    driver.findElement(By.id("exportForm:ndjson")).click();
    Path ndjson = session.waiting().until(browser -> finished(downloads, ".ndjson"));
    assertThat(Files.readAllLines(ndjson, StandardCharsets.UTF_8)).hasSize(REQUESTS);
    session.assertNoScriptRan();

    // Costs: their own, by provider and model, with their budgets; no users.
    session.navigate("navCosts", "Costs");
    assertThat(session.awaitDrawn("providerChart")).isTrue();
    assertThat(session.awaitDrawn("modelChart")).isTrue();
    assertThat(driver.findElements(By.id("userChart"))).isEmpty();
    assertThat(driver.findElement(By.id("totals")).getText())
        .contains(String.valueOf(REQUESTS))
        .contains("$");
    assertThat(driver.findElement(By.id("providers")).getText()).contains("mock").contains("down");
    assertThat(driver.findElement(By.id("models")).getText())
        .contains("gpt-4o-mini")
        .contains(XSS_MODEL);
    assertThat(session.awaitDrawn("endpointChart")).isTrue();
    assertThat(driver.findElement(By.id("endpoints")).getText()).contains("chat.completions");
    assertThat(
            driver.findElement(By.cssSelector(".loom-budget-daily .ui-progressbar")).isDisplayed())
        .isTrue();
    assertThat(driver.findElement(By.cssSelector(".loom-budget-daily")).getText())
        .contains("of $50.00");
    assertThat(driver.findElement(By.cssSelector(".loom-budget-monthly")).getText())
        .contains("of $500.00");
    assertThat(driver.findElements(By.cssSelector(".loom-budget-global-daily"))).isEmpty();
    session.assertNoScriptRan();
  }

  @Test
  void anAdminFiltersByUserAndSeesTheCostOfEveryUserAndTheGatewaysBudgets(FakeUpstream upstream)
      throws Exception {
    Seeded user = seed();
    ChromeDriver driver = session.driver();
    session.logInAsAdmin("/dashboard/logs.xhtml");

    assertThat(driver.findElement(By.className("loom-scope")).getText())
        .startsWith("Requests of all users");
    long all = total();
    assertThat(all).isGreaterThan(REQUESTS);
    select("logs:user", user.id());
    click("logs:apply");
    awaitReport("1–12 of 12");
    assertThat(driver.findElement(By.id("logs:table")).getText()).contains(user.name());
    session.assertNoScriptRan();

    session.navigate("navCosts", "Costs");
    assertThat(session.awaitDrawn("providerChart")).isTrue();
    assertThat(session.awaitDrawn("userChart")).isTrue();
    assertThat(driver.findElement(By.id("users")).getText()).contains(user.name());
    assertThat(driver.findElements(By.cssSelector(".loom-budget-global-daily"))).hasSize(1);
    assertThat(driver.findElements(By.cssSelector(".loom-budget-global-monthly"))).hasSize(1);
    assertThat(driver.findElements(By.cssSelector(".loom-budget .ui-progressbar"))).isNotEmpty();
    session.assertNoScriptRan();
    session.screenshot("costs.png");
  }

  /** Clicks a button of the filter form and waits until the ajax update has replaced the form. */
  private void click(String id) {
    WebElement table = session.driver().findElement(By.id("logs:table"));
    session.driver().findElement(By.id(id)).click();
    session.awaitReplaced(table);
  }

  private List<WebElement> rows() {
    return session.driver().findElements(By.cssSelector("#logs\\:table_data > tr[data-ri]"));
  }

  private List<String> times() {
    return rows().stream().map(row -> row.findElements(By.tagName("td")).get(1).getText()).toList();
  }

  private String report() {
    return session
        .driver()
        .findElement(By.cssSelector("#logs\\:table .ui-paginator-current"))
        .getText();
  }

  private long total() {
    return Long.parseLong(report().replaceAll(".* of ", "").replace(",", ""));
  }

  private void awaitReport(String text) {
    session
        .waiting()
        .until(
            ExpectedConditions.textToBe(
                By.cssSelector("#logs\\:table .ui-paginator-current"), text));
  }

  /** Picks a value of a PrimeFaces menu through its widget, as a click on the item would. */
  private void select(String id, String value) {
    session
        .driver()
        .executeScript(
            "PrimeFaces.getWidgetById(arguments[0]).selectValue(arguments[1]);", id, value);
  }

  /**
   * The downloaded file once Chromium has finished it: while it downloads, Chromium writes a {@code .crdownload}
   * file and may already have created the final name empty, to reserve it.
   */
  private static Path finished(Path folder, String extension) {
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> all = files.toList();
      if (all.stream().anyMatch(file -> file.getFileName().toString().endsWith(".crdownload"))) {
        return null;
      }
      for (Path file : all) {
        if (file.getFileName().toString().endsWith(extension) && file.toFile().length() > 0) {
          return file;
        }
      }
      return null;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
