package loom.auth;

import static loom.testing.ApiClient.json;
import static loom.testing.ApiClient.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import loom.testing.ApiClient;
import loom.testing.FakeUpstream;
import loom.testing.GatewayClient;
import loom.testing.UpstreamExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** API keys guard the proxy and the API; each answers a missing or bad key in its own error shape. */
@ExtendWith(UpstreamExtension.class)
class AuthIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theProxyWithoutAKeyIs401InOpenAiShapeAndNeverReachesTheUpstream(FakeUpstream upstream)
      throws Exception {
    HttpResponse<String> response =
        GatewayClient.anonymous()
            .postJson("/v1/chat/completions", GatewayClient.chatBody("mock/m", "hi", false));

    assertThat(response.statusCode()).isEqualTo(401);
    JsonNode error = JSON.readTree(response.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("invalid_api_key");
    assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(response.headers().firstValue("X-Loom-Request-Id")).isPresent();
    assertThat(upstream.requestCount()).isZero();
  }

  @Test
  void theProxyWithAnUnknownKeyIs401() throws Exception {
    HttpResponse<String> response =
        new GatewayClient("lk-not-a-real-key-at-all-0000000000")
            .postJson("/v1/chat/completions", GatewayClient.chatBody("demo/m", "hi", false));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(response.body()).at("/error/message").asText())
        .isEqualTo("Invalid API key.")
        .doesNotContain("lk-not-a-real-key");
  }

  @Test
  void theApiWithoutAKeyIs401ProblemJson() {
    HttpResponse<String> response = new ApiClient(GatewayClient.anonymous()).get("/me");

    problem(response, 401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
  }

  @Test
  void healthNeedsNoKey() {
    JsonNode health = json(new ApiClient(GatewayClient.anonymous()).get("/health"), 200);

    assertThat(health.path("status").asText()).isEqualTo("UP");
    assertThat(health.path("store").asText()).isEqualTo("UP");
    assertThat(health.at("/providers/mock/type").asText()).isEqualTo("openai");
    assertThat(health.at("/providers/demo/type").asText()).isEqualTo("demo");
  }

  @Test
  void meNamesTheCaller() {
    JsonNode me = json(ApiClient.admin().get("/me"), 200);

    assertThat(me.path("name").asText()).isEqualTo("admin");
    assertThat(me.path("role").asText()).isEqualTo("admin");
    assertThat(me.path("id").asText()).isNotBlank();
  }

  @Test
  void aRevokedKeyStopsWorkingAtOnce() {
    JsonNode issued = json(ApiClient.admin().post("/keys", "{\"name\":\"short-lived\"}"), 201);
    GatewayClient withKey = new GatewayClient(issued.path("key").asText());
    assertThat(
            withKey
                .postJson("/v1/chat/completions", GatewayClient.chatBody("demo/m", "hi", false))
                .statusCode())
        .isEqualTo(200);

    assertThat(ApiClient.admin().delete("/keys/" + issued.path("id").asText()).statusCode())
        .isEqualTo(204);

    assertThat(
            withKey
                .postJson("/v1/chat/completions", GatewayClient.chatBody("demo/m", "hi", false))
                .statusCode())
        .isEqualTo(401);
    problem(ApiClient.withKey(issued.path("key").asText()).get("/me"), 401);
  }
}
