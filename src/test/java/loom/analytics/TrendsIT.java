package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import loom.dashboard.DashboardSession;
import loom.testing.ApiClient;
import loom.testing.GatewayClient;
import loom.testing.LoggedRows;
import loom.testing.UpstreamExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Trends and the month's projection of the deployed WAR: over HTTP (exact field names, a user's own calls and
 * budget, every bad parameter a 400 naming it, both in the OpenAPI document) and on the dashboard's Trends page in a
 * real browser. Its users are its own, so the other suites' traffic does not matter (but for admin totals).
 */
@ExtendWith(UpstreamExtension.class)
class TrendsIT {
  private static final ApiClient ADMIN = ApiClient.admin();
  private static final String PASSWORD = "trends-password-" + UUID.randomUUID();
  private static JsonNode alice;
  private static String aliceName;

  /** An end just after Alice's calls, so every period that ends there holds them. */
  private static String end;

  @RegisterExtension final DashboardSession session = new DashboardSession();

  /** Alice (with a dashboard password and a monthly budget of $500) makes 3 calls of one model. */
  @BeforeAll
  static void traffic() throws Exception {
    aliceName = "trends-" + UUID.randomUUID().toString().substring(0, 8);
    JsonNode user =
        ApiClient.json(
            ADMIN.post(
                "/users",
                "{\"name\":\""
                    + aliceName
                    + "\",\"role\":\"user\",\"password\":\""
                    + PASSWORD
                    + "\"}"),
            201);
    String key =
        ApiClient.json(
                ADMIN.post(
                    "/keys",
                    "{\"name\":\"trends\",\"user_id\":\"" + user.path("id").asText() + "\"}"),
                201)
            .path("key")
            .asText();
    alice = user.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) alice).put("key", key);
    GatewayClient asAlice = new GatewayClient(key);
    List<HttpResponse<String>> responses = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      responses.add(
          asAlice.postJson(
              "/v1/chat/completions",
              GatewayClient.chatBody(
                  "mock/gpt-4o-mini", "trend " + i + " " + UUID.randomUUID(), false)));
    }
    responses.forEach(response -> assertThat(response.statusCode()).isEqualTo(200));
    LoggedRows.await(LoggedRows.ids(responses));
    ApiClient.json(
        ADMIN.put(
            "/alerts/config?user_id=" + alice.path("id").asText(), "{\"monthly_budget_usd\": 500}"),
        200);
    end = Instant.now().plus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static ApiClient asAlice() {
    return ApiClient.withKey(alice.path("key").asText());
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Test
  void aUsersTrendsAreTheirOwnCallsThisPeriodAgainstTheOneBefore() {
    JsonNode week =
        ApiClient.json(
            asAlice().get("/analytics/trends?group_by=model&period=week&end_time=" + q(end)), 200);

    assertThat(week.path("group_by").asText()).isEqualTo("model");
    assertThat(week.path("period").asText()).isEqualTo("week");
    assertThat(week.at("/current/end").asText()).isEqualTo(end);
    assertThat(week.at("/previous/end").asText()).isEqualTo(week.at("/current/start").asText());
    JsonNode mini = week.path("groups").get(0);
    assertThat(mini.path("key").asText()).isEqualTo("gpt-4o-mini");
    assertThat(mini.path("status").asText()).isEqualTo("new");
    assertThat(mini.path("requests").asLong()).isEqualTo(3);
    assertThat(mini.path("previous_requests").asLong()).isZero();
    assertThat(mini.path("cost_change_pct").isNull()).isTrue();
    assertThat(mini.path("cost_usd").decimalValue())
        .isEqualByComparingTo(mini.path("cost_change_usd").decimalValue());
    assertThat(mini.has("tokens_change_pct")).isTrue();
    assertThat(week.at("/total/requests").asLong()).isEqualTo(3);
    assertThat(week.at("/movers/up/0/key").asText()).isEqualTo("gpt-4o-mini");
    assertThat(week.at("/movers/down").size()).isZero();
    assertThat(week.path("other").isNull()).isTrue();
    // Without an end, a week is the seven whole days before today: today's calls are not in it.
    JsonNode wholeDays =
        ApiClient.json(asAlice().get("/analytics/trends?group_by=client_tool"), 200);
    assertThat(wholeDays.at("/current/end").asText())
        .isEqualTo(
            LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant().toString());
    // The month to date against the same stretch of the month before.
    JsonNode month =
        ApiClient.json(
            asAlice().get("/analytics/trends?group_by=user&period=month&end_time=" + q(end)), 200);
    assertThat(month.at("/groups/0/key").asText()).isEqualTo(alice.path("id").asText());
    assertThat(month.at("/current/start").asText()).endsWith("-01T00:00:00Z");
  }

  @Test
  void aUsersProjectionIsOfTheirOwnSpendAgainstTheirOwnBudget() {
    JsonNode projection = ApiClient.json(asAlice().get("/analytics/projection"), 200);

    YearMonth month = YearMonth.now(ZoneOffset.UTC);
    assertThat(projection.path("month").asText()).isEqualTo(month.toString());
    assertThat(projection.path("month_to_date_usd").decimalValue()).isPositive();
    assertThat(projection.path("projected_usd").decimalValue())
        .isGreaterThanOrEqualTo(projection.path("month_to_date_usd").decimalValue());
    assertThat(projection.path("confidence").asDouble()).isEqualTo(0.9);
    assertThat(projection.path("days").size()).isEqualTo(month.lengthOfMonth());
    assertThat(projection.at("/days/0/date").asText()).isEqualTo(month.atDay(1).toString());
    assertThat(projection.at("/days/0").has("cumulative_projected_usd")).isTrue();
    assertThat(projection.at("/budget/scope").asText()).isEqualTo("user");
    assertThat(projection.at("/budget/id").asText()).isEqualTo(alice.path("id").asText());
    assertThat(projection.at("/budget/monthly_usd").decimalValue()).isEqualByComparingTo("500");
    assertThat(projection.at("/budget/over_at_projection").asBoolean()).isFalse();
    // Narrowed to a model, no budget is on exactly those calls.
    assertThat(
            ApiClient.json(asAlice().get("/analytics/projection?model=gpt-4o-mini"), 200)
                .path("budget")
                .isNull())
        .isTrue();
    // An admin's is everyone's; another user's is forbidden to a user.
    JsonNode everyone = ApiClient.json(ADMIN.get("/analytics/projection"), 200);
    assertThat(everyone.path("month_to_date_usd").decimalValue())
        .isGreaterThanOrEqualTo(projection.path("month_to_date_usd").decimalValue());
    ApiClient.problem(
        ApiClient.withKey(ADMIN.newUserWithKey("trends-bob", "user").path("key").asText())
            .get("/analytics/projection?user_id=" + alice.path("id").asText()),
        403);
  }

  @ParameterizedTest(name = "{0}?{1} names {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "trends||group_by",
        "trends|group_by=customer|group_by",
        "trends|group_by=model&period=quarter|period",
        "trends|group_by=model&limit=0|limit",
        "trends|group_by=model&movers=101|movers",
        "trends|group_by=model&movers=some|movers",
        "trends|group_by=model&start_time=2026-01-01T00:00:00Z|start_time",
        "trends|group_by=model&end_time=yesterday|end_time",
        "trends|group_by=model&bucket=day|bucket",
        "projection|start_time=2026-01-01T00:00:00Z|start_time",
        "projection|group_by=model|group_by",
        "projection|model=a&model=b|model"
      })
  void badParametersAreNamedIn400s(String endpoint, String query, String param) {
    JsonNode problem =
        ApiClient.problem(
            ADMIN.get("/analytics/" + endpoint + (query == null ? "" : "?" + query)), 400);

    assertThat(problem.path("errors"))
        .extracting(error -> error.path("param").asText())
        .contains(param);
  }

  @Test
  void bothAreInTheOpenApiDocument() {
    JsonNode document =
        ApiClient.json(new ApiClient(GatewayClient.anonymous()).get("/openapi.json"), 200);

    assertThat(document.path("paths").has("/analytics/trends")).isTrue();
    assertThat(document.path("paths").has("/analytics/projection")).isTrue();
  }

  @Test
  void theTrendsPageShowsTheMonthsCallsTheProjectionChartAndTheBudget() {
    ChromeDriver driver = session.driver();
    session.logIn(aliceName, PASSWORD, "/dashboard/index.xhtml");
    session.navigate("navTrends", "Trends");

    // The projection: this month's spend, its chart drawn with the page's nonce, and Alice's own
    // budget.
    assertThat(driver.findElement(By.id("budget")).getText())
        .startsWith("Your monthly budget of $500.00");
    assertThat(driver.findElement(By.id("monthToDate")).getText()).contains(" spent in ");
    assertThat(session.awaitDrawn("projectionChart")).isTrue();
    assertThat(driver.findElements(By.id("rangeForm"))).isEmpty();

    // Month over month by model: her three calls, new this month.
    session
        .driver()
        .executeScript(
            "PrimeFaces.getWidgetById(arguments[0]).selectValue(arguments[1]);",
            "filters:period",
            "month");
    driver.findElement(By.id("filters:apply")).click();
    session
        .waiting()
        .until(browser -> driver.findElement(By.id("trends")).getText().contains("gpt-4o-mini"));
    String table = driver.findElement(By.id("trends")).getText();
    assertThat(table).contains("gpt-4o-mini").contains("3 (new)");
    assertThat(driver.findElement(By.id("up")).getText()).contains("gpt-4o-mini");
    assertThat(driver.findElement(By.id("down")).getText())
        .contains("Nothing costs less than before");
    session.awaitDrawn("projectionChart");
    session.assertNoScriptRan();
  }
}
