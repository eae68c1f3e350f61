package loom.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import loom.cache.semantic.MeaningGuards;
import loom.cache.semantic.MiniLmEmbedder;
import loom.cache.semantic.SemanticIndex;
import loom.config.CacheConfig;
import loom.config.Secret;
import loom.config.SemanticCacheConfig;
import loom.proxy.Endpoint;
import loom.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The semantic lookup with the real built-in model and guards: paraphrases are offered, look-alikes vetoed, and
 * nothing crosses a partition (another parameter, system prompt, namespace or user); with Redis, a question one
 * gateway remembered is offered by another.
 */
class SemanticLookupTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC);
  private static MiniLmEmbedder embedder;
  private final CacheKeys keys = new CacheKeys();

  @BeforeAll
  static void loadModel() {
    embedder = MiniLmEmbedder.load();
  }

  @AfterAll
  static void closeModel() {
    embedder.close();
  }

  private SemanticLookup lookup(SemanticShare share, CacheStats stats) {
    return new SemanticLookup(
        new SemanticCacheConfig(true, true, 0.85, 16),
        embedder,
        new SemanticIndex(embedder.dimensions(), 16L << 20),
        MeaningGuards.standard(),
        share,
        keys,
        stats,
        CLOCK);
  }

  private static CacheStats stats() {
    return new CacheStats(new LocalCounters(), (provider, model, usage) -> BigDecimal.ZERO);
  }

  private static ObjectNode chat(String system, String question, double temperature) {
    ObjectNode body =
        JSON.createObjectNode().put("model", "gpt-4o-mini").put("temperature", temperature);
    body.putArray("messages").addObject().put("role", "system").put("content", system);
    ((com.fasterxml.jackson.databind.node.ArrayNode) body.get("messages"))
        .addObject()
        .put("role", "user")
        .put("content", question);
    return body;
  }

  private static SemanticLookup.Probe probe(
      SemanticLookup lookup, ObjectNode body, String namespace, String user) {
    return lookup
        .probe(Endpoint.CHAT_COMPLETIONS, "openai", "gpt-4o-mini", body, namespace, user, null)
        .orElseThrow();
  }

  private static void remember(SemanticLookup lookup, SemanticLookup.Probe probe, String key) {
    lookup.remember(probe, key, CLOCK.instant().plus(Duration.ofHours(1)));
  }

  @Test
  void aParaphraseIsOfferedAndALookAlikeIsVetoedByAGuard() {
    CacheStats stats = stats();
    SemanticLookup lookup = lookup(SemanticShare.NONE, stats);
    remember(
        lookup,
        probe(lookup, chat("Be brief.", "How do I turn on dark mode in the app?", 0), null, null),
        "k1");

    List<SemanticLookup.Candidate> paraphrase =
        lookup.candidates(
            probe(
                lookup,
                chat("Be brief.", "How can I turn on the app's dark mode?", 0),
                null,
                null));
    List<SemanticLookup.Candidate> opposite =
        lookup.candidates(
            probe(
                lookup,
                chat("Be brief.", "How do I turn off dark mode in the app?", 0),
                null,
                null));

    assertThat(paraphrase).extracting(candidate -> candidate.entry().key()).containsExactly("k1");
    assertThat(paraphrase.get(0).similarity()).isBetween(0.85, 1.0);
    assertThat(opposite).isEmpty();
    assertThat(stats.snapshot(0, 0, "memory", 0).semanticVetoes()).isEqualTo(1);
  }

  @Test
  void nothingIsComparedAcrossParametersSystemPromptsNamespacesOrUsers() {
    SemanticLookup lookup = lookup(SemanticShare.NONE, stats());
    String question = "What is the capital of Australia?";
    remember(lookup, probe(lookup, chat("Be brief.", question, 0), null, null), "shared");
    remember(
        lookup,
        probe(lookup, chat("Be brief.", question, 0), "team-a", CacheKeys.userPartition("alice")),
        "alices");

    assertThat(lookup.candidates(probe(lookup, chat("Be brief.", question, 0.7), null, null)))
        .isEmpty();
    assertThat(lookup.candidates(probe(lookup, chat("Be verbose.", question, 0), null, null)))
        .isEmpty();
    assertThat(lookup.candidates(probe(lookup, chat("Be brief.", question, 0), "team-b", null)))
        .isEmpty();
    assertThat(
            lookup.candidates(
                probe(
                    lookup,
                    chat("Be brief.", question, 0),
                    "team-a",
                    CacheKeys.userPartition("bob"))))
        .isEmpty();
    assertThat(
            lookup.candidates(
                probe(
                    lookup,
                    chat("Be brief.", "Which city is Australia's capital?", 0),
                    "team-a",
                    CacheKeys.userPartition("alice"))))
        .extracting(candidate -> candidate.entry().key())
        .containsExactly("alices");
  }

  @Test
  void aQuestionOneGatewayRememberedIsOfferedByAnotherOnTheSameRedis() {
    try (RedisServer redis = RedisServer.onFreePort();
        CacheBackends first = backends(redis, "semantic-a");
        CacheBackends second = backends(redis, "semantic-b")) {
      SemanticLookup a =
          lookup(first.semanticShare(embedder.dimensions(), Duration.ofDays(1), CLOCK), stats());
      SemanticLookup b =
          lookup(second.semanticShare(embedder.dimensions(), Duration.ofDays(1), CLOCK), stats());
      remember(
          a, probe(a, chat("s", "How do I cancel my subscription?", 0), null, null), "k-shared");

      SemanticLookup.Probe paraphrase =
          probe(b, chat("s", "How can I cancel my subscription?", 0), null, null);
      assertThat(b.candidates(paraphrase))
          .extracting(candidate -> candidate.entry().key())
          .containsExactly("k-shared");
      assertThat(b.candidates(paraphrase)).as("read once, not added twice").hasSize(1);
      assertThat(b.index().size()).isEqualTo(1);

      b.clear();
      SemanticLookup c =
          lookup(second.semanticShare(embedder.dimensions(), Duration.ofDays(1), CLOCK), stats());
      assertThat(c.candidates(paraphrase)).as("cleared everywhere").isEmpty();
    }
  }

  private static CacheBackends backends(RedisServer redis, String name) {
    CacheConfig config =
        new CacheConfig(
            true,
            CacheConfig.Backend.REDIS,
            CacheConfig.DEFAULT_TTL,
            CacheConfig.DEFAULT_MAX_TTL,
            100,
            8,
            CacheConfig.DEFAULT_MAX_ENTRY_SIZE,
            CacheConfig.DEFAULT_CLEANUP_PERIOD,
            false,
            CacheConfig.Scope.SHARED,
            Optional.empty(),
            new Secret(redis.url()),
            Optional.empty(),
            Duration.ofSeconds(2),
            CacheConfig.DEFAULT_PROBE_PERIOD);
    return CacheBackends.start(config, SemanticLookupTest.class.getClassLoader(), name);
  }
}
