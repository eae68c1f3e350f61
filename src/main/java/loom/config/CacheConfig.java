package loom.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code cache} section: the response cache in front of the providers.
 *
 * @param enabled whether responses are cached at all
 * @param backend where entries live: in this JVM (Ehcache) or in Redis (Redisson), shared by gateways
 * @param defaultTtl how long an entry is served when the request does not ask otherwise
 * @param maxTtl the longest {@code X-Loom-Cache-TTL} a request may ask for
 * @param maxSize entries held in memory at most (the memory backend; least recently used go first)
 * @param maxMemoryMb off-heap megabytes the memory backend may use for entries
 * @param maxEntrySize responses larger than this (bytes) are not cached
 * @param cleanupPeriod how often expired entries are swept out
 * @param onlyDeterministic cache only requests with {@code temperature: 0}
 * @param scope {@code shared} (identical requests share an entry, whoever sends them) or {@code user}
 * @param jcacheConfig an ehcache.xml replacing the one inside the WAR
 * @param redisUrl {@code redis://[:password@]host:port[/db]} for the Redis backend
 * @param redissonConfig a redisson.yaml for the Redis backend, instead of {@code redis_url}
 * @param redisTimeout how long one Redis operation may take before the cache falls back to memory
 * @param probePeriod how often a fallen-back cache checks whether Redis is back
 * @param semantic the semantic lookup after an exact miss (off unless configured)
 * @param warming the scheduled cache warming jobs, in order; empty for none
 */
public record CacheConfig(
    boolean enabled,
    Backend backend,
    Duration defaultTtl,
    Duration maxTtl,
    int maxSize,
    int maxMemoryMb,
    long maxEntrySize,
    Duration cleanupPeriod,
    boolean onlyDeterministic,
    Scope scope,
    Optional<Path> jcacheConfig,
    Secret redisUrl,
    Optional<Path> redissonConfig,
    Duration redisTimeout,
    Duration probePeriod,
    SemanticCacheConfig semantic,
    List<WarmingJob> warming) {
  public static final Duration DEFAULT_TTL = Duration.ofHours(1);
  public static final Duration DEFAULT_MAX_TTL = Duration.ofDays(1);
  public static final int DEFAULT_MAX_SIZE = 1_000;
  public static final int DEFAULT_MAX_MEMORY_MB = 64;
  public static final long DEFAULT_MAX_ENTRY_SIZE = 1024 * 1024;
  public static final Duration DEFAULT_CLEANUP_PERIOD = Duration.ofMinutes(5);
  public static final Duration DEFAULT_REDIS_TIMEOUT = Duration.ofMillis(500);
  public static final Duration DEFAULT_PROBE_PERIOD = Duration.ofSeconds(10);

  /** Where cache entries live. */
  public enum Backend {
    MEMORY,
    REDIS
  }

  /** Who may be served an entry: anyone sending the identical request, or only the same user. */
  public enum Scope {
    SHARED,
    USER
  }

  public CacheConfig {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(defaultTtl, "defaultTtl");
    Objects.requireNonNull(maxTtl, "maxTtl");
    Objects.requireNonNull(cleanupPeriod, "cleanupPeriod");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(jcacheConfig, "jcacheConfig");
    Objects.requireNonNull(redisUrl, "redisUrl");
    Objects.requireNonNull(redissonConfig, "redissonConfig");
    Objects.requireNonNull(redisTimeout, "redisTimeout");
    Objects.requireNonNull(probePeriod, "probePeriod");
    Objects.requireNonNull(semantic, "semantic");
    warming = warming == null ? List.of() : List.copyOf(warming);
  }

  /** A cache without semantic lookups or scheduled warming. */
  public CacheConfig(
      boolean enabled,
      Backend backend,
      Duration defaultTtl,
      Duration maxTtl,
      int maxSize,
      int maxMemoryMb,
      long maxEntrySize,
      Duration cleanupPeriod,
      boolean onlyDeterministic,
      Scope scope,
      Optional<Path> jcacheConfig,
      Secret redisUrl,
      Optional<Path> redissonConfig,
      Duration redisTimeout,
      Duration probePeriod) {
    this(
        enabled,
        backend,
        defaultTtl,
        maxTtl,
        maxSize,
        maxMemoryMb,
        maxEntrySize,
        cleanupPeriod,
        onlyDeterministic,
        scope,
        jcacheConfig,
        redisUrl,
        redissonConfig,
        redisTimeout,
        probePeriod,
        SemanticCacheConfig.off(),
        List.of());
  }

  /** Off-heap megabytes for the entries themselves: what the semantic index, when on, does not take. */
  public int entryMemoryMb() {
    return semantic.enabled() ? maxMemoryMb - semantic.maxMemoryMb() : maxMemoryMb;
  }

  /** The defaults: on, in memory. */
  public static CacheConfig defaults() {
    return new CacheConfig(
        true,
        Backend.MEMORY,
        DEFAULT_TTL,
        DEFAULT_MAX_TTL,
        DEFAULT_MAX_SIZE,
        DEFAULT_MAX_MEMORY_MB,
        DEFAULT_MAX_ENTRY_SIZE,
        DEFAULT_CLEANUP_PERIOD,
        false,
        Scope.SHARED,
        Optional.empty(),
        new Secret(""),
        Optional.empty(),
        DEFAULT_REDIS_TIMEOUT,
        DEFAULT_PROBE_PERIOD);
  }

  /** The Redis URL with any password replaced by {@code ***}, for logs and the admin API. */
  public String maskedRedisUrl() {
    return redisUrl.value().replaceAll("(?<=://)([^@/]*)@", "***@");
  }
}
