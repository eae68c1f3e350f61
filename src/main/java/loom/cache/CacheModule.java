package loom.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Filter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import loom.auth.Caller;
import loom.config.CacheConfig;
import loom.config.Secret;
import loom.config.Units;
import loom.proxy.DirectAnswer;
import loom.proxy.Endpoint;
import loom.proxy.ProxyModule;
import loom.support.AccessDeniedException;
import loom.support.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The response cache assembled from configuration: the backends (Ehcache, or Redisson with a fallback to
 * Ehcache), the filter, statistics, invalidation and the scheduled jobs (Redis probe, shared counters,
 * sweep of expired entries). Created at deploy by the composition root and closed at undeploy.
 */
public final class CacheModule implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CacheModule.class);

  /** Invalidation types of {@code POST /api/v1/cache/invalidate}. */
  public static final List<String> INVALIDATION_TYPES =
      List.of("provider", "model", "age", "pattern");

  private final CacheConfig config;
  private final CacheBackends backends;
  private final ResponseCache cache;
  private final CacheStats stats;
  private final CacheKeys keys;
  private final CacheFilter filter;
  private final ProxyModule proxy;
  private final Clock clock;
  private final SemanticLookup semantic; // null when off

  private CacheModule(
      CacheConfig config,
      CacheBackends backends,
      ResponseCache cache,
      CacheStats stats,
      CacheKeys keys,
      CacheFilter filter,
      ProxyModule proxy,
      Clock clock,
      SemanticLookup semantic) {
    this.config = config;
    this.backends = backends;
    this.cache = cache;
    this.stats = stats;
    this.keys = keys;
    this.filter = filter;
    this.proxy = proxy;
    this.clock = clock;
    this.semantic = semantic;
  }

  /**
   * @param recorder records the calls the cache makes itself (embeddings through a provider) in the request log
   */
  public static CacheModule start(
      CacheConfig config,
      ProxyModule proxy,
      CostOfUsage prices,
      Consumer<DirectAnswer> recorder,
      ClassLoader classLoader,
      String instanceName,
      Clock clock) {
    // A cache that is off still answers its admin API (empty), so it keeps the smallest memory
    // cache instead of reserving the configured off-heap memory or connecting to Redis.
    CacheBackends backends =
        CacheBackends.start(config.enabled() ? config : idle(config), classLoader, instanceName);
    ResponseCache cache = new ResponseCache(backends);
    CacheStats stats = new CacheStats(backends.counters(), prices);
    CacheKeys keys = new CacheKeys();
    SemanticLookup semantic =
        config.enabled() && config.semantic().enabled()
            ? SemanticSetup.start(config, backends, keys, stats, proxy, recorder, clock)
            : null;
    CacheFilter filter =
        new CacheFilter(
            proxy::prepare,
            new CachePolicy(config),
            keys,
            cache,
            new SingleFlight(),
            new CacheReplay(),
            stats,
            config,
            clock,
            semantic);
    log.info(
        "Response cache {}: backend {}, default TTL {} s, scope {}{}{}",
        config.enabled() ? "on" : "off",
        backends.state(),
        config.defaultTtl().toSeconds(),
        config.scope().name().toLowerCase(Locale.ROOT),
        config.onlyDeterministic() ? ", only temperature 0" : "",
        semantic == null
            ? ""
            : ", semantic lookups by "
                + semantic.embedderDescription()
                + " at similarity "
                + config.semantic().threshold());
    return new CacheModule(config, backends, cache, stats, keys, filter, proxy, clock, semantic);
  }

  private static CacheConfig idle(CacheConfig config) {
    return new CacheConfig(
        false,
        CacheConfig.Backend.MEMORY,
        config.defaultTtl(),
        config.maxTtl(),
        1,
        1,
        config.maxEntrySize(),
        config.cleanupPeriod(),
        config.onlyDeterministic(),
        config.scope(),
        Optional.empty(),
        new Secret(""),
        Optional.empty(),
        config.redisTimeout(),
        config.probePeriod());
  }

  /** The filter between the API key and the proxy. */
  public Filter filter() {
    return filter;
  }

  /** "memory", "redis" or "memory-fallback", for the health endpoint. */
  public String backendState() {
    return backends.state();
  }

  /** {@code off}, {@code unavailable} (configured, but the model could not load here) or what embeds. */
  public String semanticState() {
    if (!config.enabled() || !config.semantic().enabled()) {
      return "off";
    }
    return semantic == null ? "unavailable" : semantic.embedderDescription();
  }

  public CacheConfig config() {
    return config;
  }

  /** Statistics (any user may read them: they hold no one's data). */
  public CacheStats.Snapshot stats() {
    return stats.snapshot(
        backends.evictions(),
        cache.size(),
        backends.state(),
        semantic == null ? 0 : semantic.index().size());
  }

  /** Removes every entry; admins only. */
  public long clear(Caller caller) {
    requireAdmin(caller);
    long removed = cache.clear();
    if (semantic != null) {
      semantic.clear();
    }
    log.info("Cache cleared by {}: {} entries removed", caller.userId(), removed);
    return removed;
  }

  /**
   * Removes (or with {@code dryRun} counts) the entries of a provider, of a model, older than an age
   * ({@code 1h}, {@code 30m}, …) or whose key matches a glob ({@code v1:openai:gpt-4o:*}); admins only.
   */
  public Invalidation invalidate(Caller caller, String type, String value, boolean dryRun) {
    requireAdmin(caller);
    if (type == null || !INVALIDATION_TYPES.contains(type)) {
      throw InvalidInputException.of(
          "type", "must be one of " + String.join(", ", INVALIDATION_TYPES));
    }
    if (value == null || value.isBlank()) {
      throw InvalidInputException.of("value", "is required");
    }
    long removed =
        switch (type) {
          case "provider" ->
              cache.removeMatching((key, entry) -> entry.providerId().equals(value), dryRun);
          case "model" -> cache.removeMatching((key, entry) -> entry.model().equals(value), dryRun);
          case "age" -> {
            Instant cutoff = clock.instant().minus(age(value));
            yield cache.removeMatching((key, entry) -> entry.cachedAt().isBefore(cutoff), dryRun);
          }
          default -> {
            Pattern glob = glob(value);
            yield cache.removeMatching((key, entry) -> glob.matcher(key).matches(), dryRun);
          }
        };
    if (!dryRun) {
      log.info(
          "Cache invalidated by {} ({}: {}): {} entries removed",
          caller.userId(),
          type,
          value,
          removed);
    }
    return new Invalidation(removed, type + ": " + value, clock.instant(), dryRun);
  }

  /** What an invalidation removed (or would have, for a dry run). */
  public record Invalidation(long removed, String description, Instant at, boolean dryRun) {}

  /**
   * The key a request body would get, as the live request would (its endpoint's variant, stream or not, and under
   * {@code scope: user} the user's partition), and the canonical text it was computed from; admins only.
   */
  public Explanation explain(Caller caller, ObjectNode request) {
    requireAdmin(caller);
    ObjectNode body = request.deepCopy();
    String provider = textField(body.remove("provider"), "provider");
    String namespace = textField(body.remove("namespace"), "namespace");
    String path = textField(body.remove("endpoint"), "endpoint");
    Endpoint endpoint =
        path == null
            ? Endpoint.CHAT_COMPLETIONS
            : Endpoint.cachedAt(path)
                .orElseThrow(
                    () ->
                        InvalidInputException.of(
                            "endpoint",
                            "must be a path whose answers are cached: /chat/completions,"
                                + " /completions, /embeddings, /responses or /messages"));
    String userId = textField(body.remove("user_id"), "user_id");
    if (namespace != null && !CacheKeys.isValidNamespace(namespace)) {
      throw InvalidInputException.of(
          "namespace", "must be 1 to 64 letters, digits, '.', '_' or '-'");
    }
    String model = textField(body.get("model"), "model");
    if (model == null || model.isBlank()) {
      throw InvalidInputException.of("model", "is required");
    }
    ProxyModule.Destination destination = proxy.destinationOf(model.trim(), provider, endpoint);
    CacheKey key =
        keyFor(
            destination.providerId(),
            destination.upstreamModel(),
            body,
            namespace,
            userId == null ? caller.userId() : userId,
            endpoint,
            body.path("stream").asBoolean(false));
    boolean cached = cache.get(key.value(), clock.instant()).isPresent();
    return new Explanation(key.value(), key.canonical(), CacheKeys.EXCLUDED_FIELDS, cached);
  }

  /** A key and how it was made. */
  public record Explanation(
      String key, String canonical, List<String> excludedFields, boolean cached) {}

  // Cache warming's door into the cache (loom.cache.warming) ---

  /**
   * The key a live request would get (as {@link CacheFilter} computes it): for {@code cache.scope: user} in the
   * partition of {@code userId}, otherwise shared whoever is named.
   *
   * @throws IllegalArgumentException when the body has no stable key or the namespace is malformed
   */
  public CacheKey keyFor(
      String providerId,
      String upstreamModel,
      ObjectNode body,
      String namespace,
      String userId,
      Endpoint endpoint,
      boolean stream) {
    return keys.key(
        providerId,
        upstreamModel,
        body,
        namespace,
        config.scope() == CacheConfig.Scope.USER ? CacheKeys.userPartition(userId) : null,
        CacheKeys.variantOf(endpoint, stream));
  }

  /**
   * Why a live request with this body would never be answered from the cache (so warming it is useless), or empty
   * when it would be: the cache is off, the endpoint's answers are not cached, a background response, or
   * {@code only_deterministic} and a temperature other than 0.
   */
  public Optional<String> whyNotCacheable(Endpoint endpoint, ObjectNode body) {
    if (!config.enabled()) {
      return Optional.of("the cache is off (cache.enabled: false)");
    }
    if (!endpoint.cacheable()) {
      return Optional.of(endpoint.path() + " answers are never cached");
    }
    if (body.path("background").asBoolean(false)) {
      return Optional.of("a background response is fetched by id, never from the cache");
    }
    if (new CachePolicy(config).decide("", null, null, endpoint, body).bypass()) {
      return Optional.of("cache.only_deterministic is on and the request's temperature is not 0");
    }
    return Optional.empty();
  }

  /** Whether an entry is stored (and not expired) under the key. */
  public boolean isCached(String key) {
    return cache.get(key, clock.instant()).isPresent();
  }

  /**
   * Stores an entry that cache warming made, marked {@code warmed}: the one place a warmed entry is handed to the
   * cache. With the semantic cache on, the request's question is remembered too, so paraphrases of it hit.
   *
   * @param key from {@link #keyFor} with the same request
   */
  public void storeWarmed(
      CacheKey key,
      CacheEntry entry,
      Endpoint endpoint,
      ObjectNode body,
      String namespace,
      String userId,
      boolean stream) {
    CacheEntry warmed = entry.asWarmed();
    cache.put(key.value(), warmed);
    stats.warmedStored();
    if (semantic != null && endpoint.semanticCacheable()) {
      semantic
          .probe(
              endpoint,
              warmed.providerId(),
              warmed.model(),
              body,
              namespace,
              config.scope() == CacheConfig.Scope.USER ? CacheKeys.userPartition(userId) : null,
              CacheKeys.variantOf(endpoint, stream))
          .ifPresent(probe -> semantic.remember(probe, key.value(), warmed.expiresAt()));
    }
  }

  /** Removes a user's own entries (only {@code scope: user} has any); returns how many. */
  public long eraseUser(String userId) {
    if (config.scope() != CacheConfig.Scope.USER) {
      return 0;
    }
    String partition = ":" + CacheKeys.userPartition(userId) + ":";
    if (semantic != null) {
      semantic.removeIf(question -> question.key().contains(partition));
    }
    return cache.removeMatching((key, entry) -> key.contains(partition), false);
  }

  // Scheduled jobs ---

  /** Re-attaches Redis after a fallback once it answers again. */
  public void probe() {
    backends.probe();
  }

  /** Pushes this gateway's counts to the shared counters. */
  public void flushCounters() {
    backends.counters().flush();
  }

  /** Removes expired entries (their TTL may be shorter than the cache's own expiry). */
  public void sweepExpired() {
    Instant now = clock.instant();
    long removed = cache.removeMatching((key, entry) -> entry.isExpiredAt(now), false);
    if (removed > 0) {
      log.debug("Cache sweep removed {} expired entries", removed);
    }
  }

  @Override
  public void close() {
    try {
      if (semantic != null) {
        semantic.close();
      }
    } finally {
      backends.close();
    }
  }

  private static void requireAdmin(Caller caller) {
    if (!caller.isAdmin()) {
      throw new AccessDeniedException("Only an admin may change or inspect the cache this way.");
    }
  }

  private static Duration age(String value) {
    try {
      Duration age = Units.parseDuration(value.trim());
      if (!age.isNegative() && !age.isZero()) {
        return age;
      }
    } catch (IllegalArgumentException | ArithmeticException e) {
      // answered below
    }
    throw InvalidInputException.of(
        "value", "an age must be a duration like 30s, 15m, 1h or 7d; got '" + value + "'");
  }

  /** A glob on the whole key: {@code *} any run of characters, {@code ?} one; everything else literal. */
  static Pattern glob(String glob) {
    if (glob.length() > 512) {
      throw InvalidInputException.of("value", "a pattern may be at most 512 characters");
    }
    if (glob.chars().anyMatch(c -> c <= ' ' || Character.isISOControl(c))) {
      throw InvalidInputException.of(
          "value", "a key pattern has no spaces or control characters (keys have none)");
    }
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    try {
      return Pattern.compile(regex.toString(), Pattern.DOTALL);
    } catch (PatternSyntaxException e) {
      throw InvalidInputException.of("value", "not a usable pattern: " + e.getDescription());
    }
  }

  private static String textField(JsonNode node, String name) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw InvalidInputException.of(name, "must be a string");
    }
    return node.asText();
  }
}
