package loom.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers to {@code GET /v1/models} (every provider's models as {@code provider/model} ids) and
 * {@code GET /v1/models/{id}}. A
 * provider's allow-list is used when it has one; otherwise its own model list, kept for a minute. A
 * provider that cannot be asked keeps its last known list (or none) and is logged, rather than failing
 * the whole list; it is asked again only after the same minute, so a dead provider does not make every
 * listing wait for its timeout. Thread-safe.
 */
final class ModelCatalog {
  static final Duration TTL = Duration.ofMinutes(1);
  private static final Logger log = LoggerFactory.getLogger(ModelCatalog.class);

  private record Listing(List<String> models, Instant fetchedAt) {}

  private final List<Provider> providers;
  private final ObjectMapper json;
  private final Clock clock;
  private final Map<String, Listing> listings = new ConcurrentHashMap<>();

  ModelCatalog(List<Provider> providers, ObjectMapper json, Clock clock) {
    this.providers = List.copyOf(providers);
    this.json = json;
    this.clock = clock;
  }

  ObjectNode list() {
    ObjectNode root = json.createObjectNode().put("object", "list");
    ArrayNode data = root.putArray("data");
    for (Provider provider : providers) {
      for (String model : modelsOf(provider)) {
        data.addObject()
            .put("id", provider.id() + "/" + model)
            .put("object", "model")
            .put("created", 0)
            .put("owned_by", provider.id());
      }
    }
    return root;
  }

  /**
   * {@code GET /v1/models/{id}}: the model an id names, as {@code GET /v1/models} lists it ({@code provider/model})
   * or as a call would route a bare name; the id comes back as it was asked for.
   *
   * @throws ProxyException a 404 when no provider serves the model, or the one its provider does not list
   */
  ObjectNode retrieve(String id, Route route) {
    if (!modelsOf(route.provider()).contains(route.upstreamModel())) {
      throw new ProxyException(
          OpenAiError.unknownModel(route.upstreamModel(), route.provider().id()));
    }
    return json.createObjectNode()
        .put("id", id)
        .put("object", "model")
        .put("created", 0)
        .put("owned_by", route.provider().id());
  }

  /** A provider's models: its allow-list, or its own listing (cached; empty when it cannot be asked). */
  List<String> modelsOf(Provider provider) {
    if (provider.config().hasModelAllowList()) {
      return provider.config().models();
    }
    Instant now = clock.instant();
    Listing cached = listings.get(provider.id());
    if (cached != null && cached.fetchedAt().plus(TTL).isAfter(now)) {
      return cached.models();
    }
    try {
      Listing fresh = new Listing(List.copyOf(provider.listModels()), now);
      listings.put(provider.id(), fresh);
      return fresh.models();
    } catch (ProxyException e) {
      log.warn("Model list of provider {} unavailable: {}", provider.id(), e.getMessage());
      Listing kept = new Listing(cached == null ? List.of() : cached.models(), now);
      listings.put(provider.id(), kept);
      return kept.models();
    }
  }
}
