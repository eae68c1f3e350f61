package loom.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers what the store said about a key hash (the caller, or that there is none) for a fixed time,
 * so the request path does not ask the store on every request. Bounded: when full it drops expired
 * entries, then the oldest. An eviction also wins over a lookup that was in flight while it happened.
 * When an answer has expired, one request asks the store again while the others go on with the last answer;
 * when the store fails, the last answer is kept (and the store asked again {@link #RETRY_AFTER_FAILURE} later),
 * so a store outage fails no request of a key looked up before it (DESIGN §11). Thread-safe.
 */
final class KeyCache {
  static final int DEFAULT_MAX_ENTRIES = 10_000;

  /** How long the last answer is used without asking the store again after the store failed to answer. */
  static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(KeyCache.class);

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong evictions = new AtomicLong();
  private final ReentrantLock trimming = new ReentrantLock();
  private final Clock clock;
  private final long ttlMillis;
  private final int maxEntries;

  KeyCache(Clock clock, Duration ttl, int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive, got " + maxEntries);
    }
    this.clock = clock;
    this.ttlMillis = ttl.toMillis();
    this.maxEntries = maxEntries;
  }

  /**
   * The cached answer for the hash while it is fresh, else the loader's answer, which is then cached. An
   * expired answer is still used while another request is asking the loader, and when the loader throws (the
   * store is down); without any answer to fall back on, the loader's exception is thrown.
   */
  Optional<Caller> get(String keyHash, Function<String, Optional<Caller>> loader) {
    long now = clock.millis();
    Entry cached = entries.get(keyHash);
    if (cached != null && now < cached.expiresAt()) {
      return Optional.ofNullable(cached.caller());
    }
    if (cached != null && !cached.refreshing().compareAndSet(false, true)) {
      return Optional.ofNullable(cached.caller());
    }
    long evictionsBefore = evictions.get();
    Optional<Caller> loaded;
    try {
      loaded = loader.apply(keyHash);
    } catch (RuntimeException e) {
      // Only our own expired entry, still in place (not evicted or replaced meanwhile), is worth
      // falling back on.
      if (cached == null
          || !entries.replace(
              keyHash,
              cached,
              new Entry(cached.caller(), clock.millis() + RETRY_AFTER_FAILURE.toMillis()))) {
        throw e;
      }
      log.warn(
          "Cannot look up an API key ({}); using what the store said {} ms ago",
          e.toString(),
          now - cached.expiresAt() + ttlMillis);
      return Optional.ofNullable(cached.caller());
    }
    if (ttlMillis > 0) {
      Entry entry = new Entry(loaded.orElse(null), now + ttlMillis);
      if (entries.size() >= maxEntries) {
        trim(now);
      }
      entries.put(keyHash, entry);
      // The store may have answered before a revocation that evicted in the meantime: don't keep
      // that answer.
      if (evictions.get() != evictionsBefore) {
        entries.remove(keyHash, entry);
      }
    }
    return loaded;
  }

  void evictKey(String keyId) {
    evict(caller -> caller.keyId().equals(keyId));
  }

  void evictUser(String userId) {
    evict(caller -> caller.userId().equals(userId));
  }

  void evictTeam(String teamId) {
    evict(caller -> teamId.equals(caller.teamId()));
  }

  int size() {
    return entries.size();
  }

  private void evict(Predicate<Caller> matches) {
    evictions.incrementAndGet();
    entries.values().removeIf(entry -> entry.caller() != null && matches.test(entry.caller()));
  }

  /** Drops expired entries, then the ones expiring soonest, until a tenth of the room is free again. */
  private void trim(long now) {
    if (!trimming.tryLock()) {
      return;
    }
    try {
      entries.values().removeIf(entry -> entry.expiresAt() <= now);
      int target = maxEntries - Math.max(1, maxEntries / 10);
      int excess = entries.size() - target;
      if (excess > 0) {
        entries.entrySet().stream()
            .sorted(Comparator.comparingLong(e -> e.getValue().expiresAt()))
            .limit(excess)
            .toList()
            .forEach(e -> entries.remove(e.getKey(), e.getValue()));
      }
    } finally {
      trimming.unlock();
    }
  }

  /**
   * A cached answer; {@code caller} is null for a key the store does not know or that is revoked.
   * {@code refreshing} is set by the one request that asks the store again once it has expired.
   */
  private record Entry(Caller caller, long expiresAt, AtomicBoolean refreshing) {
    Entry(Caller caller, long expiresAt) {
      this(caller, expiresAt, new AtomicBoolean());
    }
  }
}
