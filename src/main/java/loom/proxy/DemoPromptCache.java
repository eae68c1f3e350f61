package loom.proxy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's imitation of a provider's prompt cache: the fingerprints of the prompt prefixes it has seen (see
 * {@link DemoTranscript#prefixFingerprints()}), the least recently used dropped beyond a bound. It holds no
 * content, only fingerprints, and nothing expires by time. Thread-safe.
 */
final class DemoPromptCache {
  static final int DEFAULT_MAX_ENTRIES = 10_000;

  private final Map<String, Boolean> seen;

  DemoPromptCache(int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1: " + maxEntries);
    }
    this.seen =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > maxEntries;
          }
        };
  }

  /**
   * The length of the longest prefix, of at most {@code end} pieces, that was seen before (0 if none), looking
   * back from {@code end} as a provider does from a cache breakpoint. A hit counts as a use.
   *
   * @param fingerprints the fingerprints of every prefix, element {@code i} for the first {@code i} pieces
   */
  synchronized int longestSeen(List<String> fingerprints, int end) {
    for (int length = end; length > 0; length--) {
      if (seen.get(fingerprints.get(length)) != null) {
        return length;
      }
    }
    return 0;
  }

  /** Records a prefix as seen (cached), making it the most recently used. */
  synchronized void remember(String fingerprint) {
    seen.put(fingerprint, Boolean.TRUE);
  }

  synchronized int size() {
    return seen.size();
  }
}
