package loom.auth;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last-used times of keys that are not written to the store yet. Recording is a map update, so the
 * request path never writes; a key used again before the next flush only moves its pending time.
 * Thread-safe.
 */
final class KeyUsage {
  private final Map<String, Instant> pending = new ConcurrentHashMap<>();

  void record(String keyId, Instant at) {
    pending.merge(keyId, at, (earlier, later) -> later.isAfter(earlier) ? later : earlier);
  }

  /** A copy of what is pending; pass it to {@link #written} once it is stored. */
  Map<String, Instant> pending() {
    return Map.copyOf(pending);
  }

  /** Forgets what was written, except keys used again since (their newer time stays pending). */
  void written(Map<String, Instant> written) {
    written.forEach(pending::remove);
  }
}
