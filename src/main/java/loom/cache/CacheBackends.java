package loom.cache;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import javax.cache.Cache;
import loom.config.CacheConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where cached responses live: an Ehcache cache in this JVM, or a Redis cache shared by every gateway on that
 * Redis with the Ehcache one as its fallback. Callers ask {@link #active()} for the cache to use, report
 * failures of it to {@link #failed}, and the gateway's scheduler calls {@link #probe()} and
 * {@code counters().flush()}. A failing Redis never fails a request or the deploy: the cache serves from
 * memory until Redis answers again. Thread-safe.
 */
public final class CacheBackends implements AutoCloseable {
  /** The cache's name in ehcache.xml and in Redis, the same on every gateway so they share entries. */
  public static final String CACHE_NAME = "loom-responses";

  private static final Logger log = LoggerFactory.getLogger(CacheBackends.class);
  private static final int DESCRIPTION_LIMIT = 300;
  private static final int MAX_CAUSE_DEPTH = 16;

  private final EhcacheMemory memory;
  private final RedisBackend redis; // null for the memory backend
  private final CacheCounters counters;
  private final AtomicBoolean onRedis = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final LongAdder fallbacks = new LongAdder();
  private final LongAdder failures = new LongAdder();

  private CacheBackends(EhcacheMemory memory, RedisBackend redis) {
    this.memory = memory;
    this.redis = redis;
    this.counters =
        redis == null ? new LocalCounters() : new RedisCounters(redis.client(), onRedis::get);
  }

  /**
   * Opens the configured backend. Never fails because Redis is down: the cache then starts in memory-fallback.
   * A bad ehcache.xml, redisson.yaml or redis_url throws {@link CacheSetupException} naming it.
   *
   * @param classLoader the web application's, which the JCache providers are looked up in and keyed by
   * @param instanceName names this gateway's cache managers; unique among the CacheBackends open in one class
   *     loader (the context path will do)
   */
  public static CacheBackends start(
      CacheConfig config, ClassLoader classLoader, String instanceName) {
    EhcacheMemory memory = EhcacheMemory.open(config, classLoader, instanceName);
    if (config.backend() == CacheConfig.Backend.MEMORY) {
      log.info("Cache: in memory, Ehcache configured by {}", memory.source());
      return new CacheBackends(memory, null);
    }
    RedisBackend redis;
    try {
      redis = RedisBackend.open(config, classLoader, instanceName);
    } catch (RuntimeException e) {
      memory.close();
      throw e;
    }
    CacheBackends backends = new CacheBackends(memory, redis);
    backends.attachAtStart();
    return backends;
  }

  private void attachAtStart() {
    try {
      redis.ping();
    } catch (RuntimeException e) {
      fallbacks.increment();
      log.warn(
          "Cache: Redis {} does not answer ({}); serving from memory until it does",
          redis.description(),
          describe(e));
      return;
    }
    onRedis.set(true);
    log.info("Cache: on Redis {}, shared with every gateway using it", redis.description());
    counters.flush();
  }

  /** The cache to use right now: Redis when configured and healthy, else the in-memory one. */
  public Cache<String, String> active() {
    return redis != null && onRedis.get() ? redis.cache() : memory.cache();
  }

  /**
   * Reports that an operation on {@code cache} failed. When that is the Redis cache, the backend falls back to
   * memory at once (one WARN per fall) until {@link #probe()} finds Redis healthy again; failures of the memory
   * cache are only counted. Cheap.
   */
  public void failed(Cache<String, String> cache, RuntimeException error) {
    failures.increment();
    if (redis != null && cache == redis.cache() && onRedis.compareAndSet(true, false)) {
      fallbacks.increment();
      log.warn(
          "Cache: Redis {} failed ({}); serving from memory until it answers again",
          redis.description(),
          describe(error));
    }
  }

  /** {@code memory} (the memory backend), {@code redis} (on Redis, healthy) or {@code memory-fallback}. */
  public String state() {
    if (redis == null) {
      return "memory";
    }
    return onRedis.get() ? "redis" : "memory-fallback";
  }

  /**
   * In memory-fallback, asks Redis one bounded question and, if it answers, moves the cache back onto Redis.
   * The memory cache is emptied then: an entry invalidated on Redis meanwhile must not come back at the next
   * fall. Run by the scheduler every {@code cache.probe_period}; never throws.
   */
  public void probe() {
    if (redis == null || onRedis.get() || closed.get()) {
      return;
    }
    try {
      redis.ping();
      memory.cache().clear();
    } catch (RuntimeException e) {
      log.debug("Cache: Redis {} still does not answer ({})", redis.description(), describe(e));
      return;
    }
    if (onRedis.compareAndSet(false, true)) {
      log.info("Cache: Redis {} answers again; back on Redis", redis.description());
    }
  }

  /**
   * Entries the memory cache evicted for lack of room since start. Redis evicts by its own maxmemory policy,
   * which is not seen here: on the Redis backend this counts only the memory cache's evictions while it stood in.
   */
  public long evictions() {
    return memory.evictions();
  }

  /** Times the cache fell back from Redis to memory since start (a Redis down at start counts once). */
  public long fallbacks() {
    return fallbacks.sum();
  }

  /** Cache operations reported through {@link #failed} since start, on either cache. */
  public long failures() {
    return failures.sum();
  }

  /** How remembered questions of the semantic cache are shared: through Redis with the Redis backend. */
  SemanticShare semanticShare(int dimensions, java.time.Duration maxTtl, java.time.Clock clock) {
    return redis == null
        ? SemanticShare.NONE
        : new RedisSemanticShare(redis.client(), onRedis::get, dimensions, maxTtl, clock);
  }

  /** The cache statistics' counters: shared by every gateway on the same Redis on the Redis backend, else local. */
  public CacheCounters counters() {
    return counters;
  }

  /** Pushes the last counts to Redis, closes the caches and shuts Redisson down, leaving no thread behind. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    counters.flush();
    try {
      if (redis != null) {
        redis.close();
      }
    } finally {
      memory.close();
    }
  }

  /** The URI of one of this instance's cache managers: JCache providers share a manager per URI and loader. */
  static URI managerUri(String instanceName, String backend) {
    return URI.create(
        "urn:loom:" + URLEncoder.encode(instanceName, StandardCharsets.UTF_8) + ":" + backend);
  }

  /**
   * The deepest cause that says something, in one line, for messages and logs: Redisson and JCache wrap the telling
   * exception several times, and Redisson's messages run to kilobytes of connection state, hence the cut.
   */
  static String describe(Throwable error) {
    Throwable telling = error;
    Throwable cause = error.getCause();
    for (int depth = 0;
        cause != null && depth < MAX_CAUSE_DEPTH;
        depth++, cause = cause.getCause()) {
      if (cause.getMessage() != null) {
        telling = cause;
      }
    }
    String text =
        telling.getClass().getSimpleName()
            + (telling.getMessage() == null
                ? ""
                : ": " + telling.getMessage().replaceAll("\\s+", " ").trim());
    return text.length() <= DESCRIPTION_LIMIT ? text : text.substring(0, DESCRIPTION_LIMIT) + "…";
  }
}
