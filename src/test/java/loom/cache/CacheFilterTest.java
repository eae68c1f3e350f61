package loom.cache;

import static loom.testing.ChainProbe.Outcome.ANSWERED;
import static loom.testing.ChainProbe.Outcome.CONTINUED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.UUID;
import loom.testing.ChainProbe;
import loom.testing.FakeUpstream;
import loom.testing.GatewayClient;
import loom.testing.InProcessGatewayExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each outcome of {@link CacheFilter} on the gateway in process (memory backend, shared scope), with which of the
 * two things a filter may do it did: bypass and continue, miss and continue (storing the answer or not), or answer a
 * hit or a bad header itself. The cache's own behaviour at large (streams, single flight, the admin API) is
 * {@link CacheTest}'s.
 */
@ExtendWith(InProcessGatewayExtension.class)
class CacheFilterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FILTER = "loom-cache";
  private final GatewayClient gateway = new GatewayClient();

  private static String chat(String prompt) {
    return GatewayClient.chatBody("mock/gpt-4o-mini", prompt + " " + UUID.randomUUID(), false);
  }

  @Test
  void aPathWithoutACallIsBypassedWithoutAKeyAndContinues(ChainProbe probe) {
    probe.forgetOutcomes();

    HttpResponse<String> models = gateway.get("/v1/models");

    assertThat(models.statusCode()).isEqualTo(200);
    assertThat(models.headers().firstValue("X-Loom-Cache")).hasValue("BYPASS");
    assertThat(models.headers().firstValue("X-Loom-Cache-Key")).isEmpty();
    assertThat(probe.outcomes().get(FILTER)).isEqualTo(Set.of(CONTINUED));
  }

  @Test
  void noCacheWithNoStoreBypassesTheCacheNamesTheKeyAndContinues(
      FakeUpstream upstream, ChainProbe probe) {
    String body = chat("bypass");
    probe.forgetOutcomes();

    HttpResponse<String> first =
        gateway.postJson("/v1/chat/completions", body, "Cache-Control", "no-cache, no-store");
    HttpResponse<String> second =
        gateway.postJson("/v1/chat/completions", body, "Cache-Control", "no-cache, no-store");

    assertThat(first.headers().firstValue("X-Loom-Cache")).hasValue("BYPASS");
    assertThat(first.headers().firstValue("X-Loom-Cache-Key"))
        .hasValueSatisfying(key -> assertThat(key).startsWith("v1:mock:gpt-4o-mini:"));
    assertThat(second.headers().firstValue("X-Loom-Cache")).hasValue("BYPASS");
    assertThat(upstream.requestCount()).isEqualTo(2);
    assertThat(probe.outcomes().get(FILTER)).isEqualTo(Set.of(CONTINUED));
  }

  @Test
  void aMissContinuesAndStoresTheAnswerWhichTheCacheThenAnswersItselfWithoutTheProvider(
      FakeUpstream upstream, ChainProbe probe) throws Exception {
    String body = chat("miss then hit");
    probe.forgetOutcomes();
    HttpResponse<String> miss = gateway.postJson("/v1/chat/completions", body);

    assertThat(miss.statusCode()).isEqualTo(200);
    assertThat(miss.headers().firstValue("X-Loom-Cache")).hasValue("MISS");
    assertThat(probe.outcomes().get(FILTER)).isEqualTo(Set.of(CONTINUED));

    probe.forgetOutcomes();
    HttpResponse<String> hit = gateway.postJson("/v1/chat/completions", body);

    assertThat(hit.statusCode()).isEqualTo(200);
    assertThat(hit.headers().firstValue("X-Loom-Cache")).hasValue("HIT");
    assertThat(hit.headers().firstValue("X-Loom-Cache-Key"))
        .isEqualTo(miss.headers().firstValue("X-Loom-Cache-Key"));
    assertThat(hit.headers().firstValue("X-Loom-Provider")).hasValue("mock");
    assertThat(hit.headers().firstValue("Age"))
        .hasValueSatisfying(age -> assertThat(Long.parseLong(age)).isNotNegative());
    assertThat(JSON.readTree(hit.body())).isEqualTo(JSON.readTree(miss.body()));
    assertThat(upstream.requestCount()).isEqualTo(1);
    // Answered here: the filters behind the cache (the budget) never saw the call.
    assertThat(probe.outcomes().get(FILTER)).isEqualTo(Set.of(ANSWERED));
    assertThat(probe.outcomes()).doesNotContainKey("loom-budget");
  }

  @Test
  void noStoreMissesContinuesAndKeepsNothing(FakeUpstream upstream, ChainProbe probe) {
    String body = chat("no store");
    probe.forgetOutcomes();

    HttpResponse<String> first =
        gateway.postJson("/v1/chat/completions", body, "Cache-Control", "no-store");
    HttpResponse<String> second = gateway.postJson("/v1/chat/completions", body);

    assertThat(first.headers().firstValue("X-Loom-Cache")).hasValue("MISS");
    assertThat(second.headers().firstValue("X-Loom-Cache")).hasValue("MISS");
    assertThat(upstream.requestCount()).isEqualTo(2);
    assertThat(probe.outcomes().get(FILTER)).isEqualTo(Set.of(CONTINUED));
  }

  @Test
  void aBadCacheHeaderIsAnsweredHereInOpenAisErrorShape(FakeUpstream upstream, ChainProbe probe)
      throws Exception {
    probe.forgetOutcomes();

    HttpResponse<String> refused =
        gateway.postJson("/v1/chat/completions", chat("bad ttl"), "X-Loom-Cache-TTL", "-1");

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.headers().firstValue("X-Loom-Cache")).hasValue("BYPASS");
    assertThat(JSON.readTree(refused.body()).at("/error/param").asText())
        .isEqualTo("X-Loom-Cache-TTL");
    assertThat(upstream.requestCount()).isZero();
    assertThat(probe.outcomes().get(FILTER)).isEqualTo(Set.of(ANSWERED));
  }
}
