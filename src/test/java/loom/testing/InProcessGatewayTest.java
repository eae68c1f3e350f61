package loom.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The in-process gateway serves the proxy and the API as the deployed WAR does, and leaves nothing behind. */
class InProcessGatewayTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void proxiesToTheFakeUpstreamAnswersTheApiAndLeavesNoThreadOrFileBehind() throws Exception {
    Path home;
    try (FakeUpstream upstream = FakeUpstream.start(0)) {
      try (InProcessGateway gateway = InProcessGateway.start(InProcessGateway.itConfig(upstream))) {
        home = gateway.home();
        HttpResponse<String> chat =
            gateway
                .client()
                .postJson(
                    "/v1/chat/completions",
                    GatewayClient.chatBody("mock/gpt-4o-mini", "hello", false));
        HttpResponse<String> health = gateway.client(null).get("/api/v1/health");
        HttpResponse<String> unknown = gateway.client().get("/v1/no/such/path");

        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
        assertThat(JSON.readTree(chat.body()).at("/choices/0/message/content").asText())
            .isEqualTo("fake answer");
        assertThat(upstream.lastRequest().header("authorization"))
            .isEqualTo("Bearer sk-upstream-test-key");
        assertThat(JSON.readTree(health.body()).path("status").asText()).isEqualTo("UP");
        assertThat(unknown.statusCode()).isEqualTo(404);
        JsonNode error = JSON.readTree(unknown.body()).path("error");
        assertThat(error.path("type").asText()).isNotBlank();
        assertThat(Files.exists(home.resolve("loom.db"))).isTrue();
      }
    }
    // close() itself fails when a thread of the gateway is still running.
    assertThat(home).doesNotExist();
  }

  @Test
  void aConfigurationTheGatewayRefusesFailsTheStartWithTheGatewaysMessage() {
    assertThatThrownBy(() -> InProcessGateway.start("cache: { default_ttl: 5 minutes }\n"))
        .cause()
        .hasMessage(rootMessageOfBadTtl());
  }

  private static String rootMessageOfBadTtl() {
    try {
      new loom.config.ConfigLoader(name -> null, name -> null)
          .parse("cache: { default_ttl: 5 minutes }\n", Path.of("."), "test");
      throw new AssertionError("the configuration was accepted");
    } catch (loom.config.ConfigException e) {
      return e.getMessage();
    }
  }
}
