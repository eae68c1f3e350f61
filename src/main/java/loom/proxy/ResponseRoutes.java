package loom.proxy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Where each stored Responses API response lives, so calls about it ({@code GET /responses/{id}}, its input items,
 * cancel, delete, a {@code previous_response_id}) go to the provider that created it, and whose it is. Responses
 * this node relayed are remembered in memory (the most recent {@value #REMEMBERED}); others are looked up in what
 * the gateway nodes sharing the store logged. Thread-safe.
 */
final class ResponseRoutes {
  static final int REMEMBERED = 20_000;

  /** A response the gateway relayed: the provider that has it, the user who created it, and whether it ran in the background. */
  record Origin(String providerId, String userId, boolean background) {}

  private final Map<String, Origin> recent = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Origin> eldest) {
      return size() > REMEMBERED;
    }
  };
  private final Function<String, Optional<Origin>> logged;
  private final Predicate<String> claimPricing;

  /**
   * @param logged the origin of a response another node (or this one before a restart) relayed, from the request log
   * @param claimPricing true for exactly one caller per response id across all nodes: the one that prices it
   */
  ResponseRoutes(Function<String, Optional<Origin>> logged, Predicate<String> claimPricing) {
    this.logged = logged;
    this.claimPricing = claimPricing;
  }

  /** Nothing logged and no claims kept: for a gateway without a shared store (and for tests). */
  static ResponseRoutes inMemory() {
    java.util.Set<String> claimed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    return new ResponseRoutes(id -> Optional.empty(), claimed::add);
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
    return known != null ? Optional.of(known) : logged.apply(responseId);
  }

  /**
   * Whether this call is the one that prices a background response: true once per response id, whichever node and
   * whichever call (a poll, a stream) first sees it finished.
   */
  boolean claimPricing(String responseId) {
    return claimPricing.test(responseId);
  }
}
