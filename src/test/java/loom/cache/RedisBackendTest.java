package loom.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import loom.config.CacheConfig;
import loom.config.Secret;
import loom.testing.RedisServer;
import loom.testing.ThreadsSince;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Redis backend against a real redis-server: sharing, falling back to memory, coming back, shutting down. */
class RedisBackendTest {
  /** Generous, so a busy machine never trips a healthy operation; a dead Redis refuses at once anyway. */
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  @TempDir Path dir;
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  @Test
  void gatewaysOnOneRedisShareEntriesStoredAsPlainText() {
    RedisServer redis = redisServer();
    CacheBackends first = start(onRedis(redis.url()), "first");
    CacheBackends second = start(onRedis(redis.url()), "second");

    first.active().put("v1:openai:gpt-4o:3f2a", "{\"status\":200}");

    assertThat(first.state()).isEqualTo("redis");
    assertThat(second.active().get("v1:openai:gpt-4o:3f2a")).isEqualTo("{\"status\":200}");
    assertThat(redis.command("HGET", CacheBackends.CACHE_NAME, "v1:openai:gpt-4o:3f2a"))
        .isEqualTo("{\"status\":200}");
  }

  @Test
  void gatewaysOnOneRedisShareCountersOnceFlushed() {
    RedisServer redis = redisServer();
    CacheBackends first = start(onRedis(redis.url()), "first");
    CacheBackends second = start(onRedis(redis.url()), "second");

    first.counters().add("hits", 3);
    second.counters().add("hits", 2);
    second.counters().add("misses", 1);
    assertThat(first.counters().snapshot()).containsEntry("hits", 3L);
    first.counters().flush();
    second.counters().flush();
    first.counters().flush();

    assertThat(first.counters().snapshot())
        .containsExactly(Map.entry("hits", 5L), Map.entry("misses", 1L));
    assertThat(second.counters().snapshot())
        .containsExactly(Map.entry("hits", 5L), Map.entry("misses", 1L));
    assertThat(redis.command("HGET", RedisCounters.KEY, "hits")).isEqualTo("5");
  }

  @Test
  void redisDownAtStartStartsInMemoryFallback() {
    RedisServer redis = redisServer();
    redis.stop();

    CacheBackends backends = start(onRedis(redis.url()), "down");
    backends.active().put("key", "value");

    assertThat(backends.state()).isEqualTo("memory-fallback");
    assertThat(backends.fallbacks()).isEqualTo(1);
    assertThat(backends.active().get("key")).isEqualTo("value");
  }

  @Test
  void redisStartedAfterTheGatewayIsTakenUpByTheProbe() {
    RedisServer redis = redisServer();
    redis.stop();
    CacheBackends backends = start(onRedis(redis.url()), "late");
    backends.counters().add("hits", 4);

    redis.start();
    probeUntil(backends, () -> backends.state().equals("redis"));
    backends.active().put("key", "on redis");
    backends.counters().flush();

    assertThat(redis.command("HGET", CacheBackends.CACHE_NAME, "key")).isEqualTo("on redis");
    assertThat(redis.command("HGET", RedisCounters.KEY, "hits")).isEqualTo("4");
  }

  @Test
  void redisDyingMidRunFallsBackToMemoryAndTheProbeBringsItBack() {
    RedisServer redis = redisServer();
    CacheBackends backends = start(onRedis(redis.url()), "dying");
    backends.active().put("before", "on redis");
    var redisCache = backends.active();

    redis.stop();
    RuntimeException failure = catchFailure(() -> redisCache.get("before"));
    backends.failed(redisCache, failure);

    assertThat(backends.state()).isEqualTo("memory-fallback");
    assertThat(backends.fallbacks()).isEqualTo(1);
    backends.active().put("during", "in memory");
    assertThat(backends.active().get("during")).isEqualTo("in memory");
    backends.failed(redisCache, failure);
    assertThat(backends.fallbacks()).as("a late failure of the same fall").isEqualTo(1);

    redis.start();
    probeUntil(backends, () -> backends.state().equals("redis"));
    backends.active().put("after", "on redis again");

    assertThat(backends.active()).isSameAs(redisCache);
    assertThat(redis.command("HGET", CacheBackends.CACHE_NAME, "after"))
        .isEqualTo("on redis again");
    assertThat(backends.fallbacks()).isEqualTo(1);
  }

  @Test
  void redisThatHangsTimesOutAndFallsBackToMemory() {
    RedisServer redis = redisServer();
    CacheBackends backends =
        start(config(new Secret(redis.url()), Optional.empty(), Duration.ofSeconds(1)), "hung");
    var redisCache = backends.active();
    redisCache.put("key", "on redis");

    // WRITE, not ALL: it holds the cache's scripts while redis-server 6.2 still takes the UNPAUSE
    // below.
    redis.command("CLIENT", "PAUSE", "60000", "WRITE");
    try {
      RuntimeException failure = catchFailure(() -> redisCache.get("key"));
      backends.failed(redisCache, failure);
      backends.probe();

      assertThat(CacheBackends.describe(failure)).contains("timeout");
      assertThat(backends.state()).isEqualTo("memory-fallback");
      assertThat(backends.active().get("key")).isNull();
    } finally {
      redis.command("CLIENT", "UNPAUSE");
    }
    probeUntil(backends, () -> backends.state().equals("redis"));
    assertThat(backends.active().get("key")).isEqualTo("on redis");
  }

  @Test
  void countersAddedWhileRedisIsDownArePushedWhenItIsBack() {
    RedisServer redis = redisServer();
    CacheBackends backends = start(onRedis(redis.url()), "counting");
    var redisCache = backends.active();
    redis.stop();
    backends.failed(redisCache, catchFailure(() -> redisCache.get("any")));

    backends.counters().add("hits", 7);
    backends.counters().flush();
    assertThat(backends.counters().snapshot()).containsEntry("hits", 7L);

    redis.start();
    probeUntil(backends, () -> backends.state().equals("redis"));
    backends.counters().flush();

    assertThat(redis.command("HGET", RedisCounters.KEY, "hits")).isEqualTo("7");
    assertThat(backends.counters().snapshot()).containsEntry("hits", 7L);
  }

  @Test
  void passwordAndDatabaseAreTakenFromTheUrl() {
    RedisServer redis = redisServer("requirepass s3cret");
    String db3 = "redis://:s3cret@127.0.0.1:" + redis.port() + "/3";
    CacheBackends first = start(onRedis(db3), "first");
    CacheBackends second = start(onRedis(db3), "second");
    CacheBackends otherDb =
        start(onRedis("redis://:s3cret@127.0.0.1:" + redis.port() + "/0"), "other-db");

    first.active().put("key", "in db 3");

    assertThat(first.state()).isEqualTo("redis");
    assertThat(second.active().get("key")).isEqualTo("in db 3");
    assertThat(otherDb.state()).isEqualTo("redis");
    assertThat(otherDb.active().get("key")).isNull();
  }

  @Test
  void aWrongPasswordIsAFallbackNotAFailedDeploy() {
    RedisServer redis = redisServer("requirepass s3cret");

    CacheBackends backends =
        start(onRedis("redis://:wrong@127.0.0.1:" + redis.port()), "wrong-password");

    assertThat(backends.state()).isEqualTo("memory-fallback");
  }

  @Test
  void redisUrlThatIsNotAUrlFailsWithoutShowingThePassword() {
    CacheConfig config = onRedis("redis://:pa ss@127.0.0.1:6379");

    assertThatThrownBy(() -> CacheBackends.start(config, getClass().getClassLoader(), "bad-url"))
        .isInstanceOf(CacheSetupException.class)
        .hasMessageContaining("cache.redis_url")
        .hasMessageNotContaining("pa ss");
  }

  @Test
  void redissonConfigFileIsUsed() throws IOException {
    RedisServer redis = redisServer();
    Path file =
        Files.writeString(
            dir.resolve("redisson.yaml"),
            """
        singleServerConfig:
          address: "%s"
          database: 2
          timeout: 2000
          retryAttempts: 0
        """
                .formatted(redis.url()));
    CacheBackends backends = start(redisson(file), "yaml");

    backends.active().put("key", "from yaml");

    assertThat(backends.state()).isEqualTo("redis");
    assertThat(redis.command(2, "HGET", CacheBackends.CACHE_NAME, "key")).isEqualTo("from yaml");
    assertThat(redis.command(0, "HGET", CacheBackends.CACHE_NAME, "key")).isNull();
  }

  @Test
  void redissonConfigFileThatIsNotRedissonYamlFailsNamingTheFile() throws IOException {
    Path file =
        Files.writeString(dir.resolve("redisson.yaml"), "singleServerConfig:\n  adress: nowhere\n");

    assertThatThrownBy(
            () -> CacheBackends.start(redisson(file), getClass().getClassLoader(), "bad-yaml"))
        .isInstanceOf(CacheSetupException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("adress");
  }

  @Test
  void closeLeavesNoRedissonNettyOrEhcacheThreadOrMBeanBehind() throws Exception {
    RedisServer redis = redisServer();
    ThreadsSince before = ThreadsSince.now();
    CacheBackends backends =
        CacheBackends.start(onRedis(redis.url()), getClass().getClassLoader(), "closing");
    backends.active().put("key", "value");
    assertThat(CacheBackendsTest.liveThreadsNamed(before, "redisson")).isNotEmpty();

    backends.close();

    assertThat(CacheBackendsTest.threadsLeft(before, "redisson", "netty", "Ehcache")).isEmpty();
    assertThat(CacheBackendsTest.mbeansLeft("closing")).isEmpty();
  }

  /** Calls the probe, as the scheduler would, until the condition holds (bounded). */
  private static void probeUntil(CacheBackends backends, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      backends.probe();
    }
    assertThat(condition.getAsBoolean()).as("state after probing: %s", backends.state()).isTrue();
  }

  private static RuntimeException catchFailure(Runnable operation) {
    try {
      operation.run();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("the operation did not fail");
  }

  private RedisServer redisServer(String... settings) {
    RedisServer redis = RedisServer.onFreePort(settings);
    opened.add(redis);
    return redis;
  }

  private CacheBackends start(CacheConfig config, String instanceName) {
    CacheBackends backends = CacheBackends.start(config, getClass().getClassLoader(), instanceName);
    opened.add(backends);
    return backends;
  }

  private static CacheConfig onRedis(String url) {
    return config(new Secret(url), Optional.empty());
  }

  private static CacheConfig redisson(Path file) {
    return config(new Secret(""), Optional.of(file));
  }

  private static CacheConfig config(Secret url, Optional<Path> redissonConfig) {
    return config(url, redissonConfig, TIMEOUT);
  }

  private static CacheConfig config(Secret url, Optional<Path> redissonConfig, Duration timeout) {
    return new CacheConfig(
        true,
        CacheConfig.Backend.REDIS,
        CacheConfig.DEFAULT_TTL,
        CacheConfig.DEFAULT_MAX_TTL,
        1000,
        16,
        CacheConfig.DEFAULT_MAX_ENTRY_SIZE,
        CacheConfig.DEFAULT_CLEANUP_PERIOD,
        false,
        CacheConfig.Scope.SHARED,
        Optional.empty(),
        url,
        redissonConfig,
        timeout,
        CacheConfig.DEFAULT_PROBE_PERIOD);
  }
}
