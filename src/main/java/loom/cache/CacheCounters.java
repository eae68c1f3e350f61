package loom.cache;

import java.util.Map;

/**
 * Named counters for the cache statistics (hits, misses, tokens_saved, …). Adding is local and cheap enough
 * for every request. On the Redis backend the counters are shared by every gateway on that Redis:
 * {@link #flush()} pushes what this gateway added. Thread-safe.
 */
public interface CacheCounters {
  /** Adds {@code delta} to the named counter (which starts at 0). Never touches the network. */
  void add(String name, long delta);

  /**
   * The totals by name, sorted. On Redis: the cluster-wide totals as of this gateway's last successful flush,
   * plus what it has added since; never waits for Redis.
   */
  Map<String, Long> snapshot();

  /**
   * Pushes what was added since the last flush to Redis and fetches the cluster-wide totals; when Redis does not
   * answer, keeps the additions to push next time. Does nothing for local counters. Never throws.
   */
  void flush();
}
