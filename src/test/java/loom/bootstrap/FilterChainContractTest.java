package loom.bootstrap;

import static loom.testing.ChainProbe.Outcome.ANSWERED;
import static loom.testing.ChainProbe.Outcome.CONTINUED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import loom.testing.ApiClient;
import loom.testing.ChainProbe;
import loom.testing.GatewayClient;
import loom.testing.InProcessGatewayExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chain contract (STYLE §4: a filter continues the chain exactly once or answers, never both, never neither) held
 * by every filter GatewayInitializer registers, each through every outcome it has: on the gateway in process, whose
 * filters a {@link ChainProbe} watches, requests that make each filter continue, and answer where it can, leave no
 * violation, and the probe saw each filter do exactly that.
 */
@ExtendWith(InProcessGatewayExtension.class)
class FilterChainContractTest {
  private final GatewayClient admin = new GatewayClient();
  private final GatewayClient anonymous = GatewayClient.anonymous();

  @Test
  void everyRegisteredFilterContinuesOrAnswersAndNeverBothWhateverItsOutcome(ChainProbe probe) {
    probe.forgetOutcomes();
    String chat =
        GatewayClient.chatBody("mock/gpt-4o-mini", "contract " + UUID.randomUUID(), false);

    // The proxy: refused for want of a key, a miss, a hit, refused for a bad cache header and for a
    // bad session.
    assertThat(anonymous.postJson("/v1/chat/completions", chat).statusCode()).isEqualTo(401);
    assertThat(cacheStatus(admin.postJson("/v1/chat/completions", chat))).isEqualTo("MISS");
    assertThat(cacheStatus(admin.postJson("/v1/chat/completions", chat))).isEqualTo("HIT");
    assertThat(
            admin.postJson("/v1/chat/completions", chat, "X-Loom-Cache-TTL", "soon").statusCode())
        .isEqualTo(400);
    assertThat(
            admin
                .postJson("/v1/chat/completions", chat, "X-Loom-Session", "not a session;")
                .statusCode())
        .isEqualTo(400);
    assertThat(cacheStatus(admin.get("/v1/models"))).isEqualTo("BYPASS");
    // A user whose enforced budget the first call uses up: the second is refused before it reaches
    // the provider.
    GatewayClient spender = spender();
    assertThat(
            spender
                .postJson(
                    "/v1/chat/completions",
                    GatewayClient.chatBody("mock/gpt-4o-mini", "spend " + UUID.randomUUID(), false))
                .statusCode())
        .isEqualTo(200);
    assertThat(
            spender
                .postJson(
                    "/v1/chat/completions",
                    GatewayClient.chatBody(
                        "mock/gpt-4o-mini", "spend more " + UUID.randomUUID(), false))
                .statusCode())
        .isEqualTo(429);
    // Metrics and the API, with and without a key, and a public path.
    assertThat(anonymous.get("/metrics").statusCode()).isEqualTo(401);
    assertThat(admin.get("/metrics").statusCode()).isEqualTo(200);
    assertThat(anonymous.get("/api/v1/me").statusCode()).isEqualTo(401);
    assertThat(anonymous.get("/api/v1/health").statusCode()).isEqualTo(200);
    assertThat(admin.get("/api/v1/me").statusCode()).isEqualTo(200);
    // The dashboard's paths: a page for a visitor (sent to log in), the login page (on to Faces,
    // which is left out in process), and a Faces path outside the dashboard (404).
    assertThat(anonymous.get("/dashboard/").statusCode()).isEqualTo(302);
    assertThat(anonymous.get("/login.xhtml").statusCode()).isEqualTo(404);
    assertThat(anonymous.get("/elsewhere.xhtml").statusCode()).isEqualTo(404);

    assertThat(probe.violations()).isEmpty();
    Set<ChainProbe.Outcome> both = Set.of(CONTINUED, ANSWERED);
    Set<ChainProbe.Outcome> continues = Set.of(CONTINUED);
    assertThat(probe.outcomes())
        .isEqualTo(
            Map.ofEntries(
                Map.entry("loom-async-thread-cleanup", continues),
                Map.entry("loom-request-id", continues),
                Map.entry("loom-analytics", continues),
                Map.entry("loom-auth-proxy", both),
                Map.entry("loom-attribution", both),
                Map.entry("loom-auth-metrics", both),
                Map.entry("loom-auth-api", both),
                Map.entry("loom-budget-header", continues),
                Map.entry("loom-cache", both),
                Map.entry("loom-budget", both),
                Map.entry("loom-dashboard", both)));
  }

  private static GatewayClient spender() {
    ApiClient adminApi = ApiClient.admin();
    JsonNode user = adminApi.newUserWithKey("contract", "user");
    ApiClient.json(
        adminApi.put(
            "/alerts/config?user_id=" + user.path("id").asText(),
            "{\"daily_budget_usd\": 0.000001, \"enforce\": true}"),
        200);
    return new GatewayClient(user.path("key").asText());
  }

  private static String cacheStatus(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.headers().firstValue("X-Loom-Cache").orElseThrow();
  }
}
