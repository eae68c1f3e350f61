package loom.cache;

import static loom.testing.ChainProbe.Outcome.ANSWERED;
import static loom.testing.ChainProbe.Outcome.CONTINUED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import loom.testing.ApiClient;
import loom.testing.ChainProbe;
import loom.testing.FakeUpstream;
import loom.testing.FilterRegistrations;
import loom.testing.GatewayClient;
import loom.testing.InProcessGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CacheFilter} with {@code cache.scope: user}: each user's answers are theirs, and a call without a caller
 * (the chain's API key filter, which names the caller, taken out) fails closed: never served from the cache nor
 * stored in it, where a shared key would hand one caller's answer to the next; and the budget filter behind it,
 * which could check nobody's budget, refuses it.
 */
class CacheFilterUserScopeTest {
  private static final String USER_SCOPE = "\ncache: { scope: user }\n";
  private static FakeUpstream upstream;
  private static InProcessGateway gateway;
  private static InProcessGateway withoutAuth;
  private static final ChainProbe PROBE = new ChainProbe();

  @BeforeAll
  static void start() {
    upstream = FakeUpstream.start(0);
    gateway = InProcessGateway.start(InProcessGateway.itConfig(upstream) + USER_SCOPE);
    withoutAuth =
        InProcessGateway.start(
            InProcessGateway.itConfig(upstream) + USER_SCOPE,
            context -> PROBE.around(FilterRegistrations.without("loom-auth-proxy").apply(context)));
  }

  @AfterAll
  static void stop() {
    try {
      PROBE.assertKept();
    } finally {
      withoutAuth.close();
      gateway.close();
      upstream.close();
    }
  }

  @BeforeEach
  void reset() {
    upstream.reset();
  }

  private static String chat(String prompt) {
    return GatewayClient.chatBody("mock/gpt-4o-mini", prompt + " " + UUID.randomUUID(), false);
  }

  @Test
  void anAnswerIsServedFromTheCacheOnlyToTheUserWhoAsked() {
    JsonNode other = new ApiClient(gateway.client()).newUserWithKey("scoped", "user");
    GatewayClient admin = gateway.client();
    GatewayClient otherUser = gateway.client(other.path("key").asText());
    String body = chat("mine");

    HttpResponse<String> asked = admin.postJson("/v1/chat/completions", body);
    HttpResponse<String> again = admin.postJson("/v1/chat/completions", body);
    HttpResponse<String> byAnother = otherUser.postJson("/v1/chat/completions", body);

    assertThat(cacheStatus(asked)).isEqualTo("MISS");
    assertThat(cacheStatus(again)).isEqualTo("HIT");
    assertThat(cacheStatus(byAnother)).isEqualTo("MISS");
    assertThat(byAnother.headers().firstValue("X-Loom-Cache-Key"))
        .isNotEqualTo(asked.headers().firstValue("X-Loom-Cache-Key"));
    assertThat(upstream.requestCount()).isEqualTo(2);
  }

  @Test
  void aCallWithoutACallerIsNeitherServedFromTheCacheNorStoredInItAndTheBudgetFilterRefusesIt() {
    GatewayClient nobody = withoutAuth.client(null);
    String body = chat("whose?");
    PROBE.forgetOutcomes();

    HttpResponse<String> first = nobody.postJson("/v1/chat/completions", body);
    HttpResponse<String> second = nobody.postJson("/v1/chat/completions", body);

    for (HttpResponse<String> response : List.of(first, second)) {
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.body()).contains("\"code\":\"invalid_api_key\"");
      assertThat(response.headers().firstValue("X-Loom-Cache")).contains("BYPASS");
      assertThat(response.headers().firstValue("X-Loom-Cache-Key")).isEmpty();
    }
    assertThat(upstream.requestCount())
        .as("nobody's budget could be checked: no provider call")
        .isZero();
    assertThat(PROBE.outcomes().get("loom-cache")).isEqualTo(Set.of(CONTINUED));
    assertThat(PROBE.outcomes().get("loom-budget")).isEqualTo(Set.of(ANSWERED));
  }

  private static String cacheStatus(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.headers().firstValue("X-Loom-Cache").orElseThrow();
  }
}
