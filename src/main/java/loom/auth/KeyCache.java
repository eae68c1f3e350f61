package loom.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Remembers what the store said about a key hash (the caller, or that there is none) for a fixed time,
 * so the request path does not ask the store on every request. Bounded: when full it drops expired
 * entries, then the oldest. An eviction also wins over a lookup that was in flight while it happened.
 * Thread-safe.
 */
final class KeyCache {
  static final int DEFAULT_MAX_ENTRIES = 10_000;

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

  /** The cached answer for the hash while it is fresh, else the loader's answer, which is then cached. */
  Optional<Caller> get(String keyHash, Function<String, Optional<Caller>> loader) {
    long now = clock.millis();
    Entry cached = entries.get(keyHash);
    if (cached != null && now < cached.expiresAt()) {
      return Optional.ofNullable(cached.caller());
    }
    long evictionsBefore = evictions.get();
    Optional<Caller> loaded = loader.apply(keyHash);
    if (ttlMillis > 0) {
      Entry entry = new Entry(loaded.orElse(null), now + ttlMillis);
      if (entries.size() >= maxEntries) {
        trim(now);
      }
      entries.put(keyHash, entry);
      // The store may have answered before a revocation that evicted in the meantime: don't keep that answer.
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

  /** A cached answer; {@code caller} is null for a key the store does not know or that is revoked. */
  private record Entry(Caller caller, long expiresAt) {
  }
}
