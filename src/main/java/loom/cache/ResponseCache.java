package loom.cache;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import javax.cache.Cache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cached answers, through the JCache API only, on whichever backend is active. An operation that fails
 * on Redis is reported to {@link CacheBackends} (which falls back to memory) and retried once on the cache
 * that is active then, so no proxied request fails because Redis did; a stored text that is not a valid
 * entry (another format, garbled) is a miss and is removed. Thread-safe.
 */
final class ResponseCache {
  private static final Logger log = LoggerFactory.getLogger(ResponseCache.class);

  private final CacheBackends backends;

  ResponseCache(CacheBackends backends) {
    this.backends = backends;
  }

  /** The entry under a key when it is there and not expired at {@code now}. */
  Optional<CacheEntry> get(String key, Instant now) {
    String text = call(cache -> cache.get(key));
    if (text == null) {
      return Optional.empty();
    }
    CacheEntry entry;
    try {
      entry = CacheEntry.fromJson(text);
    } catch (IllegalArgumentException e) {
      log.warn("Removing an unreadable cache entry {}: {}", key, e.getMessage());
      remove(key);
      return Optional.empty();
    }
    if (entry.isExpiredAt(now)) {
      remove(key);
      return Optional.empty();
    }
    return Optional.of(entry);
  }

  void put(String key, CacheEntry entry) {
    String text = entry.toJson();
    call(
        cache -> {
          cache.put(key, text);
          return null;
        });
  }

  void remove(String key) {
    call(cache -> cache.remove(key));
  }

  /**
   * Removes (unless {@code dryRun}) the entries whose key and entry match, and counts them. Entries that are
   * not readable match nothing but are removed too, as a miss would. Walks the whole cache.
   */
  long removeMatching(BiPredicate<String, CacheEntry> matches, boolean dryRun) {
    return call(
        cache -> {
          Set<String> matched = new HashSet<>();
          Set<String> unreadable = new HashSet<>();
          for (Cache.Entry<String, String> stored : cache) {
            try {
              if (matches.test(stored.getKey(), CacheEntry.fromJson(stored.getValue()))) {
                matched.add(stored.getKey());
              }
            } catch (IllegalArgumentException e) {
              unreadable.add(stored.getKey());
            }
          }
          long count = matched.size();
          if (!dryRun) {
            matched.addAll(unreadable);
            cache.removeAll(matched);
          }
          return count;
        });
  }

  /** Removes every entry; returns how many there were. */
  long clear() {
    return call(
        cache -> {
          long count = count(cache);
          cache.clear();
          return count;
        });
  }

  /** Entries held now (walks the cache; for statistics, not for the request path). */
  long size() {
    return call(ResponseCache::count);
  }

  /** Every key, for admin operations that filter by key. */
  List<String> keys() {
    return call(
        cache -> {
          List<String> keys = new ArrayList<>();
          cache.forEach(entry -> keys.add(entry.getKey()));
          return keys;
        });
  }

  private static long count(Cache<String, String> cache) {
    long count = 0;
    for (Cache.Entry<String, String> ignored : cache) {
      count++;
    }
    return count;
  }

  private <T> T call(java.util.function.Function<Cache<String, String>, T> operation) {
    Cache<String, String> cache = backends.active();
    try {
      return operation.apply(cache);
    } catch (RuntimeException e) {
      backends.failed(cache, e);
      Cache<String, String> now = backends.active();
      if (now == cache) {
        throw e;
      }
      return operation.apply(now);
    }
  }
}
