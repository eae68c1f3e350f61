package loom.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import loom.config.CacheConfig;
import loom.config.Secret;
import loom.proxy.Usage;
import loom.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Stored entries, expiry and the admin operations behind {@code /api/v1/cache/invalidate} and {@code clear},
 * the same on both backends: Ehcache in memory and a real redis-server.
 */
@ParameterizedClass
@EnumSource(CacheConfig.Backend.class)
class ResponseCacheTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  @Parameter CacheConfig.Backend backend;
  private RedisServer redis;
  private CacheBackends backends;
  private ResponseCache cache;

  @BeforeEach
  void open() {
    String url = "";
    if (backend == CacheConfig.Backend.REDIS) {
      redis = RedisServer.onFreePort();
      url = redis.url();
    }
    CacheConfig config =
        new CacheConfig(
            true,
            backend,
            CacheConfig.DEFAULT_TTL,
            CacheConfig.DEFAULT_MAX_TTL,
            100,
            8,
            CacheConfig.DEFAULT_MAX_ENTRY_SIZE,
            CacheConfig.DEFAULT_CLEANUP_PERIOD,
            false,
            CacheConfig.Scope.SHARED,
            Optional.empty(),
            new Secret(url),
            Optional.empty(),
            Duration.ofSeconds(2),
            CacheConfig.DEFAULT_PROBE_PERIOD);
    backends = CacheBackends.start(config, getClass().getClassLoader(), "response-cache-test");
    assertThat(backends.state())
        .isEqualTo(backend == CacheConfig.Backend.REDIS ? "redis" : "memory");
    cache = new ResponseCache(backends);
  }

  @AfterEach
  void close() {
    backends.close();
    if (redis != null) {
      redis.close();
    }
  }

  private static CacheEntry entry(String provider, String model, Instant cachedAt, Duration ttl) {
    return new CacheEntry(
        200,
        "application/json",
        "{\"id\":\"chatcmpl-1\"}",
        List.of(),
        new Usage(11, 2, 13, 0, 0, true),
        provider,
        model,
        "/chat/completions",
        cachedAt,
        cachedAt.plus(ttl),
        420);
  }

  @Test
  void anEntryComesBackWholeUntilItExpires() {
    CacheEntry stored = entry("openai", "gpt-4o", NOW, Duration.ofMinutes(5));
    cache.put("v1:openai:gpt-4o:aa", stored);

    assertThat(cache.get("v1:openai:gpt-4o:aa", NOW.plusSeconds(299))).contains(stored);
    assertThat(cache.get("v1:openai:gpt-4o:aa", NOW.plusSeconds(300))).isEmpty();
    assertThat(cache.size()).as("an expired entry found is removed").isZero();
  }

  @Test
  void aStreamEntryKeepsItsEvents() {
    CacheEntry stream =
        new CacheEntry(
            200,
            "text/event-stream",
            null,
            List.of("data: {\"a\":1}", "id: 7\ndata: {\"b\":\"ü\"}"),
            Usage.NONE,
            "demo",
            "demo-chat",
            "/chat/completions",
            NOW,
            NOW.plusSeconds(60),
            5);
    cache.put("k", stream);

    assertThat(cache.get("k", NOW)).contains(stream);
  }

  @Test
  void aMessagesStreamKeepsItsEventLinesAndItsCacheWrites() {
    // The cost a hit saves is the original's, cache writes and their one-hour part included.
    Usage anthropic = new Usage(2_450, 70, 2_520, 2_000, 0, 400, 100, true);
    CacheEntry stream =
        new CacheEntry(
            200,
            "text/event-stream",
            null,
            List.of(
                "event: message_start\ndata: {\"type\":\"message_start\"}",
                "event: message_stop\ndata: {}"),
            anthropic,
            "anthropic",
            "claude-haiku-4-5",
            "/messages",
            NOW,
            NOW.plusSeconds(60),
            5);
    cache.put("m", stream);

    assertThat(cache.get("m", NOW)).contains(stream);
  }

  @Test
  void anUnreadableEntryIsAMissAndIsRemoved() {
    backends.active().put("v1:x:y:garbled", "not json");

    assertThat(cache.get("v1:x:y:garbled", NOW)).isEmpty();
    assertThat(backends.active().get("v1:x:y:garbled")).isNull();
  }

  @Test
  void invalidationByProviderModelAgeAndPatternCountsDryRunsAndRemoves() {
    cache.put(
        "v1:openai:gpt-4o:01",
        entry("openai", "gpt-4o", NOW.minus(Duration.ofHours(3)), Duration.ofDays(1)));
    cache.put("v1:openai:gpt-4o-mini:02", entry("openai", "gpt-4o-mini", NOW, Duration.ofDays(1)));
    cache.put("v1:team-a:groq:llama:03", entry("groq", "llama", NOW, Duration.ofDays(1)));
    cache.put(
        "v1:groq:llama:04",
        entry("groq", "llama", NOW.minus(Duration.ofHours(2)), Duration.ofDays(1)));

    assertThat(cache.removeMatching((key, e) -> e.providerId().equals("groq"), true)).isEqualTo(2);
    assertThat(cache.size()).isEqualTo(4);
    assertThat(
            cache.removeMatching(
                (key, e) -> CacheModule.glob("v1:openai:gpt-4o:*").matcher(key).matches(), false))
        .isEqualTo(1);
    assertThat(
            cache.removeMatching(
                (key, e) -> e.cachedAt().isBefore(NOW.minus(Duration.ofHours(1))), false))
        .isEqualTo(1);
    assertThat(cache.removeMatching((key, e) -> e.model().equals("llama"), false)).isEqualTo(1);
    assertThat(cache.keys()).containsExactly("v1:openai:gpt-4o-mini:02");
    assertThat(cache.clear()).isEqualTo(1);
    assertThat(cache.size()).isZero();
  }
}
