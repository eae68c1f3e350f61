package loom.alerts;

import static loom.testing.ChainProbe.Outcome.CONTINUED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.UUID;
import loom.testing.ApiClient;
import loom.testing.ChainProbe;
import loom.testing.GatewayClient;
import loom.testing.InProcessGatewayExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link BudgetHeaderFilter} on the gateway in process: a user with a budget gets what is left of it on every
 * proxied response, cache hits included; a user without one gets no header; it always continues the chain.
 */
@ExtendWith(InProcessGatewayExtension.class)
class BudgetHeaderFilterTest {
  private static final String FILTER = "loom-budget-header";
  private static final String HEADER = "X-Loom-Budget-Remaining-USD";

  @Test
  void aUserWithABudgetIsToldWhatIsLeftOnEveryAnswerAHitIncluded(ChainProbe probe) {
    ApiClient admin = ApiClient.admin();
    JsonNode user = admin.newUserWithKey("header", "user");
    ApiClient.json(
        admin.put(
            "/alerts/config?user_id=" + user.path("id").asText(),
            "{\"daily_budget_usd\": 0.5, \"monthly_budget_usd\": 0.25, \"enforce\": true}"),
        200);
    GatewayClient client = new GatewayClient(user.path("key").asText());
    String body =
        GatewayClient.chatBody("mock/gpt-4o-mini", "what is left " + UUID.randomUUID(), false);
    probe.forgetOutcomes();

    HttpResponse<String> first = client.postJson("/v1/chat/completions", body);
    HttpResponse<String> hit = client.postJson("/v1/chat/completions", body);

    // The tighter budget before each request: the monthly 0.25, then less the first call's 2,850
    // nano-dollars (settled as the call ends, since the budget is enforced).
    assertThat(first.headers().firstValue(HEADER)).hasValue("0.25");
    assertThat(hit.headers().firstValue("X-Loom-Cache")).hasValue("HIT");
    assertThat(hit.headers().firstValue(HEADER)).hasValue("0.24999715");
    assertThat(probe.outcomes().get(FILTER)).isEqualTo(Set.of(CONTINUED));
  }

  @Test
  void aUserWithoutABudgetGetsNoHeader(ChainProbe probe) {
    JsonNode user = ApiClient.admin().newUserWithKey("unbudgeted", "user");
    probe.forgetOutcomes();

    HttpResponse<String> answer =
        new GatewayClient(user.path("key").asText())
            .postJson(
                "/v1/chat/completions",
                GatewayClient.chatBody(
                    "mock/gpt-4o-mini", "no budget " + UUID.randomUUID(), false));

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue(HEADER)).isEmpty();
    assertThat(probe.outcomes().get(FILTER)).isEqualTo(Set.of(CONTINUED));
  }
}
