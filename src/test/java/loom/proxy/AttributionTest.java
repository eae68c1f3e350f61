package loom.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import loom.testing.ApiClient;
import loom.testing.FakeUpstream;
import loom.testing.GatewayClient;
import loom.testing.InProcessGatewayExtension;
import loom.testing.LoggedRows;
import loom.testing.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Attribution and the key's allowed models end to end, on the gateway in process with the fake upstream (the
 * harness of ProxyTest, in a class of its own so ProxyTest stays about forwarding). Keys get their policy written into
 * the store before their first call, as the keys API will once it sets policies.
 */
@ExtendWith(InProcessGatewayExtension.class)
class AttributionTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void sessionToolAndTagsAreStoredWithTheLogRowAndTheLoomHeadersStayHere(FakeUpstream upstream)
      throws Exception {
    GatewayClient gateway = keyWithPolicy(null, "[\"env:prod\",\"billing\"]");
    String body =
        "{\"model\":\"mock/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"attributed\"}],"
            + "\"metadata\":{\"ticket\":\"LOOM-1\",\"attempt\":2}}";

    HttpResponse<String> response =
        gateway.postJson(
            "/v1/chat/completions",
            body,
            "User-Agent",
            "OpenAI/Python 1.109.1",
            "X-Stainless-Lang",
            "python",
            "X-Loom-Session",
            "it-session-1",
            "X-Loom-Tags",
            "team-a, env:staging",
            "X-Loom-Tag-Feature",
            "search");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    RecordedRequest sent = upstream.lastRequest();
    for (String header : new String[] {"x-loom-session", "x-loom-tags", "x-loom-tag-feature"}) {
      assertThat(sent.hasHeader(header)).as(header).isFalse();
    }
    assertThat(sent.bodyAsJson().at("/metadata/ticket").asText()).isEqualTo("LOOM-1");
    Map<String, Object> row = LoggedRows.await(requestId(response));
    assertThat(row.get("session_id")).isEqualTo("it-session-1");
    assertThat(row.get("client_tool")).isEqualTo("openai-sdk-python");
    assertThat(JSON.readTree((String) row.get("tags")).toString())
        .isEqualTo("[\"team-a\",\"env:staging\",\"feature:search\",\"ticket:LOOM-1\",\"billing\"]");
  }

  @Test
  void claudeCodesSessionHeaderIsItsSession(FakeUpstream upstream) throws Exception {
    HttpResponse<String> response =
        new GatewayClient()
            .postJson(
                "/v1/messages",
                "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "User-Agent",
                "claude-cli/2.1.332 (external, sdk-cli)",
                "x-app",
                "cli",
                "anthropic-version",
                "2023-06-01",
                "x-claude-code-session-id",
                "0b6c5f1e-3f6a-4c1e-9d2a-8f0a7f3c2b1d");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Map<String, Object> row = LoggedRows.await(requestId(response));
    assertThat(row.get("session_id")).isEqualTo("0b6c5f1e-3f6a-4c1e-9d2a-8f0a7f3c2b1d");
    assertThat(row.get("client_tool")).isEqualTo("claude-code");
  }

  @Test
  void moreTagsThanTheBoundAreA400ThatNeverReachesTheProvider(FakeUpstream upstream)
      throws Exception {
    String tags = IntStream.range(0, 21).mapToObj(i -> "t" + i).collect(Collectors.joining(","));

    HttpResponse<String> response =
        new GatewayClient()
            .postJson(
                "/v1/chat/completions",
                GatewayClient.chatBody("mock/gpt-4o-mini", "too many tags", false),
                "X-Loom-Tags",
                tags,
                "X-Loom-Session",
                "it-session-2");

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = JSON.readTree(response.body()).path("error");
    assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.path("param").asText()).isEqualTo("X-Loom-Tags");
    assertThat(error.path("code").asText()).isEqualTo("invalid_tags");
    assertThat(error.path("message").asText()).contains("at most 20 tags");
    assertThat(upstream.requestCount()).isZero();
    Map<String, Object> row = LoggedRows.await(requestId(response));
    assertThat(row.get("session_id")).isEqualTo("it-session-2");
    assertThat(row.get("tags")).isNull();
  }

  @Test
  void aModelTheKeyMayNotUseIsA403InTheShapeOfTheApiAndNeverReachesTheProvider(
      FakeUpstream upstream) throws Exception {
    GatewayClient gateway = keyWithPolicy("[\"mock/gpt-4o-mini\"]", "[\"env:prod\"]");

    HttpResponse<String> chat =
        gateway.postJson(
            "/v1/chat/completions", GatewayClient.chatBody("mock/gpt-4o", "not allowed", false));
    HttpResponse<String> messages =
        gateway.postJson(
            "/v1/messages",
            "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
            "anthropic-version",
            "2023-06-01");
    HttpResponse<String> allowed =
        gateway.postJson(
            "/v1/chat/completions", GatewayClient.chatBody("gpt-4o-mini", "allowed", false));

    assertThat(chat.statusCode()).isEqualTo(403);
    JsonNode error = JSON.readTree(chat.body()).path("error");
    assertThat(error.path("message").asText())
        .isEqualTo("This API key may not use model 'mock/gpt-4o'; it may use: mock/gpt-4o-mini.");
    assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.path("param").asText()).isEqualTo("model");
    assertThat(error.path("code").asText()).isEqualTo("model_not_allowed");
    assertThat(messages.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(messages.body()).at("/error/type").asText())
        .isEqualTo("permission_error");
    assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
    assertThat(upstream.requestCount()).isEqualTo(1);
    Map<String, Object> refused = LoggedRows.await(requestId(chat));
    assertThat(((Number) refused.get("status_code")).intValue()).isEqualTo(403);
    assertThat(refused.get("tags")).isEqualTo("[\"env:prod\"]");
  }

  @Test
  void theModelListingShowsOnlyTheModelsTheKeyMayUse() throws Exception {
    GatewayClient gateway = keyWithPolicy("[\"listed/listed-model\"]", null);

    HttpResponse<String> listing = gateway.get("/v1/models");

    assertThat(listing.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(listing.body()).path("data").findValuesAsText("id"))
        .containsExactly("listed/listed-model");
  }

  /** A new user's key with this policy (JSON arrays, null for none), written before the key's first call. */
  private static GatewayClient keyWithPolicy(String allowedModels, String defaultTags)
      throws Exception {
    JsonNode user = ApiClient.admin().newUserWithKey("attribution", "user");
    Path db = Path.of(System.getProperty("it.loom.home"), "loom.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
        java.sql.Statement pragma = connection.createStatement();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE api_keys SET allowed_models = ?, default_tags = ? WHERE id = ?")) {
      // The gateway writes to the same file: wait for its lock rather than fail.
      pragma.execute("PRAGMA busy_timeout = 10000");
      update.setString(1, allowedModels);
      update.setString(2, defaultTags);
      update.setString(3, user.path("key_id").asText());
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
    return new GatewayClient(user.path("key").asText());
  }

  private static String requestId(HttpResponse<String> response) {
    return response.headers().firstValue("X-Loom-Request-Id").orElseThrow();
  }
}
