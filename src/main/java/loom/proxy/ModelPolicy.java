package loom.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import loom.auth.KeyPolicy;

/**
 * Which models a key may call ({@link KeyPolicy#allowedModels()}): each entry a model name, allowed on every
 * provider, or {@code provider/model}; no entries, any model. Decided on where a call resolves to (the provider and
 * the model as that provider knows it), so {@code openai/gpt-4o} and {@code gpt-4o} routed to openai are the same
 * call. A model name may itself hold a slash ({@code meta-llama/Llama-3}): an entry matches either way. Stateless.
 */
final class ModelPolicy {
  private ModelPolicy() {}

  /** Whether {@code policy} lets its key call {@code upstreamModel} on {@code providerId}. */
  static boolean allows(KeyPolicy policy, String providerId, String upstreamModel) {
    List<String> allowed = policy.allowedModels();
    if (allowed.isEmpty()) {
      return true;
    }
    for (String entry : allowed) {
      if (entry.equals(upstreamModel) || isProviderAndModel(entry, providerId, upstreamModel)) {
        return true;
      }
    }
    return false;
  }

  /** Refuses (403, {@code model_not_allowed}) a call of {@code model}, as the client named it, that resolves elsewhere. */
  static void require(KeyPolicy policy, Route route, String model) {
    if (!allows(policy, route.provider().id(), route.upstreamModel())) {
      throw new ProxyException(OpenAiError.modelNotAllowed(model, policy.allowedModels()));
    }
  }

  /** A {@code GET /v1/models} listing with only the models {@code policy} allows (the listing is not changed). */
  static ObjectNode filter(ObjectNode listing, KeyPolicy policy) {
    if (policy.allowedModels().isEmpty()) {
      return listing;
    }
    ObjectNode filtered = listing.deepCopy();
    ArrayNode data = filtered.putArray("data");
    for (JsonNode model : listing.path("data")) {
      String provider = model.path("owned_by").asText();
      String id = model.path("id").asText();
      String name = id.startsWith(provider + "/") ? id.substring(provider.length() + 1) : id;
      if (allows(policy, provider, name)) {
        data.add(model);
      }
    }
    return filtered;
  }

  private static boolean isProviderAndModel(String entry, String providerId, String model) {
    return entry.length() == providerId.length() + 1 + model.length()
        && entry.startsWith(providerId)
        && entry.charAt(providerId.length()) == '/'
        && entry.endsWith(model);
  }
}
