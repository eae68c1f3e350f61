package loom.proxy;

import java.util.Optional;

/**
 * What the gateway nodes sharing a store know of the Responses API responses they relayed: where each one lives and
 * whose it is (from the request log), and which background responses have been priced. Thread-safe.
 */
public interface StoredResponses {
  /** A response the gateway relayed: the provider that has it, the user who made it, whether it ran in the background. */
  record Origin(String providerId, String userId, boolean background) {}

  /** The origin of a response some node relayed and logged, if any did. */
  Optional<Origin> origin(String responseId);

  /** True for exactly one caller per response id across every node sharing the store: the one that prices it. */
  boolean claimPricing(String responseId);

  /** Nothing shared: what one gateway remembers in memory is all there is (for tests, and without a store). */
  static StoredResponses none() {
    java.util.Set<String> claimed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    return new StoredResponses() {
      @Override
      public Optional<Origin> origin(String responseId) {
        return Optional.empty();
      }

      @Override
      public boolean claimPricing(String responseId) {
        return claimed.add(responseId);
      }
    };
  }
}
