package loom.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * What one Responses API call does with the response objects it relays: remembers where a new response lives, and
 * decides whether a response's usage is this call's to price. A response made by {@code POST /responses} is priced
 * by that call; one run in the background is priced exactly once, by whichever call (a poll, a stream, a cancel, on
 * any node) first sees it finished; retrieving a response is never priced again.
 */
final class ResponseTracking {
  /** OpenAI's ids are about 50 characters; anything much longer is not one. */
  static final int MAX_ID_LENGTH = 256;

  private static final Set<String> FINISHED =
      Set.of("completed", "incomplete", "failed", "cancelled");

  private final ResponseRoutes routes;
  private final String providerId;
  private final String userId;
  private final boolean creates;
  private final boolean knownBackground;

  /**
   * @param creates whether the call creates the response ({@code POST /responses}) rather than asks about one
   * @param knownBackground whether the request or the response's origin says it runs in the background
   */
  ResponseTracking(
      ResponseRoutes routes,
      String providerId,
      String userId,
      boolean creates,
      boolean knownBackground) {
    this.routes = routes;
    this.providerId = providerId;
    this.userId = userId;
    this.creates = creates;
    this.knownBackground = knownBackground;
  }

  /** Reads one response object: a whole answer, or the {@code response} of a stream event. */
  void seen(JsonNode response, ProxyOutcome outcome) {
    String id = response.path("id").asText("");
    if (id.length() > MAX_ID_LENGTH) {
      // Not an id a provider makes; kept out of the log and of memory.
      id = "";
    }
    boolean background = knownBackground || response.path("background").asBoolean(false);
    outcome.background(background);
    if (!id.isEmpty()) {
      outcome.responseId(id);
      if (creates) {
        routes.remember(id, new StoredResponses.Origin(providerId, userId, background));
      }
    }
    if (response.path("model").isTextual()) {
      outcome.answeredModel(response.path("model").asText());
    }
    JsonNode usage = response.get("usage");
    boolean finished = FINISHED.contains(response.path("status").asText(""));
    if (background) {
      boolean pricedHere =
          finished && usage != null && usage.isObject() && !id.isEmpty() && routes.claimPricing(id);
      outcome.usage(pricedHere ? Usage.fromResponses(usage) : Usage.NO_TOKENS);
    } else if (creates) {
      outcome.usage(Usage.fromResponses(usage));
    } else {
      outcome.usage(Usage.NO_TOKENS);
    }
  }
}
