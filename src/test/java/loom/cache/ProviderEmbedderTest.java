package loom.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import loom.analytics.AnalyticsModule;
import loom.analytics.AnalyticsQueries.LogOrder;
import loom.analytics.LogFilter;
import loom.analytics.RequestLog;
import loom.auth.Caller;
import loom.auth.Role;
import loom.cache.semantic.Embedder.EmbeddingException;
import loom.cache.semantic.MeaningGuards;
import loom.cache.semantic.MiniLmEmbedder;
import loom.cache.semantic.SemanticIndex;
import loom.cache.semantic.Vectors;
import loom.config.ConfigLoader;
import loom.config.GatewayConfig;
import loom.config.ProviderEmbeddings;
import loom.proxy.Endpoint;
import loom.proxy.ProxyModule;
import loom.proxy.StoredResponses;
import loom.store.Store;
import loom.testing.FakeUpstream;
import loom.testing.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Embeddings through a configured provider: the real proxy calls an OpenAI-shaped upstream (which embeds with the
 * built-in model, as a provider's real model would), each call is logged and priced as the gateway's own, a paraphrase
 * is found by the vectors it answers, and a provider that fails or answers another size skips the lookup only.
 */
class ProviderEmbedderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Caller ADMIN = new Caller("u-admin", "admin", Role.ADMIN, null);
  private static MiniLmEmbedder model;

  @RegisterExtension final TestStores stores = new TestStores();
  private final Clock clock = Clock.systemUTC();
  private FakeUpstream upstream;
  private ProxyModule proxy;
  private AnalyticsModule analytics;

  @BeforeAll
  static void loadModel() {
    model = MiniLmEmbedder.load();
  }

  @AfterAll
  static void closeModel() {
    model.close();
  }

  @BeforeEach
  void start() {
    upstream = FakeUpstream.start(0);
    upstream.embedWith(model::embed);
    GatewayConfig config = config("");
    Store store = stores.open(stores.sqlite());
    proxy = ProxyModule.create(config, clock, new SimpleMeterRegistry(), StoredResponses.none());
    analytics = AnalyticsModule.start(config, store, clock);
  }

  @AfterEach
  void stop() {
    proxy.close();
    analytics.close();
    upstream.close();
  }

  private GatewayConfig config(String cache) {
    return new ConfigLoader(name -> null, name -> null)
        .parse(
            """
        providers:
          - {id: oa, type: openai, base_url: "http://127.0.0.1:%d/v1", api_key: sk-test, pricing_provider: openai}
          - {id: claude, type: anthropic, base_url: "http://127.0.0.1:%d", api_key: sk-test}
        %s
        """
                .formatted(upstream.port(), upstream.port(), cache),
            stores.folder(),
            "test");
  }

  private ProviderEmbedder embedder(int dimensions) {
    return new ProviderEmbedder(
        new ProviderEmbeddings("oa", "text-embedding-3-small", dimensions),
        proxy::call,
        analytics::record);
  }

  private List<RequestLog> logged() {
    analytics.flush();
    return analytics.queries().logRows(ADMIN, LogFilter.ALL, LogOrder.OLDEST_FIRST, 10, 0);
  }

  @Test
  void aTextIsEmbeddedByTheProviderAndTheCallIsLoggedAndPricedAsTheGatewaysOwn() {
    float[] vector = embedder(384).embed("How do I reset my password?");

    assertThat(vector).hasSize(384);
    assertThat(Vectors.dot(vector, vector))
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    assertThat(Vectors.dot(vector, model.embed("How do I reset my password?")))
        .isGreaterThan(0.999);
    ObjectNode sent = (ObjectNode) readTree(upstream.lastRequest().body());
    assertThat(sent.path("model").asText()).isEqualTo("text-embedding-3-small");
    assertThat(sent.path("input").asText()).isEqualTo("How do I reset my password?");
    assertThat(upstream.lastRequest().path()).isEqualTo("/v1/embeddings");
    RequestLog log = logged().get(0);
    assertThat(log.userId()).isEqualTo(ProviderEmbedder.GATEWAY_USER);
    assertThat(log.attribution().tags()).containsExactly(ProviderEmbedder.TAG);
    assertThat(log.path()).isEqualTo("/v1/embeddings");
    assertThat(log.providerId()).isEqualTo("oa");
    assertThat(log.promptTokens()).isEqualTo(7);
    assertThat(log.costUsd())
        .as("7 tokens at $0.02 per million")
        .isEqualByComparingTo(new BigDecimal("0.00000014"));
  }

  @Test
  void aParaphraseIsFoundByTheVectorsTheProviderAnswers() {
    SemanticLookup lookup =
        new SemanticLookup(
            new loom.config.SemanticCacheConfig(
                true, true, 0.85, 16, new ProviderEmbeddings("oa", "text-embedding-3-small", 384)),
            embedder(384),
            new SemanticIndex(384, 1L << 20),
            MeaningGuards.standard(),
            SemanticShare.NONE,
            new CacheKeys(),
            new CacheStats(new LocalCounters(), (provider, model, usage) -> BigDecimal.ZERO),
            clock);
    SemanticLookup.Probe first = probe(lookup, "How do I cancel my subscription?").orElseThrow();
    lookup.remember(first, "k1", clock.instant().plus(Duration.ofHours(1)));

    List<SemanticLookup.Candidate> paraphrase =
        lookup.candidates(probe(lookup, "How can I cancel my subscription?").orElseThrow());
    List<SemanticLookup.Candidate> other =
        lookup.candidates(probe(lookup, "How do I change my profile picture?").orElseThrow());

    assertThat(paraphrase).extracting(candidate -> candidate.entry().key()).containsExactly("k1");
    assertThat(other).isEmpty();
    assertThat(logged())
        .hasSize(3)
        .allSatisfy(log -> assertThat(log.userId()).isEqualTo("loom-gateway"));
  }

  @Test
  void aProviderThatFailsOrAnswersAnotherSizeSkipsTheLookupAndItsFailureIsLogged() {
    assertThatThrownBy(() -> embedder(1536).embed("What is a monad?"))
        .isInstanceOf(EmbeddingException.class)
        .hasMessageContaining("384 dimensions")
        .hasMessageContaining("1536");
    upstream.respondWith(
        500, "application/json", "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}");
    assertThatThrownBy(() -> embedder(384).embed("What is a monad?"))
        .isInstanceOf(EmbeddingException.class)
        .hasMessageContaining("provider oa did not embed");

    List<RequestLog> logs = logged();
    assertThat(logs).extracting(RequestLog::statusCode).containsExactly(200, 500);
    assertThat(logs.get(1).userId()).isEqualTo("loom-gateway");
  }

  @Test
  void aProviderThatDoesNotServeEmbeddingsStopsTheCacheFromStarting() {
    GatewayConfig config =
        config(
            "cache: {semantic: {enabled: true, embeddings: {provider: claude,"
                + " model: claude-embed, dimensions: 8}}}");

    assertThatThrownBy(
            () ->
                CacheModule.start(
                    config.cache(),
                    proxy,
                    (p, m, u) -> BigDecimal.ZERO,
                    analytics::record,
                    getClass().getClassLoader(),
                    "embeddings-test",
                    clock))
        .isInstanceOf(CacheSetupException.class)
        .hasMessageContaining("cache.semantic.embeddings")
        .hasMessageContaining("embeddings");
  }

  private Optional<SemanticLookup.Probe> probe(SemanticLookup lookup, String question) {
    ObjectNode body = JSON.createObjectNode().put("model", "gpt-4o-mini");
    body.putArray("messages").addObject().put("role", "user").put("content", question);
    return lookup.probe(Endpoint.CHAT_COMPLETIONS, "oa", "gpt-4o-mini", body, null, null, null);
  }

  private static com.fasterxml.jackson.databind.JsonNode readTree(String body) {
    try {
      return JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
