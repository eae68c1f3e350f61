package loom.proxy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import loom.proxy.StoredResponses.Origin;

/**
 * Where each stored Responses API response lives, so calls about it ({@code GET /responses/{id}}, its input items,
 * cancel, delete, a {@code previous_response_id}) go to the provider that created it, and whose it is. Responses
 * this node relayed are remembered in memory (the most recent {@value #REMEMBERED}); others are looked up in what
 * the gateway nodes sharing the store logged. Thread-safe.
 */
final class ResponseRoutes {
  static final int REMEMBERED = 20_000;

  private final Map<String, Origin> recent =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Origin> eldest) {
          return size() > REMEMBERED;
        }
      };
  private final StoredResponses stored;

  /** @param stored what every node sharing the store logged: responses relayed elsewhere, pricing claims */
  ResponseRoutes(StoredResponses stored) {
    this.stored = stored;
  }

  /** Nothing shared: for tests. */
  static ResponseRoutes inMemory() {
    return new ResponseRoutes(StoredResponses.none());
  }

  void remember(String responseId, Origin origin) {
    synchronized (recent) {
      recent.putIfAbsent(responseId, origin);
    }
  }

  Optional<Origin> find(String responseId) {
    Origin known;
    synchronized (recent) {
      known = recent.get(responseId);
    }
    return known != null ? Optional.of(known) : stored.origin(responseId);
  }

  /**
   * Whether this call is the one that prices a background response: true once per response id, whichever node and
   * whichever call (a poll, a stream) first sees it finished.
   */
  boolean claimPricing(String responseId) {
    return stored.claimPricing(responseId);
  }
}
