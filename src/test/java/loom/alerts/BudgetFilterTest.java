package loom.alerts;

import static loom.testing.ChainProbe.Outcome.ANSWERED;
import static loom.testing.ChainProbe.Outcome.CONTINUED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.UUID;
import loom.testing.ApiClient;
import loom.testing.ChainProbe;
import loom.testing.FakeUpstream;
import loom.testing.GatewayClient;
import loom.testing.InProcessGatewayExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each outcome of {@link BudgetFilter} on the gateway in process, with what it did: a call within its user's enforced
 * budget continues to the provider; once the budget is used up, a call is refused here, in the error shape of the API
 * it called (OpenAI's 429 {@code insufficient_quota}, Anthropic's 402 {@code billing_error}), and never reaches the
 * provider. (Alerts, notifications and team and key budgets are {@code AlertsApiTest}'s.)
 */
@ExtendWith(InProcessGatewayExtension.class)
class BudgetFilterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FILTER = "loom-budget";

  /** A mock gpt-4o-mini answer costs 2,850 nano-dollars: one call uses up this daily budget. */
  private static final String USED_UP_BY_ONE_CALL = "0.000001";

  private static GatewayClient userWithDailyBudget(String usd) {
    ApiClient admin = ApiClient.admin();
    JsonNode user = admin.newUserWithKey("budgeted", "user");
    ApiClient.json(
        admin.put(
            "/alerts/config?user_id=" + user.path("id").asText(),
            "{\"daily_budget_usd\": " + usd + ", \"enforce\": true}"),
        200);
    return new GatewayClient(user.path("key").asText());
  }

  private static HttpResponse<String> chat(GatewayClient client) {
    return client.postJson(
        "/v1/chat/completions",
        GatewayClient.chatBody("mock/gpt-4o-mini", "spend " + UUID.randomUUID(), false));
  }

  @Test
  void aCallWithinTheBudgetContinuesToTheProvider(FakeUpstream upstream, ChainProbe probe) {
    GatewayClient user = userWithDailyBudget("1");
    probe.forgetOutcomes();

    HttpResponse<String> answer = chat(user);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(upstream.requestCount()).isEqualTo(1);
    assertThat(probe.outcomes().get(FILTER)).isEqualTo(Set.of(CONTINUED));
  }

  @Test
  void onceTheBudgetIsUsedUpACallIsRefusedHereWithOpenAis429(
      FakeUpstream upstream, ChainProbe probe) throws Exception {
    GatewayClient user = userWithDailyBudget(USED_UP_BY_ONE_CALL);
    assertThat(chat(user).statusCode()).isEqualTo(200);
    probe.forgetOutcomes();

    HttpResponse<String> refused = chat(user);

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    JsonNode error = JSON.readTree(refused.body()).path("error");
    assertThat(error.path("type").asText()).isEqualTo("insufficient_quota");
    assertThat(error.path("code").asText()).isEqualTo("insufficient_quota");
    assertThat(error.path("message").asText()).contains("daily budget of $" + USED_UP_BY_ONE_CALL);
    assertThat(error.has("param")).isTrue();
    assertThat(upstream.requestCount()).isEqualTo(1);
    assertThat(probe.outcomes().get(FILTER)).isEqualTo(Set.of(ANSWERED));
  }

  @Test
  void onTheMessagesApiTheRefusalIsAnthropics402BillingError(
      FakeUpstream upstream, ChainProbe probe) throws Exception {
    GatewayClient user = userWithDailyBudget(USED_UP_BY_ONE_CALL);
    assertThat(chat(user).statusCode()).isEqualTo(200);
    probe.forgetOutcomes();

    HttpResponse<String> refused =
        user.postJson(
            "/v1/messages",
            "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":16,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"spend "
                + UUID.randomUUID()
                + "\"}]}",
            "anthropic-version",
            "2023-06-01");

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(402);
    JsonNode body = JSON.readTree(refused.body());
    assertThat(body.path("type").asText()).isEqualTo("error");
    assertThat(body.at("/error/type").asText()).isEqualTo("billing_error");
    assertThat(body.at("/error/message").asText()).contains("daily budget");
    assertThat(upstream.requestCount()).isEqualTo(1);
    assertThat(probe.outcomes().get(FILTER)).isEqualTo(Set.of(ANSWERED));
  }
}
