package loom.cache;

import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import loom.config.CacheConfig;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.jcache.configuration.RedissonConfiguration;

/**
 * The Redis backend: one Redisson client carrying the {@value CacheBackends#CACHE_NAME} JCache, which every
 * gateway on the same Redis shares (the cache name is the same everywhere; only the manager's URI names the
 * instance), and the cluster-wide counters. Thread-safe.
 */
final class RedisBackend implements AutoCloseable {
  private static final String PROVIDER = "org.redisson.jcache.JCachingProvider";
  private static final String PROBE_KEY = "loom:cache:probe";

  private final RedissonClient client;
  private final CacheManager manager;
  private final Cache<String, String> cache;
  private final String description;

  private RedisBackend(
      RedissonClient client,
      CacheManager manager,
      Cache<String, String> cache,
      String description) {
    this.client = client;
    this.manager = manager;
    this.cache = cache;
    this.description = description;
  }

  /**
   * Creates the client and the cache without waiting for Redis (the connection is made lazily), so this
   * succeeds while Redis is down; a bad URL or redisson.yaml throws {@link CacheSetupException}.
   */
  static RedisBackend open(CacheConfig config, ClassLoader classLoader, String instanceName) {
    RedisSettings settings = RedisSettings.from(config);
    RedissonClient client;
    try {
      client = Redisson.create(settings.redisson());
    } catch (RuntimeException e) {
      throw new CacheSetupException(
          "Cannot set up the Redis client (Redis "
              + settings.description()
              + "): "
              + CacheBackends.describe(e),
          e);
    }
    try {
      CacheManager manager =
          Caching.getCachingProvider(PROVIDER, classLoader)
              .getCacheManager(CacheBackends.managerUri(instanceName, "redis"), classLoader);
      MutableConfiguration<String, String> entries =
          new MutableConfiguration<String, String>()
              .setTypes(String.class, String.class)
              .setExpiryPolicyFactory(
                  CreatedExpiryPolicy.factoryOf(
                      new Duration(TimeUnit.SECONDS, config.maxTtl().toSeconds())));
      // From our client rather than from the config, so cache, counters and probe share one
      // connection pool.
      Cache<String, String> cache =
          manager.createCache(
              CacheBackends.CACHE_NAME, RedissonConfiguration.fromInstance(client, entries));
      return new RedisBackend(client, manager, cache, settings.description());
    } catch (RuntimeException e) {
      client.shutdown();
      throw new CacheSetupException(
          "Cannot set up the Redis cache (Redis "
              + settings.description()
              + "): "
              + CacheBackends.describe(e),
          e);
    }
  }

  Cache<String, String> cache() {
    return cache;
  }

  RedissonClient client() {
    return client;
  }

  /** Where Redis is (password masked), or "per" the redisson.yaml naming it. */
  String description() {
    return description;
  }

  /** One cache operation, bounded by the client's timeouts; throws whatever Redisson throws when Redis fails. */
  void ping() {
    cache.containsKey(PROBE_KEY);
  }

  /** Closes the cache and shuts the client down, its Netty threads included. */
  @Override
  public void close() {
    try {
      manager.close();
    } finally {
      client.shutdown();
    }
  }
}
