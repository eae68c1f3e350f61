package loom.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import loom.auth.Caller;
import loom.auth.Role;
import loom.config.ConfigLoader;
import loom.config.GatewayConfig;
import loom.proxy.Endpoint;
import loom.proxy.ProxyModule;
import loom.proxy.StoredResponses;
import loom.support.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /cache/explain} gives the key the live request would get: its endpoint, stream and user included. */
class CacheExplainTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Caller ADMIN = new Caller("u-admin", "admin", Role.ADMIN, null);
  @TempDir Path home;

  private ObjectNode body(String json) throws Exception {
    return (ObjectNode) JSON.readTree(json);
  }

  @Test
  void theKeyIsTheLiveRequestsForItsEndpointStreamAndUser() throws Exception {
    GatewayConfig config =
        new ConfigLoader(name -> null, name -> null).parse("cache: {scope: user}", home, "test");
    Clock clock = Clock.systemUTC();
    try (ProxyModule proxy =
            ProxyModule.create(config, clock, new SimpleMeterRegistry(), StoredResponses.none());
        CacheModule cache =
            CacheModule.start(
                config.cache(),
                proxy,
                (p, m, u) -> BigDecimal.ZERO,
                answer -> {},
                getClass().getClassLoader(),
                "explain-test-" + System.nanoTime(),
                clock)) {
      String responses = "{\"model\":\"demo-chat\",\"input\":\"Hi\",\"stream\":true}";
      ObjectNode live = body(responses);

      CacheModule.Explanation mine =
          cache.explain(ADMIN, body(responses.replace("{", "{\"endpoint\":\"/v1/responses\",")));
      CacheModule.Explanation bobs =
          cache.explain(
              ADMIN,
              body(responses.replace("{", "{\"endpoint\":\"/responses\",\"user_id\":\"u-bob\",")));
      CacheModule.Explanation asChat = cache.explain(ADMIN, body(responses));

      assertThat(mine.key())
          .isEqualTo(
              cache
                  .keyFor("demo", "demo-chat", live, null, "u-admin", Endpoint.RESPONSES, true)
                  .value());
      assertThat(bobs.key())
          .isEqualTo(
              cache
                  .keyFor("demo", "demo-chat", live, null, "u-bob", Endpoint.RESPONSES, true)
                  .value())
          .isNotEqualTo(mine.key());
      assertThat(asChat.key()).as("without endpoint: chat completions").isNotEqualTo(mine.key());
      assertThatThrownBy(
              () ->
                  cache.explain(ADMIN, body("{\"endpoint\":\"/models\",\"model\":\"demo-chat\"}")))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("endpoint");
    }
  }
}
