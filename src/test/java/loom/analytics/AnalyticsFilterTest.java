package loom.analytics;

import static loom.testing.ChainProbe.Outcome.CONTINUED;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import loom.testing.ApiClient;
import loom.testing.ChainProbe;
import loom.testing.GatewayClient;
import loom.testing.InProcessGatewayExtension;
import loom.testing.LoggedRows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link AnalyticsFilter} on the gateway in process: it always continues, and once the response is complete the
 * request is in the store as one row, whoever answered it: the provider, or the API key filter behind it with a 401.
 * (What a row holds in every case is {@link AnalyticsTest}'s and {@code AnalyticsApiTest}'s.)
 */
@ExtendWith(InProcessGatewayExtension.class)
class AnalyticsFilterTest {
  private static final String FILTER = "loom-analytics";

  @Test
  void anAnsweredCallIsLoggedWithItsCallerProviderTokensAndStatus(ChainProbe probe)
      throws Exception {
    String adminId = ApiClient.json(ApiClient.admin().get("/me"), 200).path("id").asText();
    probe.forgetOutcomes();

    HttpResponse<String> answer =
        new GatewayClient()
            .postJson(
                "/v1/chat/completions",
                GatewayClient.chatBody("mock/gpt-4o-mini", "log me " + UUID.randomUUID(), false));

    Map<String, Object> row =
        LoggedRows.await(answer.headers().firstValue("X-Loom-Request-Id").orElseThrow());
    assertThat(row.get("user_id")).isEqualTo(adminId);
    assertThat(row.get("method")).isEqualTo("POST");
    assertThat(row.get("path")).isEqualTo("/v1/chat/completions");
    assertThat(row.get("provider_id")).isEqualTo("mock");
    assertThat(row.get("model_name")).isEqualTo("gpt-4o-mini");
    assertThat(LoggedRows.number(row, "status_code")).isEqualTo(200);
    assertThat(LoggedRows.number(row, "prompt_tokens")).isEqualTo(11);
    assertThat(LoggedRows.number(row, "cost_nanos")).isPositive();
    assertThat(row.get("cache_status")).isEqualTo("MISS");
    assertThat(LoggedRows.number(row, "latency_ms")).isNotNegative();
    assertThat(probe.outcomes().get(FILTER)).isEqualTo(Set.of(CONTINUED));
  }

  @Test
  void aCallTheApiKeyFilterRefusesIsLoggedToo(ChainProbe probe) throws Exception {
    probe.forgetOutcomes();

    HttpResponse<String> refused =
        GatewayClient.anonymous()
            .postJson(
                "/v1/chat/completions",
                GatewayClient.chatBody("mock/gpt-4o-mini", "who am I?", false));

    assertThat(refused.statusCode()).isEqualTo(401);
    Map<String, Object> row =
        LoggedRows.await(refused.headers().firstValue("X-Loom-Request-Id").orElseThrow());
    assertThat(LoggedRows.number(row, "status_code")).isEqualTo(401);
    assertThat(row.get("user_id")).isNull();
    assertThat(LoggedRows.number(row, "cost_nanos")).isZero();
    assertThat(probe.outcomes().get(FILTER)).isEqualTo(Set.of(CONTINUED));
  }
}
