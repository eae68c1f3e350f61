package loom.proxy;

import static loom.testing.ChainProbe.Outcome.CONTINUED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import loom.testing.ChainProbe;
import loom.testing.FakeUpstream;
import loom.testing.GatewayClient;
import loom.testing.InProcessGatewayExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The outcomes of {@link ProxyServlet} on the gateway in process, on OpenAI's and Anthropic's APIs: an answer from
 * the provider, once every filter in front has continued; the provider's error passed on with its status and body;
 * a body that is not JSON refused in the error shape of the API called. (Every other failure is
 * {@link ProxyErrorsTest}'s.)
 */
@ExtendWith(InProcessGatewayExtension.class)
class ProxyServletTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ANTHROPIC_VERSION = "2023-06-01";
  private final GatewayClient gateway = new GatewayClient();

  private static String chat() {
    return GatewayClient.chatBody("mock/gpt-4o-mini", "proxy " + UUID.randomUUID(), false);
  }

  private static String message() {
    return "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"proxy "
        + UUID.randomUUID()
        + "\"}]}";
  }

  @Test
  void aChatCallIsAnsweredByTheProviderOnceEveryFilterContinued(
      FakeUpstream upstream, ChainProbe probe) throws Exception {
    probe.forgetOutcomes();

    HttpResponse<String> answer = gateway.postJson("/v1/chat/completions", chat());

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(answer.body()).at("/choices/0/message/content").asText())
        .isEqualTo("fake answer");
    assertThat(upstream.requestCount()).isEqualTo(1);
    assertThat(probe.outcomes())
        .isEqualTo(
            Map.of(
                "loom-async-thread-cleanup",
                Set.of(CONTINUED),
                "loom-request-id",
                Set.of(CONTINUED),
                "loom-analytics",
                Set.of(CONTINUED),
                "loom-auth-proxy",
                Set.of(CONTINUED),
                "loom-attribution",
                Set.of(CONTINUED),
                "loom-budget-header",
                Set.of(CONTINUED),
                "loom-cache",
                Set.of(CONTINUED),
                "loom-budget",
                Set.of(CONTINUED)));
  }

  @Test
  void aMessagesCallIsAnsweredByTheAnthropicProvider(FakeUpstream upstream) throws Exception {
    HttpResponse<String> answer =
        gateway.postJson("/v1/messages", message(), "anthropic-version", ANTHROPIC_VERSION);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode message = JSON.readTree(answer.body());
    assertThat(message.path("type").asText()).isEqualTo("message");
    assertThat(message.path("content").get(0).path("type").asText()).isEqualTo("text");
    assertThat(answer.headers().firstValue("X-Loom-Provider")).hasValue("anthropic");
    assertThat(upstream.lastRequest().path()).isEqualTo("/v1/messages");
  }

  @Test
  void anOpenAiProvidersErrorIsPassedOnWithItsStatusAndBody(FakeUpstream upstream)
      throws Exception {
    String error =
        "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\",\"param\":null,"
            + "\"code\":null}}";
    upstream.respondWith(500, "application/json", error);

    HttpResponse<String> answer = gateway.postJson("/v1/chat/completions", chat());

    assertThat(answer.statusCode()).isEqualTo(500);
    assertThat(JSON.readTree(answer.body())).isEqualTo(JSON.readTree(error));
  }

  @Test
  void anAnthropicProvidersErrorIsPassedOnInItsOwnShape(FakeUpstream upstream) throws Exception {
    upstream.failWith(FakeUpstream.Fault.ANTHROPIC_OVERLOADED);

    HttpResponse<String> answer =
        gateway.postJson("/v1/messages", message(), "anthropic-version", ANTHROPIC_VERSION);

    assertThat(answer.statusCode()).isEqualTo(529);
    JsonNode body = JSON.readTree(answer.body());
    assertThat(body.path("type").asText()).isEqualTo("error");
    assertThat(body.at("/error/type").asText()).isEqualTo("overloaded_error");
  }

  @Test
  void aBodyThatIsNotJsonIsRefusedInOpenAisShapeOnChat(FakeUpstream upstream) throws Exception {
    HttpResponse<String> refused = gateway.postJson("/v1/chat/completions", "{\"model\": ");

    assertThat(refused.statusCode()).isEqualTo(400);
    JsonNode error = JSON.readTree(refused.body()).path("error");
    assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.path("code").asText()).isEqualTo("invalid_json");
    assertThat(error.has("param")).isTrue();
    assertThat(upstream.requestCount()).isZero();
  }

  @Test
  void aBodyThatIsNotJsonIsRefusedInAnthropicsShapeOnMessages(FakeUpstream upstream)
      throws Exception {
    HttpResponse<String> refused =
        gateway.postJson("/v1/messages", "{\"model\": ", "anthropic-version", ANTHROPIC_VERSION);

    assertThat(refused.statusCode()).isEqualTo(400);
    JsonNode body = JSON.readTree(refused.body());
    assertThat(body.path("type").asText()).isEqualTo("error");
    assertThat(body.at("/error/type").asText()).isEqualTo("invalid_request_error");
    assertThat(body.at("/error/message").asText()).isNotBlank();
    assertThat(body.has("code")).isFalse();
    assertThat(upstream.requestCount()).isZero();
  }
}
