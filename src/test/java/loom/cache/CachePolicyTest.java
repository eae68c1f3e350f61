package loom.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Optional;
import loom.config.CacheConfig;
import loom.proxy.Endpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CachePolicyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNode CHAT =
      body("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

  private static JsonNode body(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static CacheConfig config(boolean enabled, boolean onlyDeterministic) {
    CacheConfig d = CacheConfig.defaults();
    return new CacheConfig(
        enabled,
        d.backend(),
        d.defaultTtl(),
        Duration.ofHours(2),
        d.maxSize(),
        d.maxMemoryMb(),
        d.maxEntrySize(),
        d.cleanupPeriod(),
        onlyDeterministic,
        d.scope(),
        Optional.empty(),
        d.redisUrl(),
        Optional.empty(),
        d.redisTimeout(),
        d.probePeriod());
  }

  private final CachePolicy policy = new CachePolicy(config(true, false));

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''                     | true  | true",
        "no-cache               | false | true",
        "no-store               | true  | false",
        "'No-Cache, no-store'   | false | false",
        "'max-age=0, no-store'  | true  | false",
        "private                | true  | true"
      })
  void cacheControlDirectivesDecideLookupAndStore(
      String cacheControl, boolean lookup, boolean store) {
    CachePolicy.Decision decision =
        policy.decide(cacheControl, null, null, Endpoint.CHAT_COMPLETIONS, CHAT);

    assertThat(decision.lookup()).isEqualTo(lookup);
    assertThat(decision.store()).isEqualTo(store);
    assertThat(decision.bypass()).isEqualTo(!lookup && !store);
  }

  @Test
  void theTtlIsTheDefaultUnlessTheClientAsksForOneWithinTheMaximum() {
    assertThat(policy.decide("", null, null, Endpoint.CHAT_COMPLETIONS, CHAT).ttl())
        .isEqualTo(Duration.ofHours(1));
    assertThat(policy.decide("", " 90 ", null, Endpoint.CHAT_COMPLETIONS, CHAT).ttl())
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(policy.decide("", "7200", null, Endpoint.CHAT_COMPLETIONS, CHAT).ttl())
        .isEqualTo(Duration.ofHours(2));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-5", "7201", "1.5", "soon", ""})
  void aTtlOutsideOneSecondToTheMaximumIsABadHeader(String ttl) {
    assertThatThrownBy(() -> policy.decide("", ttl, null, Endpoint.CHAT_COMPLETIONS, CHAT))
        .isInstanceOf(CachePolicy.BadHeader.class)
        .satisfies(
            e ->
                assertThat(((CachePolicy.BadHeader) e).error().param())
                    .isEqualTo(CachePolicy.TTL_HEADER))
        .hasMessageContaining("from 1 to 7200");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "team a",
        "ä",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "a:b",
        "a/b"
      })
  void aNamespaceWithOtherCharactersIsABadHeader(String namespace) {
    assertThatThrownBy(() -> policy.decide("", null, namespace, Endpoint.CHAT_COMPLETIONS, CHAT))
        .isInstanceOf(CachePolicy.BadHeader.class)
        .satisfies(
            e ->
                assertThat(((CachePolicy.BadHeader) e).error().param())
                    .isEqualTo(CachePolicy.NAMESPACE_HEADER));
  }

  @Test
  void aGoodNamespaceIsKept() {
    assertThat(policy.decide("", null, "team-a.v2_x", Endpoint.CHAT_COMPLETIONS, CHAT).namespace())
        .isEqualTo("team-a.v2_x");
    assertThat(policy.decide("", null, "", Endpoint.CHAT_COMPLETIONS, CHAT).namespace()).isNull();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"messages\":[],\"temperature\":0}     | CHAT_COMPLETIONS | false",
        "{\"messages\":[],\"temperature\":0.0}   | CHAT_COMPLETIONS | false",
        "{\"messages\":[],\"temperature\":0.2}   | CHAT_COMPLETIONS | true",
        "{\"messages\":[]}                       | CHAT_COMPLETIONS | true",
        "{\"messages\":[],\"temperature\":\"0\"} | CHAT_COMPLETIONS | true",
        "{\"prompt\":\"x\",\"temperature\":0}    | COMPLETIONS      | false",
        "{\"input\":\"x\"}                       | EMBEDDINGS       | false"
      })
  void onlyDeterministicCachesTemperatureZeroAndEmbeddings(
      String json, Endpoint endpoint, boolean bypass) {
    CachePolicy deterministic = new CachePolicy(config(true, true));

    assertThat(deterministic.decide("", null, null, endpoint, body(json)).bypass())
        .isEqualTo(bypass);
  }

  @Test
  void aDisabledCacheBypassesEverything() {
    assertThat(
            new CachePolicy(config(false, false))
                .decide("", null, null, Endpoint.CHAT_COMPLETIONS, CHAT)
                .bypass())
        .isTrue();
  }
}
